package ir

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/diag"
)

// This file folds constant expressions. Integers are computed with
// math/big, without overflow, and checked against the declared type only
// at the end (so "(1 << 40) >> 20" is a valid long). Characters count as
// integers in arithmetic, as in C; integers mix with floating values by
// becoming floating. The operators | ^ & << >> % ~ need integers; a shift
// count must be in 0..63. "~x" of an unsigned target type is the
// complement within the type's width ("const unsigned long m = ~0" is
// 0xFFFFFFFF); word-sized types use 64 bits, and a value that does not
// fit 32 bits gets a warning since it is cut on 32-bit targets.

// constEntry is a constant declaration being resolved.
type constEntry struct {
	sym   *symbol
	decl  *parser.Const
	scope *scope
	state resolveState
	// ok reports that resolution produced no error (C macros).
	ok              bool
	imported, fromC bool

	c   *Const
	val cval
}

// cval is a folded value with its kind.
type cval struct {
	kind ValueKind
	i    *big.Int // IntValue, CharValue
	f    float64
	s    string
	b    bool
	wide bool
	// enum is the enum an enumerator value belongs to.
	enum *Type
}

// withArticle puts "a" or "an" before a word: "an integer", "a string".
func withArticle(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

func (v cval) describe() string {
	switch v.kind {
	case IntValue:
		return "integer"
	case FloatValue:
		return "floating"
	case StringValue:
		return "string"
	case BoolValue:
		return "boolean"
	case CharValue:
		return "character"
	}
	return "?"
}

// isInt reports whether v takes part in integer arithmetic.
func (v cval) isInt() bool { return v.kind == IntValue || v.kind == CharValue }

// evalEnv is where an expression is evaluated.
type evalEnv struct {
	scope *scope
	// exclude is the constant being defined: its own name refers to an
	// outer declaration.
	exclude *symbol
	// target is the type the value will be converted to (for "~").
	target *Type
}

// resolveConst folds a constant declaration (once).
func (c *checker) resolveConst(e *constEntry) bool {
	switch e.state {
	case resolved:
		return e.c != nil
	case resolving:
		return false
	}
	e.state = resolving
	saved := c.pos
	before := c.errs.ErrorCount()
	c.at(e.decl.Pos)
	defer func() {
		e.state = resolved
		e.ok = e.c != nil && c.errs.ErrorCount() == before
		c.pos = saved
	}()
	var typ *Type
	if e.decl.Type != nil {
		typ = c.typeSpec(e.decl.Type, e.scope, false)
		if isBad(typ) {
			return false
		}
		if !constType(typ) {
			c.errs.Errorf(e.decl.Type.Pos, "constants of type %s are not supported", typ)
			return false
		}
	}
	if e.decl.Value == nil {
		c.errs.Errorf(namePos(e.decl.NamePos, e.decl.Pos), "constant %q has no value", e.decl.Name)
		return false
	}
	v, ok := c.eval(e.decl.Value, &evalEnv{scope: e.scope, exclude: e.sym, target: typ})
	if !ok {
		return false
	}
	if typ == nil {
		typ = untypedType(v)
		if typ == nil {
			c.errs.Errorf(e.decl.Value.Position(), "constant %q: value %s does not fit 64 bits", e.decl.Name, v.i)
			return false
		}
	}
	val, ok := c.convert(v, typ, e.decl.Value.Position(), fmt.Sprintf("constant %q", e.decl.Name))
	if !ok {
		return false
	}
	e.val = fromValue(val, typ)
	e.c = &Const{Name: qname(e.scope, e.decl.Name, e.fromC), Type: typ, Value: val, Pos: namePos(e.decl.NamePos, e.decl.Pos), Imported: e.imported}
	return true
}

// constType reports whether constants may have type t.
func constType(t *Type) bool {
	switch t.Underlying().Kind {
	case Boolean, Char, WChar, Octet, Int8, Short, UShort, Long, ULong, LongLong, ULongLong,
		Float, Double, LongDouble, Word, SignedWord, Enum, String, WString:
		return true
	}
	return false
}

// untypedType picks the type of an untyped constant (a #define of a C
// header): the smallest of long, unsigned long, long long and unsigned
// long long that holds an integer; double, string, char or boolean for
// the other values.
func untypedType(v cval) *Type {
	switch v.kind {
	case FloatValue:
		return Basic(Double)
	case StringValue:
		if v.wide {
			return Basic(WString)
		}
		return Basic(String)
	case BoolValue:
		return Basic(Boolean)
	case CharValue:
		return Basic(Char)
	}
	for _, k := range []Kind{Long, ULong, LongLong, ULongLong} {
		lo, hi := intRange(k, 64)
		if v.i.Cmp(lo) >= 0 && v.i.Cmp(hi) <= 0 {
			return Basic(k)
		}
	}
	return nil
}

// fromValue turns a converted value back into an operand.
func fromValue(v Value, t *Type) cval {
	out := cval{kind: v.Kind, i: v.Int, f: v.Float, s: v.Str, b: v.Bool}
	if u := t.Underlying(); u != nil && u.Kind == Enum {
		out.enum = u
	}
	if u := t.Underlying(); u != nil && u.Kind == WString {
		out.wide = true
	}
	return out
}

// evalInt folds an integer constant expression (an array size, an id).
func (c *checker) evalInt(e parser.Expr, s *scope, what string) (*big.Int, bool) {
	v, ok := c.eval(e, &evalEnv{scope: s})
	if !ok {
		return nil, false
	}
	if !v.isInt() {
		c.errs.Errorf(e.Position(), "%s must be an integer constant, not a %s value", what, v.describe())
		return nil, false
	}
	return v.i, true
}

// eval folds an expression. It returns false after reporting a problem.
func (c *checker) eval(e parser.Expr, env *evalEnv) (cval, bool) {
	switch x := e.(type) {
	case nil:
		return cval{}, false
	case *parser.BasicLit:
		switch x.Kind {
		case parser.IntLit:
			return cval{kind: IntValue, i: new(big.Int).SetUint64(x.Int)}, true
		case parser.FloatLit:
			return cval{kind: FloatValue, f: x.Float}, true
		case parser.CharLit:
			return cval{kind: CharValue, i: big.NewInt(int64(x.Char)), wide: x.Wide}, true
		case parser.StringLit:
			return cval{kind: StringValue, s: x.Str, wide: x.Wide}, true
		case parser.BoolLit:
			return cval{kind: BoolValue, b: x.Bool}, true
		}
		c.errs.Errorf(x.Pos, "unknown literal %s", x.Raw)
		return cval{}, false
	case *parser.ScopedName:
		return c.evalName(x, env)
	case *parser.UnaryExpr:
		v, ok := c.eval(x.X, env)
		if !ok {
			return v, false
		}
		return c.unary(x, v, env)
	case *parser.BinaryExpr:
		a, ok := c.eval(x.X, env)
		if !ok {
			return a, false
		}
		b, ok := c.eval(x.Y, env)
		if !ok {
			return b, false
		}
		return c.binary(x, a, b)
	}
	c.errs.Errorf(e.Position(), "unsupported constant expression")
	return cval{}, false
}

// evalName looks up a constant or enumerator.
func (c *checker) evalName(n *parser.ScopedName, env *evalEnv) (cval, bool) {
	sym := c.lookup(n, env.scope, env.exclude)
	if sym == nil {
		if !c.quiet(last(n.Parts)) {
			c.errs.Errorf(n.Pos, "undefined name %q", n.String())
		}
		return cval{}, false
	}
	switch sym.kind {
	case symConst:
		e := sym.cnst
		if e.state == resolving {
			c.errs.Errorf(n.Pos, "constant %q is defined in terms of itself", sym.scopedName())
			return cval{}, false
		}
		if !c.resolveConst(e) {
			return cval{}, false
		}
		return e.val, true
	case symEnumerator:
		c.ensure(sym.enum)
		if sym.index >= len(sym.enum.Enumerators) || !c.enumDone[sym.enum.Enumerators[sym.index]] {
			c.errs.Errorf(n.Pos, "enumerator %q is used before its value is known", n.String())
			return cval{}, false
		}
		return cval{kind: IntValue, i: big.NewInt(sym.enum.Enumerators[sym.index].Value), enum: sym.enum}, true
	}
	c.errs.Errorf(n.Pos, "%q is %s, not a constant", n.String(), article(sym.kind))
	return cval{}, false
}

func (c *checker) unary(x *parser.UnaryExpr, v cval, env *evalEnv) (cval, bool) {
	switch {
	case x.Op == "+" && (v.isInt() || v.kind == FloatValue):
		if v.isInt() {
			return cval{kind: IntValue, i: v.i}, true
		}
		return v, true
	case x.Op == "-" && v.isInt():
		return cval{kind: IntValue, i: new(big.Int).Neg(v.i)}, true
	case x.Op == "-" && v.kind == FloatValue:
		return cval{kind: FloatValue, f: -v.f}, true
	case x.Op == "~" && v.isInt():
		if w := unsignedWidth(env.target); w > 0 && v.i.Sign() >= 0 && v.i.BitLen() <= w {
			mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(w)), big.NewInt(1))
			return cval{kind: IntValue, i: new(big.Int).Xor(mask, v.i)}, true
		}
		return cval{kind: IntValue, i: new(big.Int).Not(v.i)}, true
	}
	c.errs.Errorf(x.Pos, "operator %q cannot be applied to a %s constant", x.Op, v.describe())
	return cval{}, false
}

