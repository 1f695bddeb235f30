package cpp

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/l4idl/l4idl/parser/diag"
)

// value is an integer of a #if expression: 64 bits, signed unless an
// operand made it unsigned (intmax_t / uintmax_t in C terms).
type value struct {
	v        uint64
	unsigned bool
}

func boolValue(b bool) value {
	if b {
		return value{v: 1}
	}
	return value{}
}

// maxExprDepth bounds the nesting of parentheses and unary operators.
const maxExprDepth = 1000

// evaluator parses and evaluates a macro-expanded #if expression.
type evaluator struct {
	toks      []ptok
	i         int
	errs      *diag.List
	directive string   // "#if" or "#elif", for messages
	strict    bool     // identifiers are errors (EvalMacro), not 0
	end       diag.Pos // where the expression ends, for messages
	skip      int      // > 0: in an operand that is not evaluated
	depth     int
	failed    bool
}

// evalExpr evaluates toks as the controlling expression of directive.
// ok is false when there was an error (which has been reported).
func evalExpr(toks []ptok, errs *diag.List, directive string, strict bool, end diag.Pos) (value, bool) {
	ev := &evaluator{toks: toks, errs: errs, directive: directive, strict: strict, end: end}
	if len(toks) == 0 {
		ev.fail(end, "%s with no expression", directive)
		return value{}, false
	}
	v := ev.comma()
	if !ev.failed && ev.i < len(toks) {
		t := toks[ev.i]
		switch {
		case isPunct(t.Token, ")"):
			ev.fail(t.Pos, "missing '(' in expression")
		case isPunct(t.Token, ":"):
			ev.fail(t.Pos, "':' without preceding '?'")
		case t.Kind == Punct && binaryPrec(t.Text) == 0 && !strings.Contains("( ? , ! ~", t.Text):
			ev.fail(t.Pos, "token %q is not valid in %s expressions", t.Text, directive)
		default:
			ev.fail(t.Pos, "missing binary operator before token %q", t.Text)
		}
	}
	return v, !ev.failed
}

func (ev *evaluator) fail(pos diag.Pos, format string, args ...any) {
	if !ev.failed {
		ev.errs.Errorf(pos, format, args...)
	}
	ev.failed = true
}

func (ev *evaluator) peek() (ptok, bool) {
	if ev.i < len(ev.toks) {
		return ev.toks[ev.i], true
	}
	return ptok{}, false
}

// pos is the position of the next token, or the end.
func (ev *evaluator) pos() diag.Pos {
	if t, ok := ev.peek(); ok {
		return t.Pos
	}
	return ev.end
}

func (ev *evaluator) atPunct(s string) bool {
	t, ok := ev.peek()
	return ok && isPunct(t.Token, s)
}

// comma parses expr (, expr)*.
func (ev *evaluator) comma() value {
	v := ev.cond()
	for !ev.failed && ev.atPunct(",") {
		ev.i++
		v = ev.cond()
	}
	return v
}

// cond parses a ?: b : c.
func (ev *evaluator) cond() value {
	ev.depth++
	defer func() { ev.depth-- }()
	if ev.depth > maxExprDepth {
		ev.fail(ev.pos(), "%s expression nested too deeply", ev.directive)
		return value{}
	}
	c := ev.binary(1)
	if ev.failed || !ev.atPunct("?") {
		return c
	}
	q := ev.toks[ev.i]
	ev.i++
	taken := c.v != 0
	if !taken {
		ev.skip++
	}
	a := ev.comma()
	if !taken {
		ev.skip--
	}
	if ev.failed {
		return value{}
	}
	if !ev.atPunct(":") {
		ev.fail(q.Pos, "'?' without following ':'")
		return value{}
	}
	ev.i++
	if taken {
		ev.skip++
	}
	b := ev.cond()
	if taken {
		ev.skip--
	}
	r := b
	if taken {
		r = a
	}
	r.unsigned = a.unsigned || b.unsigned
	return r
}

// binaryPrec gives the precedence of a binary operator, 0 for others.
func binaryPrec(op string) int {
	switch op {
	case "||":
		return 1
	case "&&":
		return 2
	case "|":
		return 3
	case "^":
		return 4
	case "&":
		return 5
	case "==", "!=":
		return 6
	case "<", ">", "<=", ">=":
		return 7
	case "<<", ">>":
		return 8
	case "+", "-":
		return 9
	case "*", "/", "%":
		return 10
	}
	return 0
}

