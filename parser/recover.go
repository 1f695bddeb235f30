package parser

import (
	"errors"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/l4idl/l4idl/parser/cpp"
)

// Recovery from syntax errors
//
// A syntax error inside a definition (a module or interface header, a
// constant, a typedef, an operation, ...) is reported, the definition is
// dropped, and the parser skips tokens to a point where the next
// definition can start:
//
//   - the ";" that ends the broken definition: the first ";" at or after
//     the error that is outside the braces the definition opened and
//     outside its parentheses and brackets (the ";" that is itself the
//     unexpected token counts even inside parentheses: "f(in long a;");
//   - the "}" that closes the body the definition is in (left for the
//     body), when the definition is inside one;
//   - a word that starts a definition and cannot be part of the broken
//     one (module, interface, typedef, const, ...), outside its braces
//     and parentheses, at or after the error; struct, union and enum
//     count only when they are the unexpected token themselves;
//   - the end of the file.
//
// One error is common enough to be repaired instead: a definition whose
// ";" is missing at the end of a line ("typedef long t" followed by
// "interface i ..."). When the parser expected ";" and found, at the
// start of a later line and outside all brackets, a word or "[" that can
// start the next definition, it inserts the ";" and parses the definition
// again, so it is kept.
//
// Errors inside a module or interface body are recovered from in that
// body, so a broken operation never costs its interface. Recovery always
// moves past at least one token, so it cannot loop. Every name written
// in the skipped text goes to File.Dropped: the checker keeps quiet when
// such a name is undefined, since the dropped text may have declared it.

// syncWords start definitions and never occur inside another one.
var syncWords = map[string]bool{
	"module": true, "library": true, "interface": true, "typedef": true,
	"const": true, "exception": true, "native": true, "import": true,
	"attribute": true, "readonly": true, "oneway": true,
}

// tagWords start type declarations but also occur in types.
var tagWords = map[string]bool{"struct": true, "union": true, "enum": true}

// recoverFrom reports err, a syntax error in the definition that starts
// at token start, and moves the cursor to where parsing can go on.
// inBody tells whether the definition is inside a module or interface
// body (whose closing brace ends the skipping).
func (p *fileParser) recoverFrom(start int, err error, inBody bool) {
	c := p.src
	if err == participle.NextMatch {
		err = unexpected(c.Peek(), "declaration")
	}
	reportSyntaxError(err, p.errs)
	errAt := c.errorIndex(start, err)
	if p.missingSemicolon(start, errAt, err) {
		p.inserted = append(p.inserted, c.toks[errAt].Pos)
		c.insertSemicolon(errAt)
		c.i = start
		return
	}
	end := c.syncPoint(start, errAt, inBody)
	p.drop(c.toks[start:end])
	c.i = end
}

// maxInserted bounds the semicolons inserted in one file (each copies
// the token slice).
const maxInserted = 100

// missingSemicolon reports whether err, at token errAt of the definition
// that starts at token start, is a ";" missing at the end of a line (see
// above) that has not been repaired at this token before.
func (p *fileParser) missingSemicolon(start, errAt int, err error) bool {
	var ute *participle.UnexpectedTokenError
	if !errors.As(err, &ute) || expected(ute) != `";"` || errAt <= start || len(p.inserted) >= maxInserted {
		return false
	}
	c := p.src
	for _, pos := range p.inserted {
		if pos == c.toks[errAt].Pos {
			return false
		}
	}
	t, prev := &c.toks[errAt], &c.toks[errAt-1]
	if t.Pos != ute.Unexpected.Pos || t.Pos.Filename != prev.Pos.Filename || t.Pos.Line <= prev.Pos.Line {
		return false
	}
	if t.Kind != cpp.Ident && !(t.Kind == cpp.Punct && t.Text == "[") {
		return false
	}
	depth := 0
	for k := start; k < errAt; k++ {
		if u := &c.toks[k]; u.Kind == cpp.Punct {
			switch u.Text {
			case "{", "(", "[":
				depth++
			case "}", ")", "]":
				depth--
			}
		}
	}
	return depth == 0
}

// insertSemicolon inserts a ";" before token k.
func (c *cursor) insertSemicolon(k int) {
	semi := cpp.Token{Kind: cpp.Punct, Text: ";", Pos: c.toks[k].Pos}
	toks := make([]cpp.Token, 0, len(c.toks)+1)
	toks = append(append(append(toks, c.toks[:k]...), semi), c.toks[k:]...)
	c.toks = toks
	c.peekedAt = -1
}

// errorIndex returns the index of the token a syntax error names, at
// or after start; when it cannot tell, the cursor's index.
func (c *cursor) errorIndex(start int, err error) int {
	var pos lexer.Position
	var ute *participle.UnexpectedTokenError
	var perr participle.Error
	switch {
	case errors.As(err, &ute):
		pos = ute.Unexpected.Pos
	case errors.As(err, &perr):
		pos = perr.Position()
	default:
		return max(c.i, start)
	}
	if c.i < len(c.toks) && c.toks[c.i].Pos == pos {
		return c.i
	}
	for k := start; k < len(c.toks); k++ {
		if c.toks[k].Pos == pos {
			return k
		}
	}
	return max(c.i, start)
}

// syncPoint returns the index of the token parsing goes on from, after
// a syntax error at token errAt in the definition that starts at token
// start (see the rules above). It is always greater than start unless
// start is the end of the file.
func (c *cursor) syncPoint(start, errAt int, inBody bool) int {
	braces, parens := 0, 0
	for k := start; k < len(c.toks); k++ {
		t := &c.toks[k]
		if t.Kind == cpp.EOF {
			return k
		}
		atError := k >= errAt
		if t.Kind == cpp.Ident && k > start && atError && braces == 0 && (parens <= 0 || k == errAt) {
			if syncWords[t.Text] || tagWords[t.Text] && k == errAt {
				return k
			}
		}
		if t.Kind != cpp.Punct {
			continue
		}
		switch t.Text {
		case "{":
			braces++
		case "}":
			if braces > 0 {
				braces--
			} else if inBody && k > start {
				return k // the body's own "}"
			}
		case "(", "[":
			parens++
		case ")", "]":
			parens--
		case ";":
			if atError && braces == 0 && (parens <= 0 || k == errAt) {
				return k + 1
			}
		}
	}
	return len(c.toks) - 1
}

// drop records the names written in skipped tokens.
func (p *fileParser) drop(toks []cpp.Token) {
	for i := range toks {
		if toks[i].Kind != cpp.Ident {
			continue
		}
		if p.file.Dropped == nil {
			p.file.Dropped = map[string]bool{}
		}
		p.file.Dropped[toks[i].Text] = true
	}
}

// unclosedError is the error for a body that the end of the file leaves
// open: "unexpected end of file, expected "}"", with a note at the "{".
type unclosedError struct {
	*participle.UnexpectedTokenError
	open lexer.Token
}

func (e *unclosedError) Unwrap() error { return e.UnexpectedTokenError }

// unclosed makes the error for token t (the end of the file) found where
// the "}" matching open should be.
func unclosed(t, open lexer.Token) error {
	return &unclosedError{UnexpectedTokenError: &participle.UnexpectedTokenError{Unexpected: t, Expect: `"}"`}, open: open}
}

// expectClose consumes the "}" that matches open or fails; at the end of
// the file the error carries a note at open.
func expectClose(src tokSrc, open lexer.Token) error {
	if t := src.Peek(); t.EOF() {
		return unclosed(t, open)
	}
	return expectPunct(src, "}")
}