// unsignedWidth returns the width of an unsigned integer type (word-sized
// ones: 64), or 0.
func unsignedWidth(t *Type) int {
	if t == nil {
		return 0
	}
	switch t.Underlying().Kind {
	case Octet:
		return 8
	case UShort:
		return 16
	case ULong:
		return 32
	case ULongLong, Word:
		return 64
	}
	return 0
}

func (c *checker) binary(x *parser.BinaryExpr, a, b cval) (cval, bool) {
	pos := x.OpPos
	if pos.Line == 0 {
		pos = x.Pos
	}
	switch {
	case a.isInt() && b.isInt():
		return c.intOp(x.Op, a.i, b.i, pos)
	case (a.isInt() || a.kind == FloatValue) && (b.isInt() || b.kind == FloatValue):
		fa, fb := toFloat(a), toFloat(b)
		switch x.Op {
		case "+":
			return cval{kind: FloatValue, f: fa + fb}, true
		case "-":
			return cval{kind: FloatValue, f: fa - fb}, true
		case "*":
			return cval{kind: FloatValue, f: fa * fb}, true
		case "/":
			if fb == 0 {
				c.errs.Errorf(pos, "division by zero")
				return cval{}, false
			}
			return cval{kind: FloatValue, f: fa / fb}, true
		}
		c.errs.Errorf(pos, "operator %q needs integer operands, not floating ones", x.Op)
		return cval{}, false
	case a.kind != b.kind:
		c.errs.Errorf(pos, "operator %q cannot mix %s and %s constant", x.Op, withArticle(a.describe()), withArticle(b.describe()))
		return cval{}, false
	}
	c.errs.Errorf(pos, "operator %q cannot be applied to %s constants", x.Op, a.describe())
	return cval{}, false
}

