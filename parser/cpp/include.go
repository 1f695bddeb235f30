package cpp

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
)

// Include limits: how deeply #include may nest, and how much input a run
// may read through #include in all (headers without guards that include
// each other several times multiply; this keeps such input from running
// for hours).
const (
	maxIncludeDepth = 64
	maxIncludedToks = 1 << 20
	maxIncludes     = 1 << 16
)

// include carries out #include, #include_next and #import (#include that
// also marks the file as included once).
func (p *preprocessor) include(f *frame, hash Token, kw string, args []Token) {
	name, angle, ok := p.includeName(hash, kw, args)
	if !ok {
		return
	}
	path, fd, dirIdx, ok := p.findInclude(f, hash, name, angle, kw == "include_next")
	if !ok {
		return
	}
	key := p.key(path)
	if p.once[key] {
		return
	}
	if g := p.guards[key]; g != "" && p.macros[g] != nil {
		return // guarded and already included: it would yield nothing
	}
	for i, fr := range p.stack {
		if fr.key != key {
			continue
		}
		if fr.guard.phase == guardOpen && p.macros[fr.guard.name] != nil {
			break // its guard stops the recursion
		}
		chain := make([]string, 0, len(p.stack)-i+1)
		for _, g := range p.stack[i:] {
			chain = append(chain, g.fd.name)
		}
		chain = append(chain, path)
		p.errs.Errorf(hash.Pos, "#include cycle: %s", strings.Join(chain, " -> "))
		return
	}
	if len(p.stack) > maxIncludeDepth {
		p.errs.Errorf(hash.Pos, "#include nested too deeply (more than %d levels)", maxIncludeDepth)
		return
	}
	p.includes++
	p.includedToks += len(fd.toks)
	if p.includes > maxIncludes || p.includedToks > maxIncludedToks {
		if !p.tooMuchInput {
			p.errs.Errorf(hash.Pos, "too much input through #include (more than %d files or %d tokens); further includes skipped", maxIncludes, maxIncludedToks)
			p.tooMuchInput = true
		}
		return
	}
	if kw == "import" {
		p.once[key] = true
	}
	p.pushFile(fd, key, dirIdx)
}

// includeName reads the operand of #include: "name", <name>, or macros
// that expand to one of those.
func (p *preprocessor) includeName(hash Token, kw string, args []Token) (name string, angle, ok bool) {
	directive := "#" + kw
	var rest []Token
	switch {
	case len(args) == 0:
		p.errs.Errorf(hash.Pos, "%s expects \"FILENAME\" or <FILENAME>", directive)
		return "", false, false
	case args[0].Kind == String && args[0].Text[0] == '"':
		name, rest = args[0].Text, args[1:]
	case args[0].Kind == Header:
		name, rest, angle = args[0].Text, args[1:], true
	default:
		toks := p.expandLine(args, false, hash.Pos)
		switch {
		case len(toks) > 0 && toks[0].Kind == String && toks[0].Text[0] == '"':
			name = toks[0].Text
			if len(toks) > 1 {
				rest = []Token{toks[1].Token}
			}
		case len(toks) > 0 && isPunct(toks[0].Token, "<"):
			var b strings.Builder
			i := 0
			for ; i < len(toks) && !isPunct(toks[i].Token, ">"); i++ {
				if i > 1 && (toks[i].Space || toks[i].BOL) {
					b.WriteByte(' ')
				}
				b.WriteString(toks[i].Text)
			}
			if i == len(toks) {
				p.errs.Errorf(toks[0].Pos, "missing terminating > character")
				return "", false, false
			}
			b.WriteByte('>')
			name, angle = b.String(), true
			if i+1 < len(toks) {
				rest = []Token{toks[i+1].Token}
			}
		default:
			p.errs.Errorf(args[0].Pos, "%s expects \"FILENAME\" or <FILENAME>", directive)
			return "", false, false
		}
	}
	if len(name) < 2 || !angle && name[len(name)-1] != '"' || angle && name[len(name)-1] != '>' {
		return "", false, false // the lexer reported the unterminated literal
	}
	name = name[1 : len(name)-1]
	if name == "" {
		p.errs.Errorf(hash.Pos, "empty filename in %s", directive)
		return "", false, false
	}
	p.extraTokens(rest, directive)
	return name, angle, true
}

// findInclude looks name up in the folder of the including file, then in
// each include directory (for #include_next: in the include directories
// after the one where the including file was found). It returns the path
// as found and the file's tokens.
func (p *preprocessor) findInclude(f *frame, hash Token, name string, angle, next bool) (path string, fd *fileData, dirIdx int, ok bool) {
	type candidate struct {
		path string
		idx  int
		dir  string // the directory searched ("" for an absolute name)
	}
	var cands []candidate
	switch {
	case filepath.IsAbs(name):
		cands = append(cands, candidate{name, -1, ""})
	case next && f.dirIdx >= 0:
		for i := f.dirIdx + 1; i < len(p.opts.IncludeDirs); i++ {
			dir := p.opts.IncludeDirs[i]
			cands = append(cands, candidate{filepath.Join(dir, name), i, dir})
		}
	default:
		dir := filepath.Dir(f.fd.name)
		cands = append(cands, candidate{filepath.Join(dir, name), -1, dir})
		for i, dir := range p.opts.IncludeDirs {
			cands = append(cands, candidate{filepath.Join(dir, name), i, dir})
		}
	}
	var readErr error
	for _, c := range cands {
		if fd := p.cache[c.path]; fd != nil {
			return c.path, fd, c.idx, true
		}
		src, err := p.opts.readFile(c.path)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && readErr == nil {
				readErr = err
			}
			continue
		}
		return c.path, p.loadFile(c.path, src), c.idx, true
	}
	spelled := `"` + name + `"`
	if angle {
		spelled = "<" + name + ">"
	}
	if readErr != nil {
		p.errs.Errorf(hash.Pos, "cannot read include file %s: %v", spelled, readErr)
	} else {
		var dirs []string
		for _, c := range cands {
			if c.dir != "" {
				dirs = append(dirs, c.dir)
			}
		}
		searched := ""
		if len(dirs) > 0 {
			searched = " (searched: " + strings.Join(dirs, ", ") + ")"
		}
		p.errs.Errorf(hash.Pos, "cannot find include file %s%s", spelled, searched)
	}
	return "", nil, 0, false
}
