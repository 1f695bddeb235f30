package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// parseAttrArg reads one attribute argument: any balanced run of tokens
// up to the next "," or ")" at its own nesting level. It is then read as
// an expression, or failing that as a type, and otherwise kept as raw
// text (DCE UUIDs, DICE oddities).
func parseAttrArg(lex tokSrc) (*AttrArg, error) {
	first := lex.Peek()
	if first.EOF() || first.Type == tPunct && (first.Value == ")" || first.Value == ",") {
		return nil, participle.NextMatch
	}
	a := &AttrArg{Pos: first.Pos}
	if next := lex.PeekAt(1); isPunct(next, ",") || isPunct(next, ")") {
		// One token, the common case (in, 5, size): no need to collect.
		tok := lex.Next()
		a.Raw = tok.Value
		a.Expr = singleTokenExpr(&tok)
		return a, nil
	}
	var toks []lexer.Token
	depth := 0
scan:
	for {
		t := lex.Peek()
		if t.EOF() {
			break
		}
		if t.Type == tPunct {
			switch t.Value {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 {
					break scan
				}
				depth--
			case ",", ";":
				if depth == 0 {
					break scan
				}
			}
		}
		toks = append(toks, lex.Next())
	}
	if len(toks) == 0 {
		return nil, participle.NextMatch
	}
	a.Raw = joinTokens(toks)
	if isUUID(a.Raw) {
		a.UUID = a.Raw
		return a, nil
	}
	if e, ok := exprFromTokens(toks); ok {
		a.Expr = e
		return a, nil
	}
	if t, ok := typeFromTokens(toks); ok {
		a.Type = t
		normalizeType(t, nil)
	}
	return a, nil
}

// singleTokenExpr reads a one-token expression (a name or a valid
// literal), or returns nil.
func singleTokenExpr(t *lexer.Token) Expr {
	switch t.Type {
	case tIdent:
		if t.Value == "TRUE" || t.Value == "FALSE" {
			return &BasicLit{Pos: t.Pos, Kind: BoolLit, Raw: t.Value, Bool: t.Value == "TRUE"}
		}
		return &ScopedName{Pos: t.Pos, Parts: []string{t.Value}}
	case tInt, tFloat, tChar, tString:
		if lit, err := decodeLiteral(t); err == nil {
			return lit
		}
	}
	return nil
}

// exprFromTokens parses toks as exactly one expression.
func exprFromTokens(toks []lexer.Token) (Expr, bool) {
	src := &sliceSrc{toks: toks}
	e, err := parseExpr(src)
	if err != nil || !src.Peek().EOF() {
		return nil, false
	}
	return e, true
}

// typeFromTokens parses toks as exactly one type.
func typeFromTokens(toks []lexer.Token) (*TypeSpec, bool) {
	src := &sliceSrc{toks: toks}
	t, err := parseTypeSpec(src)
	if err != nil || !src.Peek().EOF() {
		return nil, false
	}
	return t, true
}

// joinTokens spells tokens as written, with one space wherever the source
// had white space (or the tokens come from different places).
func joinTokens(toks []lexer.Token) string {
	if len(toks) == 1 {
		return toks[0].Value
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			p := toks[i-1]
			if p.Pos.Filename != t.Pos.Filename || p.Pos.Offset+len(p.Value) != t.Pos.Offset {
				b.WriteByte(' ')
			}
		}
		b.WriteString(t.Value)
	}
	return b.String()
}

// isUUID reports whether s has the DCE UUID form
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits).
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if digitValue(s[i]) >= 16 {
				return false
			}
		}
	}
	return true
}