func toFloat(v cval) float64 {
	if v.kind == FloatValue {
		return v.f
	}
	f, _ := new(big.Float).SetInt(v.i).Float64()
	return f
}

func (c *checker) intOp(op string, a, b *big.Int, pos diag.Pos) (cval, bool) {
	r := new(big.Int)
	switch op {
	case "|":
		r.Or(a, b)
	case "^":
		r.Xor(a, b)
	case "&":
		r.And(a, b)
	case "+":
		r.Add(a, b)
	case "-":
		r.Sub(a, b)
	case "*":
		r.Mul(a, b)
	case "/", "%":
		if b.Sign() == 0 {
			c.errs.Errorf(pos, "division by zero")
			return cval{}, false
		}
		if op == "/" {
			r.Quo(a, b) // truncated, as in C
		} else {
			r.Rem(a, b)
		}
	case "<<", ">>":
		if b.Sign() < 0 || b.Cmp(big.NewInt(63)) > 0 {
			c.errs.Errorf(pos, "shift count %s is out of range 0..63", b)
			return cval{}, false
		}
		if op == "<<" {
			r.Lsh(a, uint(b.Int64()))
		} else {
			r.Rsh(a, uint(b.Int64()))
		}
	default:
		c.errs.Errorf(pos, "unknown operator %q", op)
		return cval{}, false
	}
	if r.BitLen() > 4096 {
		c.errs.Errorf(pos, "constant expression value is too large")
		return cval{}, false
	}
	return cval{kind: IntValue, i: r}, true
}

