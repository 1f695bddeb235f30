package cpp

import (
	"fmt"
	"strings"
	"testing"
)

func TestEvalMacro(t *testing.T) {
	src := `#define A (4 << 10)
#define B A + 1
#define C 0xFFFFFFFFFFFFFFFFu
#define NEG (-5)
#define D foo
#define E 1.5
#define F(x) x
#define G 1/0
#define H
#define I defined(A)
#define J "s"
#define K (unsigned)3
#define L 'x'
#define M -N
#define P 1 +
#define Q (B) * 2 ? 7 : 8
#define R __LINE__
#define S A
#undef A
#define A 3
#define SELF SELF
`
	r, errs := run(t, src, nil)
	wantDiags(t, errs, false)
	tests := []struct {
		name     string
		ok       bool
		val      int64
		unsigned bool
	}{
		{name: "A", ok: true, val: 3},
		{name: "B", ok: true, val: 4},
		{name: "C", ok: true, val: -1, unsigned: true},
		{name: "NEG", ok: true, val: -5},
		{name: "L", ok: true, val: 'x'},
		{name: "Q", ok: true, val: 7},
		{name: "S", ok: true, val: 3},
		{name: "__L4IDL__", ok: true, val: 1},
		{name: "D"}, {name: "E"}, {name: "F"}, {name: "G"}, {name: "H"}, {name: "I"},
		{name: "J"}, {name: "K"}, {name: "M"}, {name: "P"}, {name: "SELF"},
		{name: "__FILE__"}, {name: "UNDEFINED"},
	}
	for _, tc := range tests {
		v, ok := r.EvalMacro(tc.name)
		if ok != tc.ok || v.Int != tc.val || v.Unsigned != tc.unsigned {
			t.Errorf("EvalMacro(%s) = %+v, %v; want {%d %v}, %v", tc.name, v, ok, tc.val, tc.unsigned, tc.ok)
		}
		i, ok := r.EvalMacroInt(tc.name)
		if ok != tc.ok || i != tc.val {
			t.Errorf("EvalMacroInt(%s) = %d, %v", tc.name, i, ok)
		}
	}
	if p := r.Macros["A"].Pos; p.Filename != "t.idl" || p.Line != 20 || p.Column != 9 {
		t.Errorf("A defined at %v", p)
	}
}

// A runaway macro is not a constant: EvalMacro gives up quickly.
func TestEvalMacroRunaway(t *testing.T) {
	var b strings.Builder
	b.WriteString("#define M0 1\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "#define M%d M%d+M%d\n", i, i-1, i-1)
	}
	r, errs := run(t, b.String(), nil)
	wantDiags(t, errs, false)
	if v, ok := r.EvalMacro("M10"); !ok || v.Int != 1024 {
		t.Errorf("M10 = %v, %v", v, ok)
	}
	if _, ok := r.EvalMacro("M39"); ok {
		t.Errorf("M39 evaluated")
	}
}
