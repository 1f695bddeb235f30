package parser

import (
	"bytes"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// parseText preprocesses and parses src as the IDL file "t.idl", without
// following imports.
func parseText(src string, errs *diag.List) *File {
	res := cpp.Preprocess("t.idl", []byte(src), nil, errs)
	return parseIDL("t.idl", res.Tokens, errs, nil)
}

func diagText(l *diag.List) string {
	var b bytes.Buffer
	for _, d := range l.Diags {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// TestGrammar parses one small snippet per construct and compares the
// tree, printed back as canonical IDL by format, with the expectation.
func TestGrammar(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// CORBA structure.
		{"module", "module m { interface i; };", "module m { interface i; };"},
		{"nested module", "module a { module b { const long x = 1; }; };", "module a { module b { const long x = 1; }; };"},
		{"forward interface", "interface frucht;", "interface frucht;"},
		{"inheritance", "interface a : b, ::c::d, e::f { };", "interface a : b, ::c::d, e::f { };"},
		{"stray semicolons", ";; interface a {};; ;", "interface a { };"},
		{"operation", `interface i { oneway void f(in long a, out string<5> b, inout sequence<short, 8> c) raises (e, m::e2) context("x", "y"); };`,
			`interface i { oneway void f(in long a, out string<5> b, inout sequence<short, 8> c) raises(e, m::e2) context(["x" "y"]); };`},
		{"no parameters", "interface i { long g(); void h(void); };", "interface i { long g(); void h(void); };"},
		{"pointer result", "interface i { char **f(); };", "interface i { char** f(); };"},
		{"attribute decl", "interface i { readonly attribute long a, b; attribute string s; };",
			"interface i { readonly attribute long a, b; attribute string s; };"},
		{"exception", "exception e { long code; string msg; }; exception empty {};",
			"exception e { long code; string msg; }; exception empty { };"},
		{"native fixed any", "native n; typedef fixed<5, 2> f; typedef fixed g; typedef any a; typedef Object o;",
			"native n; typedef fixed<5, 2> f; typedef fixed g; typedef any a; typedef Object o;"},
		{"import inside interface", `interface i { import "types.h"; short f(in ext_t a); };`,
			`interface i { import quoted:types.h; short f(in ext_t a); };`},

		// Types.
		{"integer types", "typedef unsigned long long a; typedef long long b; typedef unsigned short c; typedef short int d; typedef long int e; typedef unsigned f; typedef unsigned int g; typedef int h; typedef long unsigned int i;",
			"typedef unsigned long long a; typedef long long b; typedef unsigned short c; typedef short d; typedef long e; typedef unsigned long f; typedef unsigned long g; typedef long h; typedef unsigned long i;"},
		{"char and float types", "typedef char a; typedef signed char b; typedef unsigned char c; typedef wchar d; typedef float e; typedef double f; typedef long double g; typedef octet h; typedef boolean i; typedef void *j;",
			"typedef char a; typedef signed char b; typedef unsigned char c; typedef wchar d; typedef float e; typedef double f; typedef long double g; typedef octet h; typedef boolean i; typedef void *j;"},
		{"L4 types", "typedef fpage a; typedef threadid b; typedef word c; typedef signed_word d; typedef flexpage e; typedef byte f;",
			"typedef fpage a; typedef threadid b; typedef word c; typedef signed_word d; typedef fpage e; typedef octet f;"},
		{"L4 type names as identifiers", "interface i { int f([in] int fpage, in word word, in threadid threadid); };",
			"interface i { long f([in] long fpage, in word word, in threadid threadid); };"},
		{"string and sequence", "typedef string s; typedef wstring<10> w; typedef sequence<long> q; typedef sequence<sequence<t, 2> > qq;",
			"typedef string s; typedef wstring<10> w; typedef sequence<long> q; typedef sequence<sequence<t, 2>> qq;"},
		{"scoped types", "typedef ::a::b t; typedef a::b u;", "typedef ::a::b t; typedef a::b u;"},
		{"declarators", "typedef long a[2][3], *b, **c[];", "typedef long a[2][3], *b, **c[];"},
		{"ref", "interface i { ref short eta(in ref short a, out ref void c); };",
			"interface i { ref short eta(in ref short a, out ref void c); };"},

		// Constant expressions.
		{"precedence", "const long a = 1 | 2 ^ 3 & 4 << 5 + 6 * -7 % ~8;",
			"const long a = (1 | (2 ^ (3 & (4 << (5 + ((6 * -7) % ~8))))));"},
		{"left associative", "const long a = 10 - 2 - 3; const long b = 64 >> 2 >> 1; const long c = 8 / 2 / 2;",
			"const long a = ((10 - 2) - 3); const long b = ((64 >> 2) >> 1); const long c = ((8 / 2) / 2);"},
		{"parentheses", "const long b = (1 + 2) * +3;", "const long b = ((1 + 2) * +3);"},
		{"integer literals", "const unsigned long c = 0x10 + 017 + 5u + 12UL + 0;", "const unsigned long c = ((((16 + 15) + 5u) + 12u) + 0);"},
		{"other literals", `const char d = 'a'; const wchar e = L'\x41'; const string s = "a\n" "b"; const wstring w = L"x"; const boolean t = TRUE; const boolean f = FALSE; const double g = 1.5e3;`,
			`const char d = 'a'; const wchar e = L'A'; const string s = "a\nb"; const wstring w = L"x"; const boolean t = TRUE; const boolean f = FALSE; const double g = 1500;`},
		{"names in expressions", "const long h = m::x + ::y * Z;", "const long h = (m::x + (::y * Z));"},
		{"typed by name", "const L4_Word_t x = 1;", "const L4_Word_t x = 1;"},

		// Structs, unions, enums.
		{"struct", "struct s { long a, b; char c[4]; t::u d; };", "struct s { long a, b; char c[4]; t::u d; };"},
		{"typedef struct", "typedef struct tag { long a; } name, *pname;", "typedef struct tag { long a; } name, *pname;"},
		{"anonymous struct", "typedef struct { char a; char b; } t_d;", "typedef struct { char a; char b; } t_d;"},
		{"forward struct", "struct s;", "struct s;"},
		{"empty struct", "struct s {};", "struct s { };"},
		{"nested types and bit-fields", "typedef struct { union { long raw; struct { long a : 1; long b : 3; } x; } status; long y; } t;",
			"typedef struct { union { long raw; struct { long a : 1; long b : 3; } x; } status; long y; } t;"},
		{"member attributes", "typedef struct { long a; [handle] aliases b; [string] char *cmd; } t;",
			"typedef struct { long a; [handle] aliases b; [string] char *cmd; } t;"},
		{"CORBA union", "union u switch (long) { case 1: case 2: long a; default: char b; };",
			"union u switch(long) { case 1: case 2: long a; default: char b; };"},
		{"DCE encapsulated union", "typedef union tag switch (long d) body { case 1: struct s { [string] char *c; } x; default: long d; } name;",
			"typedef union tag switch(long d) body { case 1: struct s { [string] char *c; } x; default: long d; } name;"},
		{"DCE union without tag", "union switch (short k) { case 1: long a; };", "union switch(short k) { case 1: long a; };"},
		{"DCE non-encapsulated union", "typedef [switch_type(unsigned long)] union u { [case(1, 2)] long a; [default] ; } v;",
			"[switch_type(type:unsigned long)] typedef union u { [case(1, 2)] long a; [default] ; } v;"},
		{"C union", "typedef union { int a; char b; } t_union;", "typedef union { long a; char b; } t_union;"},
		{"enum", "enum e { a, b, c };", "enum e { a, b, c };"},
		{"enum values and trailing comma", "typedef enum { x = 1, y = x + 1, } t;", "typedef enum { x = 1, y = (x + 1) } t;"},

		// Operations returning struct types are not type declarations.
		{"struct result", "interface i { struct s *f(); struct s g(in struct s x); };",
			"interface i { struct s* f(); struct s g(in struct s x); };"},

		// DCE.
		{"library", "library l { typedef long t; [uuid(2)] interface i {}; };", "library l { typedef long t; [uuid(2)] interface i { }; };"},
		{"attribute lists", "[uuid(1), local] interface i { [uuid(2), oneway] void f([in, out, size_is(n)] char **buf, [in] int n); };",
			"[uuid(1), local] interface i { [uuid(2), oneway] void f([in, out, size_is(n)] char **buf, [in] long n); };"},
		{"several attribute lists", "[uuid(37)] [async_handler]\n[uuid(41)] interface v {};",
			"[uuid(37), async_handler, uuid(41)] interface v { };"},
		{"trailing comma in attributes", "[uuid(1),] interface i {};", "[uuid(1)] interface i { };"},
		{"UUID literal", "[uuid(6ba7b810-9dad-11d1-80b4-00c04fd430c8)] interface i {};",
			"[uuid(uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8)] interface i { };"},
		{"attribute arguments", "interface i { [kernelmsg(idl4::pagefault)] void pf([in, transmit_as(unsigned char), max_is(A + 1), helpstring(\"x\")] char *p); };",
			"interface i { [kernelmsg(idl4::pagefault)] void pf([in, transmit_as(type:unsigned char), max_is((A + 1)), helpstring(\"x\")] char *p); };"},
		{"raw attribute argument", "[odd(a b c)] interface i {};", "[odd(raw:a b c)] interface i { };"},
		{"DCE parameters", "interface i { long f(l4_threadid_t t, [out] L4_ThreadId_t *tid, [in] char res[], char id[20], [in, ref] struct Nh_iface *iface); };",
			"interface i { long f(l4_threadid_t t, [out] L4_ThreadId_t *tid, [in] char res[], char id[20], [in, ref] struct Nh_iface *iface); };"},
		{"mixed parameters", "interface i { void f([max_value(7)] in short p, [prealloc] inout buf_t a, out double *len); };",
			"interface i { void f([max_value(7)] in short p, [prealloc] inout buf_t a, out double *len); };"},
		{"typedef attributes", "[public] typedef [ref] long *p;", "[public, ref] typedef long *p;"},
		{"Magpie interfaces without semicolon", "interface a { int f(in char* b); }\ninterface b { }",
			"interface a { long f(in char *b); }; interface b { };"},
		{"keywords of other dialects as names", "interface if { long delete(); void register([in] long type, [in] long event); };",
			"interface if { long delete(); void register([in] long type, [in] long event); };"},
		{"imports", `import "a.idl"; import <b.h>, "c.h"; import <d.idl>`,
			"import quoted:a.idl; import system:b.h, quoted:c.h; import system:d.idl;"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errs diag.List
			f := parseText(tc.src, &errs)
			if len(errs.Diags) > 0 {
				t.Fatalf("diagnostics:\n%s", diagText(&errs))
			}
			if got := format(f); got != tc.want {
				t.Errorf("parse(%q):\n got %s\nwant %s", tc.src, got, tc.want)
			}
		})
	}
}

// TestGrammarDetails checks fields that the canonical form does not show.
func TestGrammarDetails(t *testing.T) {
	var errs diag.List
	f := parseText(`
[uuid(7)]
interface i : b {
  [uuid(1)] long f([in, out] long a, in long b, [out] long *c, long d);
};
typedef [switch_type(my_t)] union u { [case(1)] long a; } v;
`, &errs)
	if errs.HasErrors() {
		t.Fatal(diagText(&errs))
	}
	def := f.Defs[0]
	it := def.Decl.(*Interface)
	if def.Pos.Line != 2 || def.Pos.Column != 1 || it.Pos.Line != 3 || it.Pos.Column != 1 {
		t.Errorf("positions: definition %v, interface %v", def.Pos, it.Pos)
	}
	if def.EndPos.Line != 6 || it.EndPos.Line != 6 {
		t.Errorf("end positions: definition %v, interface %v", def.EndPos, it.EndPos)
	}
	if len(it.Attrs) != 1 || it.Attrs[0] != def.Attrs[0] || it.Attributes()[0].Name != "uuid" {
		t.Errorf("interface attributes not shared with the definition: %v", it.Attrs)
	}
	uuid := FindAttr(it.Attrs, "uuid").Arg(0).Expr.(*BasicLit)
	if uuid.Int != 7 || uuid.Pos.Line != 2 || uuid.Pos.Column != 7 {
		t.Errorf("uuid argument %+v", uuid)
	}
	op := it.Defs[0].Decl.(*Operation)
	if op.Name != "f" || !HasAttr(op.Attrs, "uuid") || op.Pos.Line != 4 || op.Pos.Column != 13 {
		t.Errorf("operation %+v", op)
	}
	wantDirs := []Direction{DirInOut, DirIn, DirOut, DirNone}
	for i, p := range op.Params {
		if p.Direction() != wantDirs[i] {
			t.Errorf("param %s: direction %v, want %v", p.Name(), p.Direction(), wantDirs[i])
		}
	}
	if op.Params[2].Declarator.Pointers != 1 || op.Params[2].Pos.Column != 49 {
		t.Errorf("param c: %+v at %v", op.Params[2].Declarator, op.Params[2].Pos)
	}
	td := f.Defs[1].Decl.(*Typedef)
	st := FindAttr(td.Attrs, "switch_type").Arg(0)
	if st.AsName() == nil || st.AsType().Named.String() != "my_t" {
		t.Errorf("switch_type argument: %+v", st)
	}
	arm := td.Type.Union.Arms[0]
	if c := FindAttr(arm.Member.Attrs, "case"); c == nil || c.Arg(0).Expr.(*BasicLit).Int != 1 {
		t.Errorf("case attribute: %+v", arm.Member.Attrs)
	}
	if got := td.Type.String(); got != "union u" {
		t.Errorf("TypeSpec.String = %q", got)
	}
}

func TestTypeSpecString(t *testing.T) {
	var errs diag.List
	f := parseText(`typedef unsigned long int a; typedef sequence<string<8>, N * 2> b; typedef struct { long x; } c; typedef ::m::t d; typedef fixed<4, 1> e;`, &errs)
	if errs.HasErrors() {
		t.Fatal(diagText(&errs))
	}
	want := []string{"unsigned long int", "sequence<string<8>, N * 2>", "struct <anonymous>", "::m::t", "fixed<4, 1>"}
	for i, d := range f.Defs {
		if got := d.Decl.(*Typedef).Type.String(); got != want[i] {
			t.Errorf("def %d: String() = %q, want %q", i, got, want[i])
		}
	}
}

func TestExprString(t *testing.T) {
	var errs diag.List
	f := parseText(`const long a = (A + 1) * 2 - -B % (C | D) << 3;`, &errs)
	if errs.HasErrors() {
		t.Fatal(diagText(&errs))
	}
	if got, want := ExprString(f.Defs[0].Decl.(*Const).Value), "(A + 1) * 2 - -B % (C | D) << 3"; got != want {
		t.Errorf("ExprString = %q, want %q", got, want)
	}
}

// TestSyntaxErrors checks the first diagnostic for invalid input: its
// position and its text.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"interface X { void f() }", `t.idl:1:24: error: syntax error: unexpected "}", expected ";"`},
		{"interface X { void f(in long) ; ", `t.idl:1:32: error: syntax error: unexpected end of file, expected "}"`},
		{"interface X { void f(in long a, ) ; };", `t.idl:1:33: error: syntax error: unexpected ")", expected parameter`},
		{"interface X { void f(in long a b); };", `t.idl:1:32: error: syntax error: unexpected "b", expected ")"`},
		{"interface X : { };", `t.idl:1:15: error: syntax error: unexpected "{", expected name`},
		{"interface X ( };", `t.idl:1:13: error: syntax error: unexpected "(", expected ":", "{" or ";"`},
		{"interface X { void 1f(); };", `t.idl:1:20: error: syntax error: unexpected number 1f, expected name`},
		{"interface X { void f() raises (); };", `t.idl:1:32: error: syntax error: unexpected ")", expected name`},
		{"interface X { attribute long; };", `t.idl:1:29: error: syntax error: unexpected ";", expected name`},
		{"module { };", `t.idl:1:8: error: syntax error: unexpected "{", expected name`},
		{"}", `t.idl:1:1: error: syntax error: unexpected "}", expected declaration`},
		{"foo bar baz;", `t.idl:1:9: error: syntax error: unexpected "baz", expected "("`},
		{"[uuid(1) interface X {};", `t.idl:1:10: error: syntax error: unexpected "interface", expected "]"`},
		{"[uuid(1)] ;", `t.idl:1:11: error: syntax error: unexpected ";", expected declaration`},
		{"const long X = ;", `t.idl:1:16: error: syntax error: unexpected ";", expected expression`},
		{"const long X = 1 +;", `t.idl:1:19: error: syntax error: unexpected ";", expected expression`},
		{"const long X = (1;", `t.idl:1:18: error: syntax error: unexpected ";", expected ")"`},
		{"const long X = 08;", `t.idl:1:16: error: invalid digit "8" in octal constant 08`},
		{"const long X = 99999999999999999999;", `t.idl:1:16: error: integer constant 99999999999999999999 is too large`},
		{`const string S = "abc\q";`, `t.idl:1:18: error: unknown escape sequence '\q' in string literal`},
		{"const char C = 'ab';", `t.idl:1:16: error: character constant 'ab' holds more than one character`},
		{"typedef long;", `t.idl:1:13: error: syntax error: unexpected ";", expected name`},
		{"typedef short char x;", `t.idl:1:9: error: invalid type "short char": these words do not combine`},
		{"typedef sequence<long x;", `t.idl:1:23: error: syntax error: unexpected "x", expected ">"`},
		{"typedef string<> s;", `t.idl:1:16: error: syntax error: unexpected ">", expected expression`},
		{"struct S { long a };", `t.idl:1:19: error: syntax error: unexpected "}", expected ";"`},
		{"union U switch (long) { case 1 long a; };", `t.idl:1:32: error: syntax error: unexpected "long", expected ":"`},
		{"enum E { A, B", `t.idl:1:14: error: syntax error: unexpected end of file, expected "}"`},
		{"import ;", `t.idl:1:8: error: syntax error: unexpected ";", expected file name`},
		{"interface X { void f([in long a); };", `t.idl:1:26: error: syntax error: unexpected "long", expected "]"`},
		{"interface X { void f([size_is(n] long a); };", `t.idl:1:32: error: syntax error: unexpected "]", expected ")"`},
		{"interface X {\n  long f(in long a)\n};", `t.idl:3:1: error: syntax error: unexpected "}", expected ";"`},
	}
	for _, tc := range tests {
		var errs diag.List
		parseText(tc.src, &errs)
		if len(errs.Diags) == 0 {
			t.Errorf("%q: no diagnostic, want %s", tc.src, tc.want)
			continue
		}
		if got := errs.Diags[0].String(); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
		if errs.ErrorCount() != 1 {
			t.Errorf("%q: %d errors, want only the first:\n%s", tc.src, errs.ErrorCount(), diagText(&errs))
		}
	}
}

