package parser

import (
	"strconv"
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// Expr is a constant expression. The implementations are *BinaryExpr,
// *UnaryExpr, *BasicLit and *ScopedName (a reference to a constant or
// enumerator). Parentheses are not kept: the tree's shape records the
// grouping.
//
// Expressions are parsed by a hand-written precedence parser
// (parse_expr.go), which participle calls for every field of type Expr.
type Expr interface {
	Node
	exprNode()
}

// BinaryExpr is X Op Y with Op one of | ^ & << >> + - * / %.
type BinaryExpr struct {
	Pos diag.Pos // position of X
	// OpPos is the position of the operator.
	OpPos diag.Pos
	Op    string
	X, Y  Expr
}

// UnaryExpr is Op X with Op one of - + ~.
type UnaryExpr struct {
	Pos diag.Pos // position of the operator
	Op  string
	X   Expr
}

// LitKind tells what a BasicLit holds.
type LitKind int

// The literal kinds.
const (
	IntLit    LitKind = iota // 42, 0x2A, 052, 42u, 42UL
	FloatLit                 // 1.5, 2e10, 1.0f
	CharLit                  // 'a', '\n', L'x'
	StringLit                // "abc", L"abc"; adjacent literals are joined
	BoolLit                  // TRUE, FALSE
)

var litKindNames = [...]string{"integer", "floating", "character", "string", "boolean"}

// String returns a word for the kind ("integer", "string", ...).
func (k LitKind) String() string {
	if k >= 0 && int(k) < len(litKindNames) {
		return litKindNames[k]
	}
	return "LitKind?"
}

// BasicLit is a literal, decoded. Only the field that matches Kind is
// meaningful (Int for IntLit, Float for FloatLit, Char for CharLit, Str for
// StringLit, Bool for BoolLit).
type BasicLit struct {
	Pos  diag.Pos
	Kind LitKind
	// Raw is the literal as written (adjacent string literals joined by a
	// space).
	Raw string
	// Wide is set for L'x' and L"x".
	Wide bool
	// Unsigned is set by an integer literal's u/U suffix.
	Unsigned bool

	Int   uint64  // IntLit value (always non-negative; a minus sign is a UnaryExpr)
	Float float64 // FloatLit value
	Char  rune    // CharLit value
	Str   string  // StringLit value, escapes decoded
	Bool  bool    // BoolLit value
}

// Position implements Node.
func (e *BinaryExpr) Position() diag.Pos { return e.Pos }

// Position implements Node.
func (e *UnaryExpr) Position() diag.Pos { return e.Pos }

// Position implements Node.
func (e *BasicLit) Position() diag.Pos { return e.Pos }

func (*BinaryExpr) exprNode() {}
func (*UnaryExpr) exprNode()  {}
func (*BasicLit) exprNode()   {}
func (*ScopedName) exprNode() {}

// binaryPrec gives the precedence of the binary operators (higher binds
// tighter), as in C and CORBA IDL.
var binaryPrec = map[string]int{
	"|": 1, "^": 2, "&": 3,
	"<<": 4, ">>": 4,
	"+": 5, "-": 5,
	"*": 6, "/": 6, "%": 6,
}

// ExprString renders an expression in IDL syntax, with the parentheses
// its shape needs, for messages ("(A + 1) * 2").
func ExprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e, 0)
	return b.String()
}

func writeExpr(b *strings.Builder, e Expr, outer int) {
	switch e := e.(type) {
	case nil:
		b.WriteString("<nil>")
	case *BinaryExpr:
		p := binaryPrec[e.Op]
		if p < outer {
			b.WriteByte('(')
		}
		writeExpr(b, e.X, p)
		b.WriteString(" " + e.Op + " ")
		writeExpr(b, e.Y, p+1)
		if p < outer {
			b.WriteByte(')')
		}
	case *UnaryExpr:
		b.WriteString(e.Op)
		writeExpr(b, e.X, 7)
	case *BasicLit:
		switch e.Kind {
		case BoolLit:
			if e.Bool {
				b.WriteString("TRUE")
			} else {
				b.WriteString("FALSE")
			}
		case IntLit:
			if e.Raw != "" {
				b.WriteString(e.Raw)
			} else {
				b.WriteString(strconv.FormatUint(e.Int, 10))
			}
		default:
			b.WriteString(e.Raw)
		}
	case *ScopedName:
		b.WriteString(e.String())
	}
}
