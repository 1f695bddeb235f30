package parser

import (
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

func isPunct(t lexer.Token, s string) bool { return t.Type == tPunct && t.Value == s }

func isWord(t lexer.Token, s string) bool { return t.Type == tIdent && t.Value == s }

// unexpected makes the error for an unexpected token; expect says what
// was wanted ("type", `";"`).
func unexpected(t lexer.Token, expect string) error {
	return &participle.UnexpectedTokenError{Unexpected: t, Expect: expect}
}

// expectPunct consumes the punctuator s or fails.
func expectPunct(src tokSrc, s string) error {
	if t := src.Peek(); !isPunct(t, s) {
		if s == ">" && isPunct(t, ">>") {
			// ">>" is one token (the shift operator), as in C++03.
			return unexpected(t, `">" (write "> >" to close two nested templates)`)
		}
		return unexpected(t, `"`+s+`"`)
	}
	src.Next()
	return nil
}

// expectName consumes an identifier or fails.
func expectName(src tokSrc) (lexer.Token, error) {
	t := src.Peek()
	if t.Type != tIdent {
		return t, unexpected(t, "name")
	}
	return src.Next(), nil
}

// mustExpr reads a required expression.
func mustExpr(src tokSrc) (Expr, error) {
	e, err := parseExpr(src)
	if err == participle.NextMatch {
		return nil, unexpected(src.Peek(), "expression")
	}
	return e, err
}

// parseParam reads
//
//	Param = { "[" [ Attribute { "," Attribute } [ "," ] ] "]" }
//	        [ Direction ] TypeSpec [ Declarator ] .
//
// It returns participle.NextMatch when nothing that starts a parameter
// is there.
func parseParam(src tokSrc) (*Param, error) {
	start := src.Peek()
	p := &Param{Pos: start.Pos}
	attrs, err := parseAttrLists(src)
	if err != nil {
		return nil, err
	}
	p.Attrs = attrs
	dirPos := src.Peek().Pos
	if p.Dir = parseDirection(src); p.Dir != DirNone {
		p.DirPos = dirPos
	}
	var dir2 lexer.Token // a second direction keyword: "in out long x"
	if p.Dir != DirNone && isDirection(src.Peek()) && startsType(src.PeekAt(1)) {
		dir2 = src.Next()
	}
	t, err := parseTypeSpec(src)
	if err != nil {
		if err == participle.NextMatch {
			if next := src.Peek(); next.Pos != start.Pos || next.Type != start.Type {
				return nil, unexpected(next, "type")
			}
		}
		return nil, err
	}
	p.Type = t
	d, err := parseDeclarator(src)
	switch err {
	case nil:
		p.Declarator = d
	case participle.NextMatch:
	default:
		return nil, err
	}
	if dir2.Value != "" {
		if err := p.secondDirection(src, dir2); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// isDirection reports whether t is a CORBA direction keyword.
func isDirection(t lexer.Token) bool {
	return t.Type == tIdent && (t.Value == "in" || t.Value == "out" || t.Value == "inout")
}

// secondDirection reports a second direction keyword (tok) written after
// the first and merges the two, so the parameter is checked as meant.
func (p *Param) secondDirection(src tokSrc, tok lexer.Token) error {
	first, second := p.Dir.String(), tok.Value
	what := "parameter"
	if name := p.Name(); name != "" {
		what = fmt.Sprintf("parameter %q", name)
	}
	if first == second {
		softWarning(src, tok.Pos, fmt.Sprintf("direction %q of %s given twice", first, what))
		return nil
	}
	p.Dir = DirInOut
	return softError(src, tok.Pos, fmt.Sprintf("%s has two directions (%q and %q); write \"inout\"", what, first, second))
}

// parseAttrLists reads zero or more DCE attribute lists:
//
//	{ "[" [ Attribute { "," Attribute } [ "," ] ] "]" }
func parseAttrLists(src tokSrc) ([]*Attribute, error) {
	var attrs []*Attribute
	for isPunct(src.Peek(), "[") {
		src.Next()
		for !isPunct(src.Peek(), "]") {
			a, err := parseAttribute(src)
			if err != nil {
				if err == participle.NextMatch {
					return nil, unexpected(src.Peek(), "attribute")
				}
				return nil, err
			}
			attrs = append(attrs, a)
			if !isPunct(src.Peek(), ",") {
				break
			}
			src.Next()
		}
		if err := expectPunct(src, "]"); err != nil {
			return nil, err
		}
	}
	return attrs, nil
}

// Parse implements participle.Parseable (the grammar is in the doc of
// Attribute).
func (a *Attribute) Parse(lex *lexer.PeekingLexer) error {
	x, err := parseAttribute(peekSrc{lex})
	if err != nil {
		return err
	}
	*a = *x
	return nil
}

// parseAttribute reads
//
//	Attribute = Ident [ "(" [ AttrArg { "," AttrArg } ] ")" ] .
func parseAttribute(src tokSrc) (*Attribute, error) {
	t := src.Peek()
	if t.Type != tIdent {
		return nil, participle.NextMatch
	}
	src.Next()
	a := &Attribute{Pos: t.Pos, Name: t.Value}
	if !isPunct(src.Peek(), "(") {
		return a, nil
	}
	src.Next()
	for !isPunct(src.Peek(), ")") {
		arg, err := parseAttrArg(src)
		if err != nil {
			if err == participle.NextMatch {
				return nil, unexpected(src.Peek(), "attribute argument")
			}
			return nil, err
		}
		a.Args = append(a.Args, arg)
		if !isPunct(src.Peek(), ",") {
			break
		}
		src.Next()
	}
	if err := expectPunct(src, ")"); err != nil {
		return nil, err
	}
	return a, nil
}

// Parse implements participle.Parseable (the grammar is in the doc of
// Declarator).
func (d *Declarator) Parse(lex *lexer.PeekingLexer) error {
	x, err := parseDeclarator(peekSrc{lex})
	if err != nil {
		return err
	}
	*d = *x
	return nil
}

// parseDeclarator reads
//
//	Declarator = { "*" } Ident { "[" [ Expr ] "]" } [ ":" Expr ] .
func parseDeclarator(src tokSrc) (*Declarator, error) {
	t := src.Peek()
	if t.Type != tIdent && !isPunct(t, "*") {
		return nil, participle.NextMatch
	}
	d := &Declarator{Pos: t.Pos}
	for isPunct(src.Peek(), "*") {
		src.Next()
		d.Pointers++
	}
	name, err := expectName(src)
	if err != nil {
		return nil, err
	}
	d.Name, d.NamePos = name.Value, name.Pos
	for isPunct(src.Peek(), "[") {
		dim := &ArrayDim{Pos: src.Next().Pos}
		if !isPunct(src.Peek(), "]") {
			if dim.Size, err = mustExpr(src); err != nil {
				return nil, err
			}
		}
		if err := expectPunct(src, "]"); err != nil {
			return nil, err
		}
		d.Dims = append(d.Dims, dim)
	}
	if isPunct(src.Peek(), ":") {
		src.Next()
		if d.Bits, err = mustExpr(src); err != nil {
			return nil, err
		}
	}
	return d, nil
}