// intRange returns the range of an integer kind; word-sized kinds use
// wordBits.
func intRange(k Kind, wordBits int) (lo, hi *big.Int) {
	pow := func(n int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(n)) }
	one := big.NewInt(1)
	signed := func(n int) (*big.Int, *big.Int) {
		return new(big.Int).Neg(pow(n - 1)), new(big.Int).Sub(pow(n-1), one)
	}
	unsigned := func(n int) (*big.Int, *big.Int) { return big.NewInt(0), new(big.Int).Sub(pow(n), one) }
	switch k {
	case Int8:
		return signed(8)
	case Octet:
		return unsigned(8)
	case Short:
		return signed(16)
	case UShort:
		return unsigned(16)
	case Long, Enum:
		return signed(32)
	case ULong:
		return unsigned(32)
	case LongLong:
		return signed(64)
	case ULongLong:
		return unsigned(64)
	case Word:
		return unsigned(wordBits)
	case SignedWord:
		return signed(wordBits)
	case Char:
		return big.NewInt(-128), big.NewInt(255)
	case WChar:
		return big.NewInt(0), big.NewInt(0x10FFFF)
	}
	return big.NewInt(0), big.NewInt(0)
}

// convert checks that v can be a value of type t and converts it. what
// names the value for messages.
func (c *checker) convert(v cval, t *Type, pos diag.Pos, what string) (Value, bool) {
	u := t.Underlying()
	if u == nil {
		return Value{}, false
	}
	mismatch := func() (Value, bool) {
		c.errs.Errorf(pos, "%s of type %s cannot have %s value", what, t, withArticle(v.describe()))
		return Value{}, false
	}
	switch u.Kind {
	case Boolean:
		if v.kind != BoolValue {
			return mismatch()
		}
		return Value{Kind: BoolValue, Bool: v.b}, true
	case Float, Double, LongDouble:
		if !v.isInt() && v.kind != FloatValue {
			return mismatch()
		}
		f := toFloat(v)
		if u.Kind == Float && !math.IsInf(f, 0) && math.Abs(f) > math.MaxFloat32 {
			c.errs.Errorf(pos, "constant %g overflows %s", f, t)
			return Value{}, false
		}
		return Value{Kind: FloatValue, Float: f}, true
	case String, WString:
		if v.kind != StringValue {
			return mismatch()
		}
		if u.Len > 0 && int64(len([]rune(v.s))) > u.Len {
			c.errs.Errorf(pos, "string constant of length %d exceeds the bound %d of %s", len([]rune(v.s)), u.Len, t)
			return Value{}, false
		}
		return Value{Kind: StringValue, Str: v.s}, true
	case Enum:
		if v.kind != IntValue || v.enum != u {
			c.errs.Errorf(pos, "%s of enum type %s must be one of its enumerators", what, t)
			return Value{}, false
		}
		return Value{Kind: IntValue, Int: v.i}, true
	case Char, WChar:
		if !v.isInt() {
			return mismatch()
		}
		if !c.inRange(v.i, u.Kind, t, pos) {
			return Value{}, false
		}
		return Value{Kind: CharValue, Int: v.i}, true
	case Octet, Int8, Short, UShort, Long, ULong, LongLong, ULongLong, Word, SignedWord:
		if !v.isInt() {
			return mismatch()
		}
		if !c.inRange(v.i, u.Kind, t, pos) {
			return Value{}, false
		}
		if u.Kind == Word || u.Kind == SignedWord {
			if lo, hi := intRange(u.Kind, 32); v.i.Cmp(lo) < 0 || v.i.Cmp(hi) > 0 {
				c.errs.Warnf(pos, "constant %s does not fit a 32-bit word: it is cut to 32 bits on 32-bit targets", v.i)
			}
		}
		return Value{Kind: IntValue, Int: v.i}, true
	}
	c.errs.Errorf(pos, "constants of type %s are not supported", t)
	return Value{}, false
}

// inRange reports whether integer i fits kind k (reporting when not).
func (c *checker) inRange(i *big.Int, k Kind, t *Type, pos diag.Pos) bool {
	lo, hi := intRange(k, 64)
	if i.Cmp(lo) >= 0 && i.Cmp(hi) <= 0 {
		return true
	}
	if i.Sign() < 0 && lo.Sign() == 0 {
		c.errs.Errorf(pos, "constant %s overflows %s: it is negative and %s is unsigned", i, t, t)
		return false
	}
	c.errs.Errorf(pos, "constant %s overflows %s", i, t)
	return false
}
