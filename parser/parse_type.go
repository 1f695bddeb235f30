package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// cSpecWords are the C type specifier words that combine ("unsigned long").
var cSpecWords = map[string]bool{
	"unsigned": true, "signed": true, "short": true, "long": true,
	"int": true, "char": true, "double": true, "float": true,
}

// singleBaseWords are the built-in type names that stand alone.
var singleBaseWords = map[string]bool{
	"void": true, "boolean": true, "octet": true, "wchar": true, "any": true,
	"Object": true, "byte": true, "fpage": true, "flexpage": true,
	"threadid": true, "word": true, "signed_word": true,
}

// Parse implements participle.Parseable (the grammar is in the doc of
// TypeSpec).
func (t *TypeSpec) Parse(lex *lexer.PeekingLexer) error { return t.parse(peekSrc{lex}) }

// parseTypeSpec reads a type, or returns participle.NextMatch (consuming
// nothing) when the next token cannot start one.
func parseTypeSpec(src tokSrc) (*TypeSpec, error) {
	t := &TypeSpec{}
	if err := t.parse(src); err != nil {
		return nil, err
	}
	return t, nil
}

// parse reads
//
//	TypeSpec = [ "ref" ] ( BaseType | StringType | SequenceType | FixedType
//	         | StructType | UnionType | EnumType | ScopedName ) .
//	BaseType = c-spec-word { c-spec-word } | single-base-word .
//
// The first word picks the alternative; fixed types are a participle
// production.
func (t *TypeSpec) parse(src tokSrc) error {
	tok := src.Peek()
	if !startsType(tok) {
		return participle.NextMatch
	}
	t.Pos = tok.Pos
	if tok.Type == tIdent && tok.Value == "ref" {
		src.Next()
		t.Ref = true
		tok = src.Peek()
		if !startsType(tok) {
			return unexpected(tok, "type")
		}
	}
	if tok.Type == tPunct { // "::"
		return t.parseNamed(src)
	}
	var err error
	switch w := tok.Value; {
	case cSpecWords[w]:
		b := newBaseType(tok.Pos)
		for tok := src.Peek(); tok.Type == tIdent && cSpecWords[tok.Value]; tok = src.Peek() {
			b.Words = append(b.Words, src.Next().Value)
		}
		t.Base = b
	case singleBaseWords[w]:
		b := newBaseType(tok.Pos)
		b.Words = append(b.Words, src.Next().Value)
		t.Base = b
	case w == "string" || w == "wstring":
		t.Str, err = parseStringType(src)
	case w == "sequence":
		t.Sequence, err = parseSequenceType(src)
	case w == "fixed":
		t.Fixed, err = viaParticiple[FixedType](src)
	case w == "struct":
		t.Struct, err = parseStructType(src)
	case w == "union":
		t.Union, err = parseUnionType(src)
	case w == "enum":
		t.Enum, err = parseEnumType(src)
	default:
		return t.parseNamed(src)
	}
	return err
}

// newBaseType allocates a BaseType together with room for three words
// ("unsigned long long"): types are the most frequent nodes, and one
// allocation instead of two shows in the parser's speed.
func newBaseType(pos lexer.Position) *BaseType {
	x := &struct {
		b BaseType
		w [3]string
	}{}
	x.b.Pos = pos
	x.b.Words = x.w[:0]
	return &x.b
}

func (t *TypeSpec) parseNamed(src tokSrc) error {
	n, err := parseScopedName(src)
	if err != nil {
		return err
	}
	t.Named = n
	return nil
}

// startsType reports whether tok can begin a type.
func startsType(tok lexer.Token) bool {
	return tok.Type == tIdent || tok.Type == tPunct && tok.Value == "::"
}

// Parse implements participle.Parseable (the grammar is in the doc of
// ScopedName).
func (n *ScopedName) Parse(lex *lexer.PeekingLexer) error {
	src := peekSrc{lex}
	if !startsType(src.Peek()) {
		return participle.NextMatch
	}
	x, err := parseScopedName(src)
	if err != nil {
		return err
	}
	*n = *x
	return nil
}

// parseDirection reads a CORBA direction keyword, if there is one:
//
//	Direction = "in" | "out" | "inout" .
func parseDirection(src tokSrc) Direction {
	tok := src.Peek()
	if tok.Type != tIdent {
		return DirNone
	}
	var d Direction
	switch tok.Value {
	case "in":
		d = DirIn
	case "out":
		d = DirOut
	case "inout":
		d = DirInOut
	default:
		return DirNone
	}
	src.Next()
	return d
}

// parseStringType reads
//
//	StringType = ( "string" | "wstring" ) [ "<" Expr ">" ] .
func parseStringType(src tokSrc) (*StringType, error) {
	kw := src.Next()
	st := &StringType{Pos: kw.Pos, Wide: kw.Value == "wstring"}
	if !isPunct(src.Peek(), "<") {
		return st, nil
	}
	src.Next()
	var err error
	if st.Bound, err = mustExpr(src); err != nil {
		return nil, err
	}
	return st, expectPunct(src, ">")
}

// parseSequenceType reads
//
//	SequenceType = "sequence" "<" TypeSpec [ "," Expr ] ">" .
func parseSequenceType(src tokSrc) (*SequenceType, error) {
	sq := &SequenceType{Pos: src.Next().Pos}
	if err := expectPunct(src, "<"); err != nil {
		return nil, err
	}
	elem, err := parseTypeSpec(src)
	if err != nil {
		if err == participle.NextMatch {
			err = unexpected(src.Peek(), "type")
		}
		return nil, err
	}
	sq.Elem = elem
	if isPunct(src.Peek(), ",") {
		src.Next()
		if sq.Bound, err = mustExpr(src); err != nil {
			return nil, err
		}
	}
	return sq, expectPunct(src, ">")
}
