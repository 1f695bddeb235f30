package parser

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/l4idl/l4idl/parser/diag"
)

// reportSyntaxError turns a participle error into one diagnostic:
//
//	file:line:col: error: syntax error: unexpected "foo", expected ";"
//
// A body left open by the end of the file gets a note at its "{".
func reportSyntaxError(err error, errs *diag.List) {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		msg := "syntax error: unexpected " + describeToken(ute.Unexpected)
		if exp := expected(ute); exp != "" {
			msg += ", expected " + exp
		}
		errs.Errorf(ute.Unexpected.Pos, "%s", msg)
		var ue *unclosedError
		if errors.As(err, &ue) {
			errs.Notef(ue.open.Pos, "to match this '{'")
		}
		return
	}
	var perr participle.Error
	if errors.As(err, &perr) {
		errs.Errorf(perr.Position(), "%s", perr.Message())
		return
	}
	errs.Internalf(diag.Pos{}, "parser: %v", err)
}

// describeToken names a token for a message: "foo" for names and
// punctuation, number 42, string "abc", end of file.
func describeToken(t lexer.Token) string {
	switch t.Type {
	case tEOF:
		return "end of file"
	case tInt, tFloat:
		return "number " + t.Value
	case tChar:
		return "character constant " + t.Value
	case tString:
		return "string " + t.Value
	case tHeader:
		return "header name " + t.Value
	}
	return fmt.Sprintf("%q", t.Value)
}

// productionNames gives grammar productions the words a user knows.
var productionNames = map[string]string{
	"Definition":  "declaration",
	"Decl":        "declaration",
	"TypeSpec":    "type",
	"BaseType":    "type",
	"ScopedName":  "name",
	"Declarator":  "name",
	"Param":       "parameter",
	"Member":      "member",
	"Attribute":   "attribute",
	"AttrArg":     "attribute argument",
	"Expr":        "expression",
	"Enumerator":  "enumerator",
	"UnionArm":    "union case",
	"CaseLabel":   "case label",
	"ImportPath":  "file name",
	"ArrayDim":    `"["`,
	"UnionSwitch": `"switch"`,
}

// expected extracts what participle expected, in plain words: a literal
// token such as ";", or the name of a production ("type"). Complicated
// grammar fragments are reduced to their first alternative's first
// element; when nothing sensible remains it returns "".
func expected(u *participle.UnexpectedTokenError) string {
	if u.Expect != "" {
		return u.Expect // set by the hand-written parsers, already in words
	}
	// participle keeps what it expected in an unexported field, available
	// only through the message: unexpected token "x" (expected <ebnf>)
	m := u.Message()
	i := strings.Index(m, " (expected ")
	if i < 0 || !strings.HasSuffix(m, ")") {
		return ""
	}
	return simplifyExpected(m[i+len(" (expected ") : len(m)-1])
}

// simplifyExpected reduces participle's EBNF for what it expected to
// something readable.
func simplifyExpected(exp string) string {
	exp = strings.TrimSpace(exp)
	if name, ok := productionNames[exp]; ok {
		return name
	}
	if isSimpleLiteral(exp) {
		return exp
	}
	switch exp {
	case "Ident", "<ident>":
		return "name"
	case "String", "<string>":
		return "string"
	case "expression", "name", "literal", `")"`:
		return exp
	}
	// A sequence or group: describe its first element.
	first := firstElement(exp)
	if first != "" && first != exp {
		return simplifyExpected(first)
	}
	return ""
}

func isSimpleLiteral(s string) bool {
	return len(s) >= 3 && s[0] == '"' && s[len(s)-1] == '"' && !strings.ContainsAny(s[1:len(s)-1], `" `)
}

// firstElement returns the first element of an EBNF sequence, stripping
// groups and repetition marks; "" when it cannot tell.
func firstElement(exp string) string {
	exp = strings.TrimSpace(exp)
	if exp == "" {
		return ""
	}
	if exp[0] == '(' {
		// Find the matching parenthesis; an optional group cannot say
		// what is required.
		depth := 0
		for i := 0; i < len(exp); i++ {
			switch exp[i] {
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					rest := exp[i+1:]
					if strings.HasPrefix(rest, "?") || strings.HasPrefix(rest, "*") {
						return ""
					}
					inner := exp[1:i]
					if strings.Contains(inner, "|") {
						return ""
					}
					return firstElement(inner)
				}
			case '"':
				j := strings.IndexByte(exp[i+1:], '"')
				if j < 0 {
					return ""
				}
				i += j + 1
			}
		}
		return ""
	}
	if exp[0] == '"' {
		j := strings.IndexByte(exp[1:], '"')
		if j < 0 {
			return ""
		}
		lit := exp[:j+2]
		rest := exp[j+2:]
		if strings.HasPrefix(rest, "?") || strings.HasPrefix(rest, "*") {
			return ""
		}
		return lit
	}
	end := strings.IndexAny(exp, " ?*+|()")
	if end < 0 {
		return exp
	}
	if strings.ContainsAny(exp[end:end+1], "?*|") {
		return ""
	}
	return exp[:end]
}

// syntaxError is a syntax error with a message of its own (not "unexpected
// X, expected Y").
type syntaxError struct {
	pos lexer.Position
	msg string
}

func (e *syntaxError) Error() string { return diag.FormatPos(e.pos) + ": " + e.msg }

// Message implements participle.Error.
func (e *syntaxError) Message() string { return e.msg }

// Position implements participle.Error.
func (e *syntaxError) Position() lexer.Position { return e.pos }

// softError reports a problem that does not stop the parse (the parser
// knows what was meant) and returns nil, when src is the file's cursor;
// elsewhere it returns the problem as a syntax error.
func softError(src tokSrc, pos lexer.Position, msg string) error {
	if c, ok := src.(*cursor); ok && c.errs != nil {
		c.errs.Errorf(pos, "%s", msg)
		return nil
	}
	return &syntaxError{pos: pos, msg: msg}
}

// softWarning reports a warning when src is the file's cursor (and drops
// it elsewhere).
func softWarning(src tokSrc, pos lexer.Position, msg string) {
	if c, ok := src.(*cursor); ok && c.errs != nil {
		c.errs.Warnf(pos, "%s", msg)
	}
}
