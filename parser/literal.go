package parser

import (
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// decodeLiteral turns a literal token into a BasicLit, or a positioned
// error naming what is wrong with it.
func decodeLiteral(t *lexer.Token) (*BasicLit, error) {
	lit := &BasicLit{Pos: t.Pos, Raw: t.Value}
	switch t.Type {
	case tInt:
		lit.Kind = IntLit
		v, unsigned, msg := decodeInt(t.Value)
		if msg != "" {
			return nil, participle.Errorf(t.Pos, "%s", msg)
		}
		lit.Int, lit.Unsigned = v, unsigned
	case tFloat:
		lit.Kind = FloatLit
		s := strings.TrimRight(t.Value, "fFlL")
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, participle.Errorf(t.Pos, "invalid floating constant %s", t.Value)
		}
		lit.Float = f
	case tChar:
		lit.Kind = CharLit
		body, wide, msg := unquote(t.Value, '\'')
		if msg != "" {
			return nil, participle.Errorf(t.Pos, "%s in character constant %s", msg, t.Value)
		}
		lit.Wide = wide
		r, size := utf8.DecodeRuneInString(body)
		if !strings.HasSuffix(t.Value, "'") || len(strings.TrimPrefix(t.Value, "L")) < 2 {
			// Unterminated: reported by the lexer; keep the first character.
			lit.Char = r
			return lit, nil
		}
		switch {
		case body == "":
			return nil, participle.Errorf(t.Pos, "empty character constant")
		case size != len(body):
			return nil, participle.Errorf(t.Pos, "character constant %s holds more than one character", t.Value)
		}
		lit.Char = r
	case tString:
		lit.Kind = StringLit
		body, wide, msg := unquote(t.Value, '"')
		if msg != "" {
			return nil, participle.Errorf(t.Pos, "%s in string literal", msg)
		}
		lit.Str, lit.Wide = body, wide
	default:
		return nil, &participle.UnexpectedTokenError{Unexpected: *t, Expect: "literal"}
	}
	return lit, nil
}

// decodeInt reads a C integer constant: decimal, 0x hexadecimal or 0
// octal, with an optional u/l/ul/ll/ull suffix in any case. It returns a
// message instead of a value when the constant is malformed or does not
// fit in 64 bits.
func decodeInt(s string) (v uint64, unsigned bool, msg string) {
	digits := s
	// Strip the suffix.
	for len(digits) > 0 {
		c := digits[len(digits)-1] | 0x20
		if c != 'u' && c != 'l' {
			break
		}
		if c == 'u' {
			unsigned = true
		}
		digits = digits[:len(digits)-1]
	}
	suffix := s[len(digits):]
	if strings.Count(strings.ToLower(suffix), "u") > 1 || strings.Count(strings.ToLower(suffix), "l") > 2 {
		return 0, false, "invalid suffix \"" + suffix + "\" on integer constant " + s
	}
	base := 10
	switch {
	case len(digits) > 2 && digits[0] == '0' && digits[1]|0x20 == 'x':
		base, digits = 16, digits[2:]
	case len(digits) > 1 && digits[0] == '0':
		base, digits = 8, digits[1:]
	}
	if digits == "" {
		return 0, false, "invalid integer constant " + s
	}
	for i := 0; i < len(digits); i++ {
		d := digitValue(digits[i])
		if d >= base {
			if base == 8 && d < 10 {
				return 0, false, "invalid digit \"" + string(digits[i]) + "\" in octal constant " + s
			}
			return 0, false, "invalid integer constant " + s
		}
		hi, lo := bits.Mul64(v, uint64(base))
		if hi != 0 {
			return 0, false, "integer constant " + s + " is too large"
		}
		var carry uint64
		v, carry = bits.Add64(lo, uint64(d), 0)
		if carry != 0 {
			return 0, false, "integer constant " + s + " is too large"
		}
	}
	return v, unsigned, ""
}

func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c|0x20 >= 'a' && c|0x20 <= 'z':
		return int(c|0x20-'a') + 10
	}
	return 99
}

// unquote decodes a character or string literal with C escapes. It
// returns the decoded text, whether the literal had an L prefix, and a
// message when an escape is malformed.
func unquote(s string, q byte) (string, bool, string) {
	wide := false
	if strings.HasPrefix(s, "L") {
		wide, s = true, s[1:]
	}
	if len(s) == 0 || s[0] != q {
		return "", wide, "malformed literal"
	}
	if len(s) >= 2 && s[len(s)-1] == q && (len(s) < 3 || s[len(s)-2] != '\\' || strings.HasSuffix(s[:len(s)-1], "\\\\")) {
		s = s[1 : len(s)-1]
	} else {
		// Unterminated: the lexer has reported it already; decode what
		// there is so one mistake gives one message.
		s = s[1:]
	}
	if strings.IndexByte(s, '\\') < 0 {
		return s, wide, ""
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", wide, "incomplete escape sequence"
		}
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'b':
			b.WriteByte('\b')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'a':
			b.WriteByte('\a')
		case '\\', '?', '\'', '"':
			b.WriteByte(e)
		case 'x':
			j := i + 1
			var v uint64
			for j < len(s) && digitValue(s[j]) < 16 {
				v = v*16 + uint64(digitValue(s[j]))
				if v > 0x10FFFF {
					return "", wide, "hex escape sequence out of range"
				}
				j++
			}
			if j == i+1 {
				return "", wide, "\\x used with no following hex digits"
			}
			writeCode(&b, v)
			i = j - 1
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			var v uint64
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				v = v*8 + uint64(s[j]-'0')
				j++
			}
			writeCode(&b, v)
			i = j - 1
		default:
			return "", wide, "unknown escape sequence '\\" + string(e) + "'"
		}
	}
	return b.String(), wide, ""
}

// writeCode writes an escaped character code: codes below 0x80 as a byte,
// larger ones as UTF-8.
func writeCode(b *strings.Builder, v uint64) {
	if v < 0x80 {
		b.WriteByte(byte(v))
		return
	}
	b.WriteRune(rune(v))
}
