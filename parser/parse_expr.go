package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// parseExprHook is parseExpr for participle, installed with
// participle.ParseTypeWith for every field of type Expr.
func parseExprHook(lex *lexer.PeekingLexer) (Expr, error) { return parseExpr(peekSrc{lex}) }

// parseExpr parses a constant expression. It is written by hand because
// participle's struct grammar needs one production per precedence level,
// which would hand the checker a tree eight levels deep for every
// literal; precedence climbing gives the BinaryExpr/UnaryExpr tree
// directly and is faster.
//
// It returns participle.NextMatch, consuming nothing, when the next token
// cannot start an expression.
//
//	expr    = unary { binop unary }      (binop by binaryPrec)
//	unary   = ( "-" | "+" | "~" ) unary | primary
//	primary = literal | scoped-name | "(" expr ")"
func parseExpr(lex tokSrc) (Expr, error) {
	if !startsExpr(lex.Peek()) {
		return nil, participle.NextMatch
	}
	return parseBinary(lex, 1)
}

// startsExpr reports whether t can begin an expression.
func startsExpr(t lexer.Token) bool {
	switch t.Type {
	case tInt, tFloat, tChar, tString, tIdent:
		return true
	case tPunct:
		switch t.Value {
		case "(", "-", "+", "~", "::":
			return true
		}
	}
	return false
}

func parseBinary(lex tokSrc, minPrec int) (Expr, error) {
	x, err := parseUnary(lex)
	if err != nil {
		return nil, err
	}
	for {
		t := lex.Peek()
		if t.Type != tPunct {
			return x, nil
		}
		prec, ok := binaryPrec[t.Value]
		if !ok || prec < minPrec {
			return x, nil
		}
		op := lex.Next()
		y, err := parseBinary(lex, prec+1)
		if err != nil {
			return nil, err
		}
		x = &BinaryExpr{Pos: x.Position(), OpPos: op.Pos, Op: op.Value, X: x, Y: y}
	}
}

func parseUnary(lex tokSrc) (Expr, error) {
	t := lex.Peek()
	if t.Type == tPunct && (t.Value == "-" || t.Value == "+" || t.Value == "~") {
		op := lex.Next()
		x, err := parseUnary(lex)
		if err != nil {
			return nil, err
		}
		return &UnaryExpr{Pos: op.Pos, Op: op.Value, X: x}, nil
	}
	return parsePrimary(lex)
}

func parsePrimary(lex tokSrc) (Expr, error) {
	t := lex.Peek()
	switch t.Type {
	case tInt, tFloat, tChar:
		lex.Next()
		lit, err := decodeLiteral(&t)
		if err != nil {
			return nil, err
		}
		return lit, nil
	case tString:
		return parseStrings(lex)
	case tIdent:
		if t.Value == "TRUE" || t.Value == "FALSE" {
			lex.Next()
			return &BasicLit{Pos: t.Pos, Kind: BoolLit, Raw: t.Value, Bool: t.Value == "TRUE"}, nil
		}
		return nameExpr(lex)
	case tPunct:
		switch t.Value {
		case "::":
			return nameExpr(lex)
		case "(":
			lex.Next()
			x, err := parseBinary(lex, 1)
			if err != nil {
				return nil, err
			}
			if c := lex.Peek(); c.Type != tPunct || c.Value != ")" {
				return nil, unexpected(c, `")"`)
			}
			lex.Next()
			return x, nil
		}
	}
	return nil, unexpected(t, "expression")
}

// parseStrings reads one or more adjacent string literals as one.
func parseStrings(lex tokSrc) (Expr, error) {
	first := lex.Next()
	lit, err := decodeLiteral(&first)
	if err != nil {
		return nil, err
	}
	for lex.Peek().Type == tString {
		t := lex.Next()
		next, err := decodeLiteral(&t)
		if err != nil {
			return nil, err
		}
		lit.Raw += " " + next.Raw
		lit.Str += next.Str
		lit.Wide = lit.Wide || next.Wide
	}
	return lit, nil
}

// nameExpr parses a scoped name as an expression.
func nameExpr(lex tokSrc) (Expr, error) {
	n, err := parseScopedName(lex)
	if err != nil {
		return nil, err
	}
	return n, nil
}

func parseScopedName(lex tokSrc) (*ScopedName, error) {
	// One allocation for the name and its first part.
	x := &struct {
		n ScopedName
		p [1]string
	}{}
	n := &x.n
	n.Pos, n.Parts = lex.Peek().Pos, x.p[:0]
	if t := lex.Peek(); t.Type == tPunct && t.Value == "::" {
		lex.Next()
		n.Global = true
	}
	for {
		t := lex.Peek()
		if t.Type != tIdent {
			return nil, unexpected(t, "name")
		}
		lex.Next()
		n.Parts = append(n.Parts, t.Value)
		if c := lex.Peek(); c.Type != tPunct || c.Value != "::" {
			return n, nil
		}
		lex.Next()
	}
}