// binary parses binary operators of precedence minPrec and up.
func (ev *evaluator) binary(minPrec int) value {
	l := ev.unary()
	for !ev.failed {
		t, ok := ev.peek()
		if !ok || t.Kind != Punct {
			return l
		}
		prec := binaryPrec(t.Text)
		if prec == 0 || prec < minPrec {
			return l
		}
		ev.i++
		switch t.Text {
		case "&&", "||":
			short := (t.Text == "&&") == (l.v == 0)
			if short {
				ev.skip++
			}
			r := ev.binary(prec + 1)
			if short {
				ev.skip--
				l = boolValue(t.Text == "||")
			} else {
				l = boolValue(r.v != 0)
			}
		default:
			r := ev.binary(prec + 1)
			l = ev.apply(t, l, r)
		}
	}
	return l
}

// apply carries out a binary operator other than && and ||.
func (ev *evaluator) apply(op ptok, l, r value) value {
	u := l.unsigned || r.unsigned
	switch op.Text {
	case "*":
		return value{l.v * r.v, u}
	case "/", "%":
		if r.v == 0 {
			if ev.skip == 0 {
				ev.fail(op.Pos, "division by zero in %s", ev.directive)
			}
			return value{0, u}
		}
		var v uint64
		switch {
		case u && op.Text == "/":
			v = l.v / r.v
		case u:
			v = l.v % r.v
		case op.Text == "/": // MinInt64 / -1 wraps, as in Go
			v = uint64(int64(l.v) / int64(r.v))
		default:
			v = uint64(int64(l.v) % int64(r.v))
		}
		return value{v, u}
	case "+":
		return value{l.v + r.v, u}
	case "-":
		return value{l.v - r.v, u}
	case "<<", ">>":
		n := int64(r.v)
		if r.unsigned && r.v > math.MaxInt64 {
			n = math.MaxInt64
		}
		if op.Text == ">>" {
			n = -n // a right shift is a left shift by -n
		}
		return value{shiftLeft(l, n), l.unsigned}
	case "<", ">", "<=", ">=":
		var less, eq bool
		if u {
			less, eq = l.v < r.v, l.v == r.v
		} else {
			less, eq = int64(l.v) < int64(r.v), l.v == r.v
		}
		switch op.Text {
		case "<":
			return boolValue(less)
		case ">":
			return boolValue(!less && !eq)
		case "<=":
			return boolValue(less || eq)
		}
		return boolValue(!less)
	case "==":
		return boolValue(l.v == r.v)
	case "!=":
		return boolValue(l.v != r.v)
	case "&":
		return value{l.v & r.v, u}
	case "^":
		return value{l.v ^ r.v, u}
	case "|":
		return value{l.v | r.v, u}
	}
	return value{}
}

// shiftLeft shifts l left by n bits (right by -n when n < 0); shifts by
// 64 or more give 0, or -1 for a negative signed value shifted right.
func shiftLeft(l value, n int64) uint64 {
	switch {
	case n >= 64:
		return 0
	case n >= 0:
		return l.v << uint(n)
	case n <= -64:
		if !l.unsigned && int64(l.v) < 0 {
			return math.MaxUint64
		}
		return 0
	case l.unsigned:
		return l.v >> uint(-n)
	}
	return uint64(int64(l.v) >> uint(-n))
}

// unary parses unary operators and primary expressions.
func (ev *evaluator) unary() value {
	t, ok := ev.peek()
	if !ok {
		ev.fail(ev.end, "missing operand at end of %s expression", ev.directive)
		return value{}
	}
	ev.depth++
	defer func() { ev.depth-- }()
	if ev.depth > maxExprDepth {
		ev.fail(t.Pos, "%s expression nested too deeply", ev.directive)
		return value{}
	}
	ev.i++
	switch t.Kind {
	case Punct:
		switch t.Text {
		case "+":
			return ev.unary()
		case "-":
			v := ev.unary()
			return value{-v.v, v.unsigned}
		case "~":
			v := ev.unary()
			return value{^v.v, v.unsigned}
		case "!":
			return boolValue(ev.unary().v == 0)
		case "(":
			if ev.atPunct(")") {
				ev.fail(t.Pos, "missing expression between '(' and ')'")
				return value{}
			}
			v := ev.comma()
			if !ev.failed && !ev.atPunct(")") {
				ev.fail(t.Pos, "missing ')' in expression")
			}
			ev.i++
			return v
		}
		ev.fail(t.Pos, "token %q is not valid in %s expressions", t.Text, ev.directive)
	case Int:
		v, msg := parseInt(t.Text)
		if msg != "" {
			ev.fail(t.Pos, "%s in %s", msg, ev.directive)
		}
		return v
	case Char:
		v, msg := parseChar(t.Text)
		if msg != "" {
			ev.fail(t.Pos, "%s in %s", msg, ev.directive)
		}
		return v
	case Ident:
		if ev.strict {
			ev.fail(t.Pos, "%q is not an integer constant", t.Text)
		}
		return value{} // identifiers that are not macros are 0
	case Float:
		ev.fail(t.Pos, "floating constant %s in %s", t.Text, ev.directive)
	default:
		ev.fail(t.Pos, "token %s is not valid in %s expressions", t.Text, ev.directive)
	}
	return value{}
}