// TestNoPanics feeds prefixes and mutations of valid input to the parser:
// whatever the input, it must report errors, never crash.
func TestNoPanics(t *testing.T) {
	src := `[uuid(1)] library l { typedef [switch_type(long)] union u { [case(1)] long a; [default] ; } v;
interface i : j { [uuid(2)] long f([in, size_is(n)] char *b, in sequence<long, 4> s, out string<8> t) raises (e);
exception e { long c; }; enum k { a = 1 << 2, b }; const long c = (1 + 2) * 3; struct s { long x : 3; }; }; };`
	for i := 0; i <= len(src); i++ {
		for _, variant := range []string{src[:i], src[:i] + "}", src[i:], strings.Replace(src, src[i:min(i+1, len(src))], ";", 1)} {
			var errs diag.List
			parseText(variant, &errs)
			for _, d := range errs.Diags {
				if d.Severity == diag.Internal {
					t.Fatalf("%q: %s", variant, d)
				}
			}
		}
	}
}

// FuzzParse checks that no input crashes the parser (go test -fuzz
// FuzzParse ./parser); without -fuzz it runs the seeds.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"interface i { void f([in, size_is(n)] char *b, in long n); };",
		"typedef [switch_type(long)] union u { [case(1)] long a; [default] ; } v;",
		"const long x = (1 << 3) | ~A::B;",
		"library l { [uuid(1)] interface i : j { oneway void f(in sequence<string<8>, 4> s) raises (e); } };",
		"typedef struct { long a : 3; union switch (long d) u { case 1: char c; } x; } t;",
		`import "a.idl", <b.h>; [uuid(6ba7b810-9dad-11d1-80b4-00c04fd430c8)] module m { enum e { a = 1, }; };`,
		// Recovery: several errors, missing semicolons, unclosed bodies.
		"typedef long t\ninterface i { void f(in 42 a); void g(in out long b)\n void h(; };\n}; const long c = ;",
		"module m { interface i { struct s { long a; ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var errs diag.List
		parseText(src, &errs)
		for _, d := range errs.Diags {
			if d.Severity == diag.Internal {
				t.Fatalf("%q: %s", src, d)
			}
		}
	})
}

