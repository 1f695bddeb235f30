package cpp

import "github.com/l4idl/l4idl/parser/diag"

// cond is an open #if, #ifdef or #ifndef of a file.
type cond struct {
	pos          diag.Pos // the '#' of the opening directive
	name         string   // "#if", "#ifdef" or "#ifndef", for messages
	parentActive bool     // the group around the conditional is active
	taken        bool     // a branch has been chosen (later ones are skipped)
	active       bool     // the current branch is active
	sawElse      bool
	elsePos      diag.Pos
}

// conditional carries out #if, #ifdef, #ifndef, #elif, #elifdef,
// #elifndef, #else and #endif. When active is false the directive is in a
// skipped group: other words are ignored and nothing is evaluated.
func (p *preprocessor) conditional(f *frame, hash Token, kw string, args []Token, active bool) {
	switch kw {
	case "if", "ifdef", "ifndef":
		c := cond{pos: hash.Pos, name: "#" + kw, parentActive: active, taken: true}
		if active {
			c.active = p.condValue(hash, kw, args)
			c.taken = c.active
		}
		f.conds = append(f.conds, c)
	case "elif", "elifdef", "elifndef":
		if len(f.conds) == 0 {
			p.errs.Errorf(hash.Pos, "#%s without #if", kw)
			return
		}
		c := &f.conds[len(f.conds)-1]
		if c.sawElse {
			if c.parentActive {
				p.errs.Errorf(hash.Pos, "#%s after #else", kw)
				p.errs.Notef(c.elsePos, "the #else was here")
			}
			c.active = false
			return
		}
		if len(f.conds) == 1 {
			f.guard.phase = guardNone
		}
		if !c.parentActive || c.taken {
			c.active = false
			return
		}
		c.active = p.condValue(hash, kw, args)
		c.taken = c.active
	case "else":
		if len(f.conds) == 0 {
			p.errs.Errorf(hash.Pos, "#else without #if")
			return
		}
		c := &f.conds[len(f.conds)-1]
		if c.sawElse {
			if c.parentActive {
				p.errs.Errorf(hash.Pos, "#else after #else")
				p.errs.Notef(c.elsePos, "the first #else was here")
			}
			c.active = false
			return
		}
		if len(f.conds) == 1 {
			f.guard.phase = guardNone
		}
		c.sawElse, c.elsePos = true, hash.Pos
		c.active = c.parentActive && !c.taken
		c.taken = true
		if c.parentActive {
			p.extraTokens(args, "#else")
		}
	case "endif":
		if len(f.conds) == 0 {
			p.errs.Errorf(hash.Pos, "#endif without #if")
			return
		}
		c := f.conds[len(f.conds)-1]
		f.conds = f.conds[:len(f.conds)-1]
		if c.parentActive {
			p.extraTokens(args, "#endif")
		}
		if len(f.conds) == 0 && f.guard.phase == guardOpen {
			f.guard.phase = guardClosed
		}
	}
}

// condValue evaluates the condition of an active #if, #ifdef, #ifndef,
// #elif, #elifdef or #elifndef.
func (p *preprocessor) condValue(hash Token, kw string, args []Token) bool {
	switch kw {
	case "if", "elif":
		if len(args) == 0 {
			p.errs.Errorf(hash.Pos, "#%s with no expression", kw)
			return false
		}
		end := endPos(args[len(args)-1])
		n := p.errs.ErrorCount()
		toks := p.expandLine(args, true, end)
		if p.errs.ErrorCount() > n {
			return false // a bad defined or macro invocation, reported
		}
		v, ok := evalExpr(toks, p.errs, "#"+kw, false, end)
		return ok && v.v != 0
	}
	name, ok := p.macroNameArg(hash, "#"+kw, args)
	if !ok {
		return false
	}
	p.extraTokens(args[1:], "#"+kw)
	defined := p.macros[name.Text] != nil
	if kw == "ifndef" || kw == "elifndef" {
		return !defined
	}
	return defined
}

// directive notes a directive at the top level of a file for include
// guard detection: the first one must open the guard.
func (g *guardState) directive(kw string, args []Token) {
	if g.phase != guardStart {
		g.phase = guardNone
		return
	}
	g.phase = guardNone
	var name Token
	switch {
	case kw == "ifndef" && len(args) == 1:
		name = args[0]
	case kw == "if" && len(args) == 3 && isPunct(args[0], "!") && args[1].Text == "defined":
		name = args[2]
	case kw == "if" && len(args) == 5 && isPunct(args[0], "!") && args[1].Text == "defined" &&
		isPunct(args[2], "(") && isPunct(args[4], ")"):
		name = args[3]
	default:
		return
	}
	if name.Kind == Ident {
		g.phase, g.name = guardOpen, name.Text
	}
}

// endPos is the position just after t (when t is on one line).
func endPos(t Token) diag.Pos {
	p := t.Pos
	p.Offset += len(t.Text)
	p.Column += len(t.Text)
	return p
}
