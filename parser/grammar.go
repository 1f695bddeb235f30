package parser

import (
	"errors"
	"io"
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// Participle token types. The preprocessor's token kinds map one to one
// (cpp.Ident is tIdent, ...).
const (
	tEOF    = lexer.EOF
	tIdent  = lexer.TokenType(cpp.Ident)
	tInt    = lexer.TokenType(cpp.Int)
	tFloat  = lexer.TokenType(cpp.Float)
	tChar   = lexer.TokenType(cpp.Char)
	tString = lexer.TokenType(cpp.String)
	tHeader = lexer.TokenType(cpp.Header)
	tPunct  = lexer.TokenType(cpp.Punct)
)

// symbols names the token types for the grammar (Ident, String, ...).
var symbols = map[string]lexer.TokenType{
	"EOF":    tEOF,
	"Ident":  tIdent,
	"Int":    tInt,
	"Float":  tFloat,
	"Char":   tChar,
	"String": tString,
	"Header": tHeader,
	"Punct":  tPunct,
}

// tokenDefinition is the participle lexer definition. It only names the
// token types: the tokens themselves come from the preprocessor and are
// handed to the parser with ParseFromLexer.
type tokenDefinition struct{}

var errNoLexing = errors.New("parser: the IDL grammar takes preprocessed tokens, not text")

// Symbols implements lexer.Definition.
func (tokenDefinition) Symbols() map[string]lexer.TokenType { return symbols }

// Lex implements lexer.Definition; it is never used.
func (tokenDefinition) Lex(string, io.Reader) (lexer.Lexer, error) { return nil, errNoLexing }

// sliceLexer feeds a token slice to lexer.Upgrade.
type sliceLexer struct {
	toks []lexer.Token
	i    int
}

// Next implements lexer.Lexer; after the last token it keeps returning EOF.
func (l *sliceLexer) Next() (lexer.Token, error) {
	if l.i >= len(l.toks) {
		var pos lexer.Position
		if n := len(l.toks); n > 0 {
			pos = l.toks[n-1].Pos
		}
		return lexer.EOFToken(pos), nil
	}
	t := l.toks[l.i]
	l.i++
	return t, nil
}

// peekingLexer returns a participle lexer over toks (an EOF token is added
// when toks does not end with one).
func peekingLexer(toks []lexer.Token) *lexer.PeekingLexer {
	pl, _ := lexer.Upgrade(&sliceLexer{toks: toks}) // sliceLexer never fails
	return pl
}

// convertTokens turns preprocessor tokens into participle tokens.
func convertTokens(toks []cpp.Token) []lexer.Token {
	out := make([]lexer.Token, 0, len(toks)+1)
	for i := range toks {
		out = append(out, convertToken(&toks[i]))
		if toks[i].Kind == cpp.EOF {
			break
		}
	}
	return out
}

// lookahead is how many tokens an alternative may consume before the
// parser commits to it. The grammar decides every choice on its first
// token (the optional trailing commas use explicit lookahead groups), so
// the parser commits as soon as an alternative consumes a token: a
// syntax error is then reported where it is, not where a shorter
// alternative happened to stop.
const lookahead = 0

// productions lists the productions the hand-written parts of the parser
// hand to participle (see parse_src.go), so that
// participle.ParserForProduction finds them.
type productions struct {
	Typedef       *Typedef       `parser:"  @@"`
	AttributeDecl *AttributeDecl `parser:"| @@"`
	FixedType     *FixedType     `parser:"| @@"`
	CDecl         *cDecl         `parser:"| @@"`
}

var (
	grammarOnce sync.Once
	grammarVal  *participle.Parser[productions]
	grammarErr  error
)

// grammar builds the parser on first use. An error means the grammar
// itself is broken (a bug), which the tests catch.
func grammar() (*participle.Parser[productions], error) {
	grammarOnce.Do(func() {
		grammarVal, grammarErr = participle.Build[productions](
			participle.Lexer(tokenDefinition{}),
			participle.ParseTypeWith[Expr](parseExprHook),
			participle.UseLookahead(lookahead),
		)
	})
	return grammarVal, grammarErr
}

// subParse parses production T from lex, leaving lex after it.
func subParse[T any](lex *lexer.PeekingLexer) (*T, error) {
	g, err := grammar()
	if err != nil {
		return nil, err
	}
	p, err := participle.ParserForProduction[T](g)
	if err != nil {
		return nil, err
	}
	return p.ParseFromLexer(lex, participle.AllowTrailing(true))
}

// parseAll parses production T from toks, which it must use up.
func parseAll[T any](toks []lexer.Token, errs *diag.List) (v *T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var pos diag.Pos
			if len(toks) > 0 {
				pos = toks[0].Pos
			}
			errs.Internalf(pos, "parser crashed: %v", r)
			v, err = nil, nil
		}
	}()
	g, err := grammar()
	if err != nil {
		return nil, err
	}
	p, err := participle.ParserForProduction[T](g)
	if err != nil {
		return nil, err
	}
	return p.ParseFromLexer(peekingLexer(toks))
}
