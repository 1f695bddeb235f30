package cpp

import (
	"fmt"
	"strings"
	"testing"
)

func TestMacros(t *testing.T) {
	tests := []struct {
		name, src, want string
		diags           []string
	}{
		{name: "object-like", src: "#define N 10\nint a[N];", want: "int a [ 10 ] ;"},
		{name: "empty", src: "#define EMPTY\nEMPTY a EMPTY", want: "a"},
		{name: "space before paren is object-like", src: "#define P (x)\nP", want: "( x )"},
		{name: "function-like", src: "#define ADD(a, b) ((a)+(b))\nADD(1, 2)", want: "( ( 1 ) + ( 2 ) )"},
		{name: "no parameters", src: "#define Z() z\nZ() Z ( )", want: "z z"},
		{name: "name without paren", src: "#define F(x) [x]\nF + F", want: "F + F"},
		{name: "name without paren at end", src: "#define F(x) [x]\na F", want: "a F"},
		{name: "arguments span lines", src: "#define F(x, y) x|y\nF((a,b),\n c\n)", want: "( a , b ) | c"},
		{name: "empty arguments", src: "#define F(x, y) <x|y>\nF(,) F( , b)", want: "< | > < | b >"},
		{name: "arguments are expanded", src: "#define TWO 2\n#define SQ(x) x*x\nSQ(TWO)", want: "2 * 2"},
		{name: "nested invocation", src: "#define ID(x) x\nID(ID(ID(3)))", want: "3"},
		{name: "name from expansion, paren from source", src: "#define F(x) <x>\n#define G F\nG(3)", want: "< 3 >"},
		{name: "directive inside arguments", src: "#define F(x) x\nF(1\n#define Y 2\nY)", want: "1 2"},
		{name: "stringize", src: "#define S(x) #x\nS( a  \"b\\n\"   'c' +d)", want: `"a \"b\\n\" 'c' +d"`},
		{name: "stringize empty", src: "#define S(x) #x\nS()", want: `""`},
		{name: "stringize does not expand", src: "#define S(x) #x\n#define XS(x) S(x)\n#define V 42\nS(V) XS(V)", want: `"V" "42"`},
		{name: "hash in object-like macro", src: "#define H # x\nH", want: "# x"},
		{name: "paste", src: "#define C(a, b) a##b\nC(x, y) C(1, 2) C(, y) C(x, ) C(,) C(<,<=)", want: "xy 12 y x <<="},
		{name: "paste in object-like macro", src: "#define AB done\n#define O A ## B\nO", want: "done"},
		{name: "paste makes a macro name", src: "#define AB done\n#define C(a, b) a ## b\nC(A, B)", want: "done"},
		{name: "paste does not expand operands", src: "#define X 1\n#define C(a) a ## _t X ## a\nC(X)", want: "X_t XX"},
		{name: "paste chain", src: "#define C3(a, b, c) a ## b ## c\nC3(x, , z) C3(1, 2, 3)", want: "xz 123"},
		{name: "paste with stringize", src: "#define PS(x) L ## #x\nPS(a)", want: `L"a"`},
		{
			name: "invalid paste", src: "#define C(a, b) a##b\nC(+, /)", want: "+ /",
			diags: []string{`2:1: error: pasting "+" and "/" does not give a valid preprocessing token`},
		},
		{name: "variadic", src: "#define V(f, ...) f(__VA_ARGS__)\nV(p, 1, 2, (3, 4)) V(q)", want: "p ( 1 , 2 , ( 3 , 4 ) ) q ( )"},
		{name: "variadic only", src: "#define V(...) [__VA_ARGS__]\nV() V(a, b)", want: "[ ] [ a , b ]"},
		{name: "named variadic", src: "#define V(f, args...) f(args)\nV(p, 1, 2)", want: "p ( 1 , 2 )"},
		{name: "comma paste", src: "#define E(f, ...) f(0, ##__VA_ARGS__)\nE(g) E(g, 1, 2)", want: "g ( 0 ) g ( 0 , 1 , 2 )"},
		{name: "stringize variadic", src: "#define S(...) #__VA_ARGS__\nS(a, b ,c)", want: `"a, b ,c"`},
		{name: "self reference", src: "#define X X + 1\nX", want: "X + 1"},
		{name: "mutual reference", src: "#define A B\n#define B A\nA B", want: "A B"},
		{name: "function self reference", src: "#define f(x) f(x + 1)\nf(1)", want: "f ( 1 + 1 )"},
		{name: "painted stays painted", src: "#define id(x) x\nid(id)(1)", want: "id ( 1 )"},
		{name: "standard example", src: "#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)", want: "2 * 9 * g"},
		{
			name: "standard example 3",
			src: "#define x 3\n#define f(a) f(x * (a))\n#undef x\n#define x 2\n#define g f\n#define z z[0]\n" +
				"#define h g(~\n#define m(a) a(w)\n#define w 0,1\n#define t(a) a\n#define p() int\n" +
				"#define q(x) x\n#define r(x,y) x ## y\n#define str(x) # x\n" +
				"f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);\ng(x+(3,4)-w) | h 5) & m\n(f)^m(m);\n" +
				"p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };\nchar c[2][6] = { str(hello), str() };",
			want: "f ( 2 * ( y + 1 ) ) + f ( 2 * ( f ( 2 * ( z [ 0 ] ) ) ) ) % f ( 2 * ( 0 ) ) + t ( 1 ) ; " +
				"f ( 2 * ( 2 + ( 3 , 4 ) - 0 , 1 ) ) | f ( 2 * ( ~ 5 ) ) & f ( 2 * ( 0 , 1 ) ) ^ m ( 0 , 1 ) ; " +
				`int i [ ] = { 1 , 23 , 4 , 5 , } ; char c [ 2 ] [ 6 ] = { "hello" , "" } ;`,
		},
		{name: "builtins", src: "a __LINE__\n__FILE__\n#define L __LINE__\n\nL __L4IDL__", want: `a 1 "t.idl" 5 1`},
		{
			name: "redefinition", src: "#define A 1\n#define A  1 \n#define B a+b\n#define B a + b\n#define A 2",
			diags: []string{
				`4:9: warning: "B" redefined`,
				`3:9: note: this is the location of the previous definition`,
				`5:9: warning: "A" redefined`,
				`1:9: note: this is the location of the previous definition`,
			},
		},
		{name: "undef", src: "#define A 1\n#undef A\nA", want: "A"},
		{
			name: "define errors",
			src: "#define\n#define 3\n#define defined\n#define F(a,a)\n#define F(a\n#define F(a b)\n" +
				"#define F(x) #y\n#define G ## x\n#define G x ##\n#define F(x..., y)\n#define F(,)\n#define X+1\n" +
				"#define N(x) __VA_ARGS__\n#define F(__VA_ARGS__)",
			diags: []string{
				`1:1: error: no macro name given in #define directive`,
				`2:9: error: macro names must be identifiers`,
				`3:9: error: "defined" cannot be used as a macro name`,
				`4:13: error: duplicate macro parameter "a"`,
				`5:11: error: missing ')' in macro parameter list`,
				`6:13: error: expected ',' or ')' in macro parameter list, found "b"`,
				`7:14: error: '#' is not followed by a macro parameter`,
				`8:11: error: '##' cannot appear at either end of a macro expansion`,
				`9:13: error: '##' cannot appear at either end of a macro expansion`,
				`10:15: error: missing ')' after "..." in macro parameter list`,
				`11:11: error: expected parameter name, found ","`,
				`12:10: warning: missing whitespace after the macro name`,
				`13:14: warning: __VA_ARGS__ can only appear in the expansion of a variadic macro`,
				`14:11: error: __VA_ARGS__ can not be used as a parameter name`,
			},
		},
		{
			name: "undef errors", src: "#undef\n#undef 1\n#undef X Y\n#undef __LINE__\n__LINE__",
			want: "__LINE__",
			diags: []string{
				`1:1: error: no macro name given in #undef directive`,
				`2:8: error: macro names must be identifiers`,
				`3:10: warning: extra tokens at end of #undef directive`,
				`4:8: warning: undefining "__LINE__"`,
			},
		},
		{
			name: "argument count", src: "#define F(a, b) a\n#define Z() z\nF(1) F(1, 2, 3) Z(1) x",
			want: "F F Z x",
			diags: []string{
				`3:1: error: macro "F" requires 2 arguments, but only 1 given`,
				`3:6: error: macro "F" passed 3 arguments, but takes just 2`,
				`3:17: error: macro "Z" passed 1 arguments, but takes just 0`,
			},
		},
		{
			name: "unterminated arguments", src: "#define F(x) x\na F(1, (2)\n", want: "a F",
			diags: []string{`2:3: error: unterminated argument list invoking macro "F"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, errs := run(t, tc.src, nil)
			if got := spelling(r.Tokens); got != tc.want {
				t.Errorf("tokens = %q\nwant     %q", got, tc.want)
			}
			wantDiags(t, errs, false, tc.diags...)
		})
	}
}

func TestMacroArgumentsEndWithFile(t *testing.T) {
	tree(t, map[string]string{
		"m.idl": "#define F(x) x\n#include \"a.idl\"\n1)\n",
		"a.idl": "F(\n",
	})
	r, errs := runFile(t, "m.idl", nil)
	wantDiags(t, errs, true, `a.idl:1:1: error: unterminated argument list invoking macro "F"`)
	if got := spelling(r.Tokens); got != "F 1 )" {
		t.Errorf("tokens = %q", got)
	}
}

func TestExpansionPositions(t *testing.T) {
	src := "#define PLUS(a, b) a + b\n  PLUS(x,\n   y)\n#define INNER 5\n#define OUTER INNER+1\n\tOUTER PLUS(OUTER, 2)"
	r, errs := run(t, src, nil)
	wantDiags(t, errs, false)
	// Body tokens take the position of the macro name; argument tokens
	// keep where they were written (or the site of their own expansion).
	want := "x@2:8 +@2:3 y@3:4 5@6:2 +@6:2 1@6:2 5@6:13 +@6:13 1@6:13 +@6:8 2@6:20"
	var got []string
	for _, tok := range r.Tokens[:len(r.Tokens)-1] {
		got = append(got, fmt.Sprintf("%s@%d:%d", tok.Text, tok.Pos.Line, tok.Pos.Column))
	}
	if g := strings.Join(got, " "); g != want {
		t.Errorf("positions:\n%s\nwant\n%s", g, want)
	}
	if r.Tokens[0].Pos.Filename != "t.idl" {
		t.Errorf("file name %q", r.Tokens[0].Pos.Filename)
	}
}

func TestCommandLineMacros(t *testing.T) {
	opts := &Options{}
	opts.Define("V4")
	opts.Define("N=3+4")
	opts.Define("F(x)=x*2")
	opts.Define("EMPTY=")
	opts.Define("GONE")
	opts.Undefine("GONE")
	opts.Undefine("BACK")
	opts.Define("BACK=back")
	opts.Undefine("__L4IDL__")
	r, errs := run(t, "V4 N F(5) EMPTY GONE BACK __L4IDL__\n#ifdef __L4IDL__\nwrong\n#endif\n", opts)
	wantDiags(t, errs, false)
	if got, want := spelling(r.Tokens), "1 3 + 4 5 * 2 GONE back __L4IDL__"; got != want {
		t.Errorf("tokens = %q, want %q", got, want)
	}
	if p := r.Macros["N"].Pos; p.Filename != "<command line>" {
		t.Errorf("N defined at %v", p)
	}
	if p := r.Tokens[1].Pos; p.Line != 1 || p.Column != 4 || p.Filename != "t.idl" {
		t.Errorf("expansion of N at %v", p)
	}

	_, errs = run(t, "", &Options{Defines: map[string]string{"1X": "1", "Y(": "2"}})
	wantDiags(t, errs, true,
		"<command line>:1:1: error: -D1X: macro names must be identifiers",
		`<command line>:1:4: error: expected parameter name, found "2"`)

	if n, v := ParseDefine("A=B=C"); n != "A" || v != "B=C" {
		t.Errorf("ParseDefine = %q, %q", n, v)
	}
	if n, v := ParseDefine("A"); n != "A" || v != "1" {
		t.Errorf("ParseDefine = %q, %q", n, v)
	}
}

func TestExpansionLimits(t *testing.T) {
	// Exponential growth is cut off with an error instead of running out
	// of memory.
	var b strings.Builder
	b.WriteString("#define M0 x x\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "#define M%d M%d M%d\n", i, i-1, i-1)
	}
	b.WriteString("M39\n")
	_, errs := run(t, b.String(), nil)
	if errs.ErrorCount() != 1 || !strings.Contains(errs.Diags[0].Msg, "expansion stopped") {
		t.Errorf("diagnostics: %v", messages(errs, false))
	}

	// Deeply nested arguments are cut off too.
	src := "#define F(x) x\n" + strings.Repeat("F(", 300) + "1" + strings.Repeat(")", 300)
	r, errs := run(t, src, nil)
	if errs.ErrorCount() != 1 || !strings.Contains(errs.Diags[0].Msg, "nested more than") {
		t.Errorf("diagnostics: %v", messages(errs, false))
	}
	if len(r.Tokens) < 2 {
		t.Errorf("tokens %v", r.Tokens)
	}
}