// parseInt reads an integer literal (decimal, octal, hex or binary, with
// u, l, ul, ll, ull suffixes). msg is non-empty when it is not valid.
func parseInt(text string) (value, string) {
	base, start := 10, 0
	switch {
	case len(text) > 1 && text[0] == '0' && text[1]|0x20 == 'x':
		base, start = 16, 2
	case len(text) > 1 && text[0] == '0' && text[1]|0x20 == 'b':
		base, start = 2, 2
	case len(text) > 1 && text[0] == '0':
		base = 8
	}
	i := start
	for i < len(text) && (isDigit(text[i]) || base == 16 && isHexDigit(text[i])) {
		i++
	}
	digits, suffix := text[start:i], text[i:]
	if digits == "" {
		return value{}, "invalid integer constant " + text
	}
	switch strings.ToLower(suffix) {
	case "", "u", "l", "ul", "lu", "ll", "ull", "llu":
	default:
		return value{}, "invalid suffix \"" + suffix + "\" on integer constant"
	}
	for j := 0; j < len(digits); j++ {
		if base < 10 && int(digits[j]-'0') >= base {
			kind := map[int]string{2: "binary", 8: "octal"}[base]
			return value{}, "invalid digit \"" + digits[j:j+1] + "\" in " + kind + " constant"
		}
	}
	v, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return value{}, "integer constant " + text + " is too large"
		}
		return value{}, "invalid integer constant " + text
	}
	// A constant that does not fit intmax_t is unsigned.
	return value{v, strings.ContainsAny(suffix, "uU") || v > math.MaxInt64}, ""
}

// parseChar reads a character constant: 'a', '\n', '\x41', '\101', 'ab'
// (multi-character: bytes combined big-endian into an int), L'x'. A plain
// single character is a signed char, as with GCC on our targets.
func parseChar(text string) (value, string) {
	wide := strings.HasPrefix(text, "L")
	s := strings.TrimPrefix(text, "L")
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return value{}, "invalid character constant " + text
	}
	s = s[1 : len(s)-1]
	var units []uint64
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			if wide {
				r, size := utf8.DecodeRuneInString(s[i:])
				units = append(units, uint64(r))
				i += size
			} else {
				units = append(units, uint64(c))
				i++
			}
			continue
		}
		i++
		if i >= len(s) {
			return value{}, "invalid character constant " + text
		}
		c = s[i]
		i++
		var u uint64
		switch c {
		case 'n':
			u = '\n'
		case 't':
			u = '\t'
		case 'r':
			u = '\r'
		case 'v':
			u = '\v'
		case 'b':
			u = '\b'
		case 'f':
			u = '\f'
		case 'a':
			u = 7
		case 'e', 'E':
			u = 27
		case 'x':
			n := 0
			for i < len(s) && isHexDigit(s[i]) {
				if u > math.MaxUint32 {
					return value{}, "hex escape sequence out of range in " + text
				}
				u = u<<4 | uint64(hexVal(s[i]))
				i++
				n++
			}
			if n == 0 {
				return value{}, "\\x used with no following hex digits in " + text
			}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			u = uint64(c - '0')
			for n := 1; n < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; n++ {
				u = u<<3 | uint64(s[i]-'0')
				i++
			}
		default: // \\ \' \" \? and unknown escapes stand for the character
			u = uint64(c)
		}
		if !wide && u > 0xFF {
			return value{}, "escape sequence out of range in " + text
		}
		units = append(units, u)
	}
	switch {
	case len(units) == 0:
		return value{}, "empty character constant"
	case wide:
		// wchar_t is a signed 32-bit int; the last character counts.
		return value{uint64(int64(int32(uint32(units[len(units)-1])))), false}, ""
	case len(units) == 1:
		return value{uint64(int64(int8(units[0]))), false}, ""
	}
	var v uint32
	for _, u := range units {
		v = v<<8 | uint32(u)
	}
	return value{uint64(int64(int32(v))), false}, ""
}

func isHexDigit(c byte) bool {
	return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f'
}

func hexVal(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int(c|0x20-'a') + 10
}
