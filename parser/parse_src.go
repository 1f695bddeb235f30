package parser

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// How the parser is split between hand-written code and participle
//
// The typedef, CORBA attribute and fixed-type productions and the C
// declarations of headers are participle's: those productions are the
// struct tags in ast_*.go and cheader.go.
//
// The parts that carry almost all tokens of real IDL are parsed by hand,
// in plain recursive descent: the file and definition level with
// modules, libraries and interfaces, and the recovery from syntax
// errors (parse_file.go), operations and parameters, attribute lists,
// declarators (parse_param.go), type specifiers, string and sequence
// types and names (parse_type.go), constants, natives, exceptions and
// struct, union and enum types with their members, whose names need
// positions of their own (parse_decl.go), attribute arguments
// (parse_attr.go) and constant expressions (parse_expr.go). participle
// reaches the hand-written parts through its Parseable and ParseTypeWith
// hooks, and the hand-written parts hand a declaration to participle when
// its first word names one. The reason is speed: participle allocates for
// every alternative it tries and copies the whole token stream into its
// PeekingLexer; a generated file of 200 interfaces with 20 operations
// each took over 300 ms that way, and must take well under 50 ms.
// participle now only ever sees one declaration at a time (a chunk of
// tokens), so its cost stays proportional to the declarations it parses.

// tokSrc is what the hand-written parsers read: the file's preprocessed
// tokens (*cursor) or, inside a participle production, participle's
// lexer (peekSrc).
type tokSrc interface {
	// Peek returns the next token without consuming it.
	Peek() lexer.Token
	// PeekAt returns the token n places ahead (PeekAt(0) is Peek); past
	// the end it returns the EOF token.
	PeekAt(n int) lexer.Token
	// Next consumes and returns the next token (EOF stays put).
	Next() lexer.Token
}

// cursor reads preprocessed tokens. The slice ends with an EOF token.
type cursor struct {
	toks []cpp.Token
	i    int
	// peeked is toks[peekedAt] converted: the parsers peek at the same
	// token several times before consuming it.
	peeked   lexer.Token
	peekedAt int
	// errs receives the problems the parser reports without stopping
	// (see softError); when it is nil they stop the parse like syntax
	// errors.
	errs *diag.List
}

func newCursor(toks []cpp.Token) *cursor {
	if len(toks) == 0 || toks[len(toks)-1].Kind != cpp.EOF {
		var pos lexer.Position
		if n := len(toks); n > 0 {
			pos = toks[n-1].Pos
		}
		toks = append(toks[:len(toks):len(toks)], cpp.Token{Kind: cpp.EOF, Pos: pos})
	}
	return &cursor{toks: toks, peekedAt: -1}
}

func convertToken(t *cpp.Token) lexer.Token {
	if t.Kind == cpp.EOF {
		return lexer.EOFToken(t.Pos)
	}
	return lexer.Token{Type: lexer.TokenType(t.Kind), Value: t.Text, Pos: t.Pos}
}

func (c *cursor) Peek() lexer.Token {
	if c.peekedAt != c.i {
		c.peeked, c.peekedAt = convertToken(&c.toks[c.i]), c.i
	}
	return c.peeked
}

func (c *cursor) PeekAt(n int) lexer.Token {
	j := c.i + n
	if j >= len(c.toks) {
		j = len(c.toks) - 1
	}
	return convertToken(&c.toks[j])
}

func (c *cursor) Next() lexer.Token {
	t := c.Peek()
	if c.toks[c.i].Kind != cpp.EOF {
		c.i++
	}
	return t
}

// sliceSrc reads a short token slice (an attribute argument).
type sliceSrc struct {
	toks []lexer.Token
	i    int
}

func (s *sliceSrc) Peek() lexer.Token { return s.PeekAt(0) }

func (s *sliceSrc) PeekAt(n int) lexer.Token {
	if s.i+n < len(s.toks) {
		return s.toks[s.i+n]
	}
	var pos lexer.Position
	if len(s.toks) > 0 {
		pos = s.toks[len(s.toks)-1].Pos
	}
	return lexer.EOFToken(pos)
}

func (s *sliceSrc) Next() lexer.Token {
	t := s.Peek()
	if s.i < len(s.toks) {
		s.i++
	}
	return t
}

// peekSrc adapts participle's lexer.
type peekSrc struct{ lex *lexer.PeekingLexer }

func (p peekSrc) Peek() lexer.Token { return *p.lex.Peek() }

func (p peekSrc) PeekAt(n int) lexer.Token {
	if n == 0 {
		return *p.lex.Peek()
	}
	cp := p.lex.MakeCheckpoint()
	for i := 0; i < n; i++ {
		p.lex.Next()
	}
	t := *p.lex.Peek()
	p.lex.LoadCheckpoint(cp)
	return t
}

func (p peekSrc) Next() lexer.Token { return *p.lex.Next() }

// viaParticiple parses production T with participle from src. On a
// cursor, participle gets a chunk of tokens: up to and including the
// first ";" outside brackets, or up to a closing bracket that has no
// opening one, whichever comes first, followed by the token after the
// chunk (so that an error there names the real token) and EOF. No
// production handed to participle extends past either point. The cursor
// then moves past what participle consumed.
func viaParticiple[T any](src tokSrc) (*T, error) {
	switch s := src.(type) {
	case peekSrc:
		return subParse[T](s.lex)
	case *sliceSrc:
		pl := peekingLexer(s.toks[s.i:])
		v, err := subParse[T](pl)
		s.i += pl.Cursor()
		return v, err
	case *cursor:
		end := s.chunkEnd()
		chunk := make([]lexer.Token, 0, end-s.i+2)
		for k := s.i; k <= end; k++ {
			chunk = append(chunk, convertToken(&s.toks[k]))
		}
		if s.toks[end].Kind != cpp.EOF {
			chunk = append(chunk, lexer.EOFToken(s.toks[end].Pos))
		}
		pl := peekingLexer(chunk)
		v, err := subParse[T](pl)
		s.i += pl.Cursor()
		return v, err
	}
	panic("parser: unknown token source")
}

// chunkEnd returns the index of the first token after the declaration
// that starts at the cursor (see viaParticiple).
func (c *cursor) chunkEnd() int {
	depth := 0
	for k := c.i; k < len(c.toks); k++ {
		t := &c.toks[k]
		if t.Kind == cpp.EOF {
			return k
		}
		if t.Kind != cpp.Punct {
			continue
		}
		switch t.Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				return k
			}
			depth--
		case ";":
			if depth == 0 {
				return k + 1
			}
		}
	}
	return len(c.toks) - 1
}
