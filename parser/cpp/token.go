package cpp

import (
	"github.com/l4idl/l4idl/parser/diag"
)

// Kind classifies a token.
type Kind int

// Token kinds.
const (
	EOF    Kind = iota
	Ident       // identifiers and keywords
	Int         // integer literal, as written (0x10, 017, 5u, 12UL)
	Float       // floating literal, as written (1.5, 2e10, 1.0f)
	Char        // character literal with quotes ('a', '\n', L'x')
	String      // string literal with quotes ("abc", L"x")
	Header      // <path> after #include or import, with the brackets
	Punct       // operators and punctuation (::, <<, {, ...)
)

var kindNames = [...]string{"EOF", "Ident", "Int", "Float", "Char", "String", "Header", "Punct"}

// String returns the kind's name; the names are also the participle token
// type names (see Symbols).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind?"
}

// Token is one preprocessing token.
type Token struct {
	Kind Kind
	Text string   // the token's spelling (line splices removed)
	Pos  diag.Pos // where it was written
	// BOL is set on the first token of a source line (directives start there).
	BOL bool
	// Space is set when white space or a comment precedes the token on its
	// line (tells "#define F(x)" from "#define F (x)").
	Space bool
}