func TestFields(t *testing.T) {
	var errs diag.List
	f := parseText("struct s { long a, *b; struct { char c; }; [default] ; };", &errs)
	if errs.HasErrors() {
		t.Fatal(diagText(&errs))
	}
	var got []string
	for _, fl := range Fields(f.Defs[0].Decl.(*TypeDecl).Struct.Members) {
		name := "<none>"
		if fl.Declarator != nil {
			name = fl.Declarator.Name
		}
		got = append(got, memberString(fl.Member)+" "+name)
	}
	want := "long a, *b; a|long a, *b; b|struct { char c; }; <none>|[default] ; <none>"
	if strings.Join(got, "|") != want {
		t.Errorf("Fields:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// TestNamePositions checks the positions of declared names, which
// diagnostics about the declarations point at.
func TestNamePositions(t *testing.T) {
	var errs diag.List
	f := parseText(`module m {
 interface i {
  long *op(in char **p) context("x");
 };
 const long c = 1; native n; exception e { long **code; };
 typedef long a, *b;
 struct s { long x; }; union u switch (long) { case 1: long y; }; enum en { E };
};`, &errs)
	if errs.HasErrors() {
		t.Fatal(diagText(&errs))
	}
	at := func(what string, p diag.Pos, line, col int) {
		t.Helper()
		if p.Line != line || p.Column != col {
			t.Errorf("%s at %d:%d, want %d:%d", what, p.Line, p.Column, line, col)
		}
	}
	m := f.Defs[0].Decl.(*Module)
	at("module", m.NamePos, 1, 8)
	it := m.Defs[0].Decl.(*Interface)
	at("interface", it.NamePos, 2, 12)
	op := it.Defs[0].Decl.(*Operation)
	at("operation", op.NamePos, 3, 9)
	at("context", op.ContextPos, 3, 25)
	at("direction", op.Params[0].DirPos, 3, 12)
	at("parameter", op.Params[0].Declarator.NamePos, 3, 22)
	at("constant", m.Defs[1].Decl.(*Const).NamePos, 5, 13)
	at("native", m.Defs[2].Decl.(*Native).NamePos, 5, 27)
	exc := m.Defs[3].Decl.(*Exception)
	at("exception", exc.NamePos, 5, 40)
	at("member", exc.Members[0].Declarators[0].NamePos, 5, 51)
	td := m.Defs[4].Decl.(*Typedef)
	at("typedef", td.Declarators[1].NamePos, 6, 19)
	at("struct tag", m.Defs[5].Decl.(*TypeDecl).Struct.TagPos, 7, 9)
	at("union tag", m.Defs[6].Decl.(*TypeDecl).Union.TagPos, 7, 30)
	at("enum tag", m.Defs[7].Decl.(*TypeDecl).Enum.TagPos, 7, 72)
}
