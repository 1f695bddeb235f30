package ir

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// checkFiles parses main (named t.idl) with the other files readable by
// name (for import and #include) and checks it. Parse errors fail the
// test: the inputs here are meant to be syntactically valid.
func checkFiles(t *testing.T, main string, files map[string]string) (*Program, *diag.List) {
	t.Helper()
	opts := &parser.Options{CPP: cpp.Options{ReadFile: func(name string) ([]byte, error) {
		if src, ok := files[name]; ok {
			return []byte(src), nil
		}
		return nil, os.ErrNotExist
	}}}
	var errs diag.List
	parsed := parser.ParseSource("t.idl", []byte(main), opts, &errs)
	if errs.HasErrors() {
		t.Fatalf("parse errors:\n%s", ckDiags(&errs))
	}
	return Check(parsed, &errs), &errs
}

// checkOK checks src and fails the test on any error.
func checkOK(t *testing.T, src string, files ...map[string]string) (*Program, *diag.List) {
	t.Helper()
	var fs map[string]string
	if len(files) > 0 {
		fs = files[0]
	}
	p, errs := checkFiles(t, src, fs)
	if errs.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", ckDiags(errs))
	}
	return p, errs
}

func ckDiags(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Diags {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// warnings returns the warning messages.
func warnings(l *diag.List) []string {
	var out []string
	for _, d := range l.Diags {
		if d.Severity == diag.Warning {
			out = append(out, d.Msg)
		}
	}
	return out
}

func findIface(t *testing.T, p *Program, name string) *Interface {
	t.Helper()
	for _, it := range p.Interfaces {
		if it.ScopedName() == name {
			return it
		}
	}
	t.Fatalf("no interface %s", name)
	return nil
}

func ckOp(t *testing.T, it *Interface, name string) *Operation {
	t.Helper()
	for _, op := range it.Ops {
		if op.Name == name {
			return op
		}
	}
	t.Fatalf("no operation %s in %s", name, it.ScopedName())
	return nil
}

func findType(t *testing.T, p *Program, name string) *Type {
	t.Helper()
	for _, ty := range p.Types {
		if ty.ScopedName() == name {
			return ty
		}
	}
	t.Fatalf("no type %s", name)
	return nil
}

func findConst(t *testing.T, p *Program, name string) *Const {
	t.Helper()
	for _, c := range p.Consts {
		if c.ScopedName() == name {
			return c
		}
	}
	t.Fatalf("no constant %s", name)
	return nil
}

// opSig renders an operation for comparisons: "name#fid@label(dir name: type, ...)".
func opSig(op *Operation) string {
	var ps []string
	for _, p := range op.Params {
		ps = append(ps, fmt.Sprintf("%s %s: %s", p.Dir, p.Name, p.Type))
	}
	return fmt.Sprintf("%s#%d@0x%X(%s) %s", op.Name, op.FuncID, op.Label, strings.Join(ps, ", "), op.Result)
}

func TestCheckBuiltinTypes(t *testing.T) {
	p, _ := checkOK(t, `
typedef int a; typedef unsigned b; typedef long int c; typedef signed char d;
typedef unsigned char e; typedef long long f; typedef unsigned long long g;
typedef short h; typedef unsigned short i; typedef char j; typedef octet k;
typedef boolean l; typedef float m; typedef double n; typedef long double o;
typedef word p; typedef signed_word q; typedef fpage r; typedef threadid s;
typedef Object u; typedef wchar v; typedef string w; typedef wstring<5> x;
typedef sequence<long, 4> y; typedef long z[2][3]; typedef unsigned long ul;
`)
	want := map[string]string{
		"a": "long", "b": "unsigned long", "c": "long", "d": "int8", "e": "octet",
		"f": "long long", "g": "unsigned long long", "h": "short", "i": "unsigned short",
		"j": "char", "k": "octet", "l": "boolean", "m": "float", "n": "double", "o": "long double",
		"p": "word", "q": "signed_word", "r": "fpage", "s": "threadid", "u": "Object", "v": "wchar",
		"w": "string", "x": "wstring<5>", "y": "sequence<long, 4>", "z": "long[3][2]", "ul": "unsigned long",
	}
	for name, w := range want {
		ty := findType(t, p, name)
		if ty.Kind != Alias || ty.Elem.String() != w {
			t.Errorf("%s: got %v %s, want alias of %s", name, ty.Kind, ty.Elem, w)
		}
	}
	z := findType(t, p, "z").Elem
	if z.Kind != Array || z.Len != 2 || z.Elem.Kind != Array || z.Elem.Len != 3 {
		t.Errorf("z: long[2][3] should be array 2 of array 3, got %s", z)
	}
}

func TestCheckCHeaderTypes(t *testing.T) {
	files := map[string]string{
		"c.h": `typedef unsigned long L4_Word_t;
typedef long sw_t;
typedef unsigned int u32;
struct point { int x, y; };
typedef struct point point_t;
enum color { RED, GREEN = 5, BLUE };
#define MAX_NAME 32
#define NEG (-4)
#define BIG 0x100000000
`,
		"i.idl": `module m { typedef long imported_t; interface base { void f(); }; };`,
	}
	p, _ := checkOK(t, `
import "c.h";
import "i.idl";
module x {
  interface y : m::base {
    void g(in L4_Word_t a, in sw_t b, in point_t c, in color d, in m::imported_t e, in string<MAX_NAME> f);
  };
};
const long neg = NEG;
`, files)
	g := ckOp(t, findIface(t, p, "x::y"), "g")
	want := []string{"L4_Word_t", "sw_t", "point_t", "color", "m::imported_t", "string<32>"}
	for i, w := range want {
		if got := g.Params[i].Type.String(); got != w {
			t.Errorf("param %d: got %s, want %s", i, got, w)
		}
	}
	if k := g.Params[0].Type.Underlying().Kind; k != Word {
		t.Errorf("L4_Word_t is %v, want word", k)
	}
	if k := g.Params[1].Type.Underlying().Kind; k != SignedWord {
		t.Errorf("C long is %v, want signed_word", k)
	}
	pt := findType(t, p, "point")
	if !pt.Imported || !pt.FromC || len(pt.Fields) != 2 {
		t.Errorf("struct point: imported=%v fromC=%v fields=%d", pt.Imported, pt.FromC, len(pt.Fields))
	}
	color := findType(t, p, "color")
	var vals []int64
	for _, e := range color.Enumerators {
		vals = append(vals, e.Value)
	}
	if fmt.Sprint(vals) != "[0 5 6]" {
		t.Errorf("enum color values %v, want [0 5 6]", vals)
	}
	it := findType(t, p, "m::imported_t")
	if !it.Imported || it.FromC {
		t.Errorf("m::imported_t: imported=%v fromC=%v", it.Imported, it.FromC)
	}
	if base := findIface(t, p, "m::base"); !base.Imported {
		t.Errorf("m::base should be imported")
	}
	if y := findIface(t, p, "x::y"); y.Imported {
		t.Errorf("x::y should not be imported")
	}
	if c := findConst(t, p, "MAX_NAME"); c.Type.Kind != Long || c.Value.Int.Int64() != 32 || !c.Imported {
		t.Errorf("MAX_NAME: %s %v imported=%v", c.Type, c.Value.Int, c.Imported)
	}
	if c := findConst(t, p, "BIG"); c.Type.Kind != LongLong {
		t.Errorf("BIG: type %s, want long long", c.Type)
	}
	if c := findConst(t, p, "neg"); c.Value.Int.Int64() != -4 {
		t.Errorf("neg = %v", c.Value.Int)
	}
}

func TestCheckConstants(t *testing.T) {
	p, _ := checkOK(t, `
const long a = (1 + 2) * 3 - 4 / 2 % 3;
const long b = 1 << 4 | 3 & 1 ^ 2;
const long c = -a;
const unsigned long d = ~0;
const long e = ~0;
const octet f = 0xff;
const long long g = (1 << 40) >> 20;
const double h = 1.5 * 2 + 1;
const char i = 'x';
const string j = "abc";
const boolean k = TRUE;
enum color { red, green, blue };
const color l = blue;
const long m = green + 10;
const unsigned short n = ~1;
const float o = 2;
const L4_Word_t p = 1 << 3;
module q { const long r = a * 2; interface s { const long t = r + ::a; }; };
`, map[string]string{})
	want := map[string]string{
		"a": "7", "b": "19", "c": "-7", "d": "4294967295", "e": "-1", "f": "255",
		"g": "1048576", "l": "2", "m": "11", "n": "65534", "p": "8", "q::r": "14", "q::s::t": "21",
	}
	for name, w := range want {
		c := findConst(t, p, name)
		if c.Value.Int == nil || c.Value.Int.String() != w {
			t.Errorf("%s = %v, want %s", name, c.Value.Int, w)
		}
	}
	if c := findConst(t, p, "h"); c.Value.Kind != FloatValue || c.Value.Float != 4 {
		t.Errorf("h = %+v", c.Value)
	}
	if c := findConst(t, p, "i"); c.Value.Kind != CharValue || c.Value.Int.Int64() != 'x' {
		t.Errorf("i = %+v", c.Value)
	}
	if c := findConst(t, p, "j"); c.Value.Kind != StringValue || c.Value.Str != "abc" {
		t.Errorf("j = %+v", c.Value)
	}
	if c := findConst(t, p, "k"); c.Value.Kind != BoolValue || !c.Value.Bool {
		t.Errorf("k = %+v", c.Value)
	}
	if c := findConst(t, p, "o"); c.Value.Kind != FloatValue || c.Value.Float != 2 {
		t.Errorf("o = %+v", c.Value)
	}
	// Declaration order.
	var names []string
	for _, c := range p.Consts {
		names = append(names, c.ScopedName())
	}
	if got := strings.Join(names, " "); got != "a b c d e f g h i j k l m n o p q::r q::s::t" {
		t.Errorf("constant order: %s", got)
	}
}

// TestCheckSelfReference: a constant whose value names itself means the
// declaration the name has outside the constant (corpus: afterburner's
// ILogging::max_cpus = max_cpus), in an outer scope or a base.
func TestCheckSelfReference(t *testing.T) {
	p, _ := checkOK(t, `
const long max_cpus = 16;
interface logging { const long max_cpus = max_cpus; };
interface base { const long n = 3; };
interface derived : base { const long n = n + 1; };
`)
	if c := findConst(t, p, "logging::max_cpus"); c.Value.Int.Int64() != 16 {
		t.Errorf("logging::max_cpus = %v, want 16", c.Value.Int)
	}
	if c := findConst(t, p, "derived::n"); c.Value.Int.Int64() != 4 {
		t.Errorf("derived::n = %v, want 4", c.Value.Int)
	}
}

func TestCheckScoping(t *testing.T) {
	p, errs := checkOK(t, `
module a {
  typedef long t;
  module b { typedef short t; typedef t inner; typedef ::a::t outer; };
  typedef b::t fromb;
  interface I { typedef char c; enum e { one, two }; };
  interface J : I { typedef c jc; void f(in e x, in jc y, in I::e z); const long k = two; };
};
module a { typedef t again; };
interface fwd;
interface user { void g(in fwd f); };
interface fwd { void h(); };
typedef long L4_Word_t;
interface ci { void k(in l4_word_t w); };
`)
	checks := map[string]string{"a::b::inner": "a::b::t", "a::b::outer": "a::t", "a::fromb": "a::b::t", "a::again": "a::t", "a::J::jc": "a::I::c"}
	for name, w := range checks {
		if got := findType(t, p, name).Elem.ScopedName(); got != w {
			t.Errorf("%s aliases %s, want %s", name, got, w)
		}
	}
	f := ckOp(t, findIface(t, p, "a::J"), "f")
	if f.Params[0].Type.ScopedName() != "a::I::e" || f.Params[2].Type != f.Params[0].Type {
		t.Errorf("f params: %s", opSig(f))
	}
	if c := findConst(t, p, "a::J::k"); c.Value.Int.Int64() != 1 {
		t.Errorf("a::J::k = %v", c.Value.Int)
	}
	g := ckOp(t, findIface(t, p, "user"), "g")
	if g.Params[0].Type.Kind != ObjRef || g.Params[0].Type.ScopedName() != "fwd" {
		t.Errorf("forward interface as type: %s", g.Params[0].Type)
	}
	k := ckOp(t, findIface(t, p, "ci"), "k")
	if k.Params[0].Type.ScopedName() != "L4_Word_t" {
		t.Errorf("case-insensitive lookup: %s", k.Params[0].Type)
	}
	w := warnings(errs)
	if len(w) != 1 || w[0] != `"l4_word_t" resolved to "L4_Word_t" by case-insensitive lookup (IDL4 compatibility)` {
		t.Errorf("warnings: %q", w)
	}
	// Interfaces: definitions in declaration order, forward one resolved.
	var names []string
	for _, it := range p.Interfaces {
		names = append(names, it.ScopedName())
	}
	if got := strings.Join(names, " "); got != "a::I a::J user fwd ci" {
		t.Errorf("interfaces: %s", got)
	}
}

func TestCheckCaseInsensitiveScoped(t *testing.T) {
	p, errs := checkOK(t, `
interface IConsole { typedef struct { char raw[4]; } stream_t; };
interface user { void f(in Iconsole::stream_t s); };
`)
	f := ckOp(t, findIface(t, p, "user"), "f")
	if f.Params[0].Type.ScopedName() != "IConsole::stream_t" {
		t.Errorf("got %s", f.Params[0].Type)
	}
	if w := warnings(errs); len(w) != 1 || !strings.Contains(w[0], `"Iconsole::stream_t" resolved to "IConsole::stream_t"`) {
		t.Errorf("warnings %q", w)
	}
}

func TestCheckInterfaceIDs(t *testing.T) {
	p, _ := checkOK(t, `
import "imp.idl";
const long IFACE = 2;
interface a { void f(); void g(); };
[uuid(1)] interface b { void f(); };
[uuid(IFACE)] interface c { void f(); };
interface d { void f(); };
[uuid(IFACE + 5)] interface e { void f(); };
`, map[string]string{"imp.idl": `[uuid(3)] interface imp { void x(); };`})
	ids := map[string]uint64{"a": 4, "b": 1, "c": 2, "d": 5, "e": 7}
	for name, w := range ids {
		it := findIface(t, p, name)
		if it.ID != w {
			t.Errorf("%s: id %d, want %d", name, it.ID, w)
		}
		if got := ckOp(t, it, "f").Label; got != w<<6 {
			t.Errorf("%s::f label 0x%X, want 0x%X", name, got, w<<6)
		}
	}
	if !findIface(t, p, "b").IDExplicit || findIface(t, p, "a").IDExplicit {
		t.Errorf("IDExplicit wrong")
	}
}

// TestCheckImportedIDs: explicit ids of imported files are taken before
// implicit ones are assigned.
func TestCheckImportedIDs(t *testing.T) {
	p, _ := checkOK(t, `import "imp.idl"; interface a { void f(); };`,
		map[string]string{"imp.idl": `[uuid(1)] interface imp { void x(); }; interface imp2 { void y(); };`})
	if got := findIface(t, p, "imp2").ID; got != 2 {
		t.Errorf("imp2 id %d, want 2", got)
	}
	if got := findIface(t, p, "a").ID; got != 3 {
		t.Errorf("a id %d, want 3", got)
	}
}

// TestCheckFunctionIDs pins IDL4's function numbering (corpus: test.idl's
// forced_id and multi_if).
func TestCheckFunctionIDs(t *testing.T) {
	p, errs := checkOK(t, `
[uuid(37)] interface forced_id {
  [uuid(5)] long alpha(in long a);
  [uuid(23)] void beta(in char a);
  long gamma(in long a);
};
module multi_if {
  [uuid(1)] interface A { void alpha(); };
  [uuid(1)] interface B : A { void beta(); };
  [uuid(3)] interface C { void gamma(); };
  interface D : A, B, C { void delta(); };
};
[uuid(9)] interface kmsg {
  [kernelmsg(idl4::pagefault)] void pagefault(in long addr, in long ip, in short priv, out fpage f);
  [kernelmsg(idl4::interrupt)] void interrupt();
  long alpha(in char a);
  short beta(inout long a);
};
[uuid(10)] interface attrs {
  attribute long x;
  void f();
  readonly attribute short y;
  void g();
};
[uuid(11)] interface moved {
  [uuid(1)] void a();
  void b();
  void c();
};
`)
	want := map[string][]string{
		"forced_id":   {"alpha#5@0x945", "beta#23@0x957", "gamma#2@0x942"},
		"multi_if::A": {"alpha#0@0x40"},
		"multi_if::B": {"beta#1@0x41", "alpha#0@0x40"},
		"multi_if::C": {"gamma#0@0xC0"},
		"multi_if::D": {"delta#0@0x" + fmt.Sprintf("%X", findIface(t, p, "multi_if::D").ID<<6), "alpha#0@0x40", "beta#1@0x41", "gamma#0@0xC0"},
		"kmsg":        {"pagefault#0@0xFFE0", "interrupt#0@0xFFF0", "alpha#2@0x242", "beta#3@0x243"},
		"attrs":       {"_get_x#2@0x282", "_set_x#3@0x283", "f#0@0x280", "_get_y#4@0x284", "g#1@0x281"},
		"moved":       {"a#1@0x2C1", "b#0@0x2C0", "c#2@0x2C2"},
	}
	for name, ops := range want {
		it := findIface(t, p, name)
		var got []string
		for _, op := range it.Ops {
			got = append(got, strings.SplitN(opSig(op), "(", 2)[0])
		}
		if strings.Join(got, " ") != strings.Join(ops, " ") {
			t.Errorf("%s: got %v, want %v", name, got, ops)
		}
	}
	kmsg := findIface(t, p, "kmsg")
	if k := ckOp(t, kmsg, "pagefault").KernelMsg; k != KernelPagefault {
		t.Errorf("pagefault kernel msg %q", k)
	}
	w := warnings(errs)
	if len(w) != 1 || w[0] != `operation "b" takes function id 0: its place in IDL4's numbering, 1, is the explicit id of "a" (an IDL4 peer could not call it)` {
		t.Errorf("warnings %q", w)
	}
	attrs := findIface(t, p, "attrs")
	getx, setx := ckOp(t, attrs, "_get_x"), ckOp(t, attrs, "_set_x")
	if getx.Attribute != "x" || getx.Result.Kind != Long || len(getx.Params) != 0 {
		t.Errorf("_get_x: %s attr %q", opSig(getx), getx.Attribute)
	}
	if setx.Attribute != "x" || setx.Result.Kind != Void || len(setx.Params) != 1 || setx.Params[0].Dir != In || setx.Params[0].Type.Kind != Long {
		t.Errorf("_set_x: %s", opSig(setx))
	}
	for _, op := range attrs.Ops {
		if op.Name == "_set_y" {
			t.Errorf("readonly attribute y has a setter")
		}
	}
}

// TestCheckSameIDGroups: interfaces with one interface id related through
// a common base get disjoint function ranges, in IDL4's order.
func TestCheckSameIDGroups(t *testing.T) {
	p, _ := checkOK(t, `
[uuid(5)] interface base { void a(); void b(); };
[uuid(5)] interface x : base { void c(); };
[uuid(5)] interface y : base { void d(); void e(); };
[uuid(6)] interface other : base { void f(); };
`)
	got := map[string]uint64{}
	for _, it := range p.Interfaces {
		for _, op := range it.OwnOps() {
			got[op.Name] = op.FuncID
		}
	}
	// base 0..1; IDL4 serves the last claimed first: y 2..3, then x 4.
	want := map[string]uint64{"a": 0, "b": 1, "d": 2, "e": 3, "c": 4, "f": 0}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("%s: function id %d, want %d", n, got[n], w)
		}
	}
}

func TestCheckFlattening(t *testing.T) {
	p, _ := checkOK(t, `
interface A { void a1(); void a2(); };
interface B : A { void b(); };
interface C : A { void c(); };
interface D : B, C { void d(); };
`)
	d := findIface(t, p, "D")
	var got []string
	for _, op := range d.Ops {
		got = append(got, op.Iface.ScopedName()+"::"+op.Name)
	}
	if s := strings.Join(got, " "); s != "D::d B::b A::a1 A::a2 C::c" {
		t.Errorf("flattened: %s", s)
	}
	if len(d.Bases) != 2 || d.Bases[0].ScopedName() != "B" || d.Bases[1].ScopedName() != "C" {
		t.Errorf("bases: %v", d.Bases)
	}
	if own := d.OwnOps(); len(own) != 1 || own[0].Name != "d" {
		t.Errorf("own ops: %v", own)
	}
	// Inherited operations keep the declaring interface's label.
	a := findIface(t, p, "A")
	if ckOp(t, d, "a1") != ckOp(t, a, "a1") || ckOp(t, d, "a1").Label != a.ID<<6 {
		t.Errorf("inherited a1 label")
	}
}

func TestCheckDCEParams(t *testing.T) {
	p, errs := checkOK(t, `
const long MAX = 50;
typedef struct { long a; } rec_t;
interface dce {
  long simple([in] short a, [in, out] char *b, [out] long *c, [in] rec_t *r);
  void strings([in, string] char *a, [out, string] char **b, [in, string, max_is(MAX)] char *c,
               [in, string, length_is(n)] char *d, [in] long n, [out, string, length_is(37)] char **e);
  void seqs([in, size_is(n)] long *a, [in] long n, [in, length_is(*m), max_is(100)] short *b, [in] long *m,
            [out, prealloc, length_is(size)] char **c, [out] unsigned *size,
            [in, size_is(8)] void *d, [in, size_is(len)] void *e, [in] long len,
            [out, size_is(n), max_is(256)] char f[], [out, max_is(MAX)] long g[],
            [in, size_is(n)] long h[10][4]);
  void trans([out, size_is(count), transmit_as(unsigned char), prealloc_client] rec_t **d, [in, out] unsigned *count);
  void corba(in long a, out string b, inout sequence<long> c);
};
`)
	it := findIface(t, p, "dce")
	sig := func(name string) string {
		op := ckOp(t, it, name)
		var ps []string
		for _, q := range op.Params {
			s := fmt.Sprintf("%s %s:%s", q.Dir, q.Name, q.Type)
			if q.SizeIs != nil {
				s += " size=" + q.SizeIs.Name
			}
			if q.LengthIs != nil {
				s += " len=" + q.LengthIs.Name
			}
			if q.MaxIs != nil {
				s += " max=" + q.MaxIs.Name
			}
			if q.Prealloc {
				s += " prealloc"
			}
			if q.Pointers > 0 {
				s += fmt.Sprintf(" *%d", q.Pointers)
			}
			if q.Presented != nil {
				s += " presented=" + q.Presented.String()
			}
			ps = append(ps, s)
		}
		return strings.Join(ps, "; ")
	}
	want := map[string]string{
		"simple":  "in a:short; inout b:char *1; out c:long *1; in r:rec_t *1",
		"strings": "in a:string *1; out b:string *2; in c:string<50> *1; in d:string len=n *1; in n:long; out e:string<37> *2",
		"seqs": "in a:sequence<long> size=n *1; in n:long; in b:sequence<short, 100> len=m *1; in m:long *1; " +
			"out c:sequence<char> len=size prealloc *2; out size:unsigned long *1; in d:octet[8] *1; in e:sequence<octet> size=len *1; in len:long; " +
			"out f:sequence<char, 256> size=n; out g:long[50]; in h:sequence<long[4], 10> size=n",
		"trans": "out d:sequence<octet> size=count prealloc *2 presented=rec_t; inout count:unsigned long *1",
		"corba": "in a:long; out b:string; inout c:sequence<long>",
	}
	for name, w := range want {
		if got := sig(name); got != w {
			t.Errorf("%s:\n got  %s\n want %s", name, got, w)
		}
	}
	if w := warnings(errs); len(w) != 0 {
		t.Errorf("warnings: %q", w)
	}
}

func TestCheckCharPointerWarning(t *testing.T) {
	_, errs := checkOK(t, `interface fs { long open(in char *name, out char *c); };`)
	w := warnings(errs)
	if len(w) != 1 || !strings.HasPrefix(w[0], `parameter "name" of operation "open" is a char pointer without [string] or size_is`) {
		t.Errorf("warnings %q", w)
	}
}

func TestCheckStructs(t *testing.T) {
	p, _ := checkOK(t, `
struct buf {
  long n;
  [size_is(n)] char *data;
  [string] char *name;
  void *page;
  struct buf *next;
  long flags : 3;
  long arr[2][3];
  union { long raw; char c; } status;
};
exception failed { long code; string why; };
struct node { sequence<node> kids; };
`)
	b := findType(t, p, "buf")
	got := map[string]string{}
	for _, f := range b.Fields {
		got[f.Name] = f.Type.String()
	}
	want := map[string]string{"n": "long", "data": "sequence<char>", "name": "string", "page": "word", "next": "word", "flags": "long", "arr": "long[3][2]", "status": "union"}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("field %s: %s, want %s", n, got[n], w)
		}
	}
	if b.Fields[1].Size != b.Fields[0] {
		t.Errorf("data.Size should be n")
	}
	if b.Fields[4].Type.PointsTo != b || b.Fields[3].Type.PointsTo.Kind != Void {
		t.Errorf("pointer members should point to their pointee")
	}
	if b.Fields[5].Bits != 3 {
		t.Errorf("flags bits %d", b.Fields[5].Bits)
	}
	if st := b.Fields[7].Type; st.Disc != nil || len(st.Arms) != 2 || st.Arms[0].Default || len(st.Arms[0].Labels) != 0 {
		t.Errorf("C union: %+v", st)
	}
	if e := findType(t, p, "failed"); !e.Exception || e.Kind != Struct || len(e.Fields) != 2 {
		t.Errorf("exception: %+v", e)
	}
	// Declaration order of named types.
	var names []string
	for _, ty := range p.Types {
		names = append(names, ty.ScopedName())
	}
	if s := strings.Join(names, " "); s != "buf failed node" {
		t.Errorf("types: %s", s)
	}
}

func TestCheckUnions(t *testing.T) {
	p, _ := checkOK(t, `
enum kind { A, B, C };
union u1 switch (kind) { case A: long a; case B: case C: char b; };
union u2 switch (char) { case 'x': long a; default: short s; };
typedef union u3 switch (long type) un { case 1: long a; default: long type; } u3_t;
typedef [switch_type(long)] union u4 { [case(1, 2)] long a; [default] ; } u4_t;
union u5 switch (boolean) { case TRUE: long a; case FALSE: short b; };
union u6 switch (unsigned short) { case 1 + 2: long a; };
`)
	labels := func(u *Type) string {
		var parts []string
		for _, a := range u.Arms {
			var ls []string
			for _, l := range a.Labels {
				ls = append(ls, l.String())
			}
			if a.Default {
				ls = append(ls, "default")
			}
			name := "-"
			if a.Field != nil {
				name = a.Field.Name
			}
			parts = append(parts, strings.Join(ls, ",")+":"+name)
		}
		return strings.Join(parts, " ")
	}
	cases := map[string]struct{ disc, arms string }{
		"u1": {"kind", "0:a 1,2:b"},
		"u2": {"char", "120:a default:s"},
		"u3": {"long", "1:a default:type"},
		"u4": {"long", "1,2:a default:-"},
		"u5": {"boolean", "1:a 0:b"},
		"u6": {"unsigned short", "3:a"},
	}
	for name, w := range cases {
		u := findType(t, p, name)
		if u.Disc.String() != w.disc || labels(u) != w.arms {
			t.Errorf("%s: disc %s arms %q, want %s %q", name, u.Disc, labels(u), w.disc, w.arms)
		}
	}
	if u3 := findType(t, p, "u3"); u3.DiscName != "type" || u3.UnionName != "un" {
		t.Errorf("u3 names: %q %q", u3.DiscName, u3.UnionName)
	}
}

func TestCheckOperations(t *testing.T) {
	p, errs := checkOK(t, `
interface ops {
  exception bad { long code; };
  oneway void a(in long x);
  [oneway] void b(in long x);
  [in] void c(in long x);
  long d(in long x) raises (bad) context("ctx");
  void e(void);
  ref short f(in ref short a, [grant] in fpage g, [map] in fpage m);
};
`)
	it := findIface(t, p, "ops")
	for _, n := range []string{"a", "b", "c"} {
		if !ckOp(t, it, n).Oneway {
			t.Errorf("%s should be oneway", n)
		}
	}
	d := ckOp(t, it, "d")
	if len(d.Raises) != 1 || d.Raises[0].ScopedName() != "ops::bad" {
		t.Errorf("raises: %v", d.Raises)
	}
	if e := ckOp(t, it, "e"); len(e.Params) != 0 {
		t.Errorf("f(void) has params %v", e.Params)
	}
	f := ckOp(t, it, "f")
	if f.Result.Kind != Word || f.Result.PointsTo.Kind != Short || f.Params[0].Type.Kind != Word {
		t.Errorf("ref types: %s", opSig(f))
	}
	if !f.Params[1].Grant || f.Params[2].Grant {
		t.Errorf("grant flags wrong")
	}
	if w := warnings(errs); len(w) != 1 || w[0] != "context clause ignored" {
		t.Errorf("warnings %q", w)
	}
	if len(d.Attrs) != 0 || len(ckOp(t, it, "b").Attrs) != 1 || ckOp(t, it, "b").Attrs[0].Name != "oneway" {
		t.Errorf("attrs not recorded")
	}
}

func TestCheckAttributeRecords(t *testing.T) {
	p, errs := checkOK(t, `
[uuid(4), local, abstract] interface a {
  [allow_reply_only, noopcode] void f([in, ref, size_is(n), max_is(8)] char *buf, [in] long n, [in, frobnicate(3)] long x);
};
`)
	it := findIface(t, p, "a")
	if !it.Local || len(it.Attrs) != 3 || it.Attrs[0].Name != "uuid" || it.Attrs[0].Args[0] != "4" {
		t.Errorf("interface attrs %+v local=%v", it.Attrs, it.Local)
	}
	f := ckOp(t, it, "f")
	if len(f.Params[0].Attrs) != 4 || f.Params[0].Attrs[3].Args[0] != "8" {
		t.Errorf("param attrs %+v", f.Params[0].Attrs)
	}
	want := []string{
		`attribute "abstract" ignored (DICE-specific, does not change the message layout)`,
		`attribute "allow_reply_only" ignored (DICE-specific, does not change the message layout)`,
		`attribute "noopcode" ignored (DICE-specific, does not change the message layout: l4idl requests always carry the function id in the label)`,
		`attribute "ref" ignored (the data travels the same way; DICE's choice of an indirect string is l4idl's own (strings and large buffers travel as string items))`,
		`unknown attribute "frobnicate" ignored`,
	}
	if got := warnings(errs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCheckRecursionThroughSequence: a struct may contain a sequence of
// itself; the lowering then refuses to send it (no panic, a clear error).
func TestCheckRecursionThroughSequence(t *testing.T) {
	p, _ := checkOK(t, `
struct node { long v; sequence<node> kids; };
interface tree { void put(in node n); };
`)
	for _, name := range []string{"ia32", "amd64"} {
		abi, _ := LookupABI(name)
		var errs diag.List
		Lower(p, abi, &errs)
		if !errs.HasErrors() || !strings.Contains(ckDiags(&errs), "not plain data") {
			t.Errorf("%s: lowering should reject the recursive value:\n%s", name, ckDiags(&errs))
		}
	}
}

func TestCheckUndeclaredL4Types(t *testing.T) {
	p, errs := checkOK(t, `typedef struct { L4_Word_t a; L4_ThreadId_t b; L4_Fpage_t c; } s;`)
	st := findType(t, p, "s").Elem
	if st.Fields[0].Type.Kind != Word || st.Fields[1].Type.Kind != ThreadID || st.Fields[2].Type.Kind != Fpage {
		t.Errorf("fields %v %v %v", st.Fields[0].Type, st.Fields[1].Type, st.Fields[2].Type)
	}
	if len(warnings(errs)) != 3 {
		t.Errorf("want 3 warnings, got %q", warnings(errs))
	}
}

// TestCheckNeverNil: Check copes with nothing to check.
func TestCheckNeverNil(t *testing.T) {
	if p := Check(nil, nil); p == nil {
		t.Fatal("Check(nil) returned nil")
	}
	if p := Check(&parser.Program{}, &diag.List{}); p == nil {
		t.Fatal("Check of an empty program returned nil")
	}
	var errs diag.List
	p, parsed := Load("/nonexistent/x.idl", nil, &errs)
	if p == nil || parsed == nil || !errs.HasErrors() || p.File != "/nonexistent/x.idl" {
		t.Errorf("Load of a missing file: %v %v %v", p, parsed, ckDiags(&errs))
	}
}

// TestLoadAfterParseErrors: the check runs after syntax errors (the
// parser recovers from them) and after a missing import, without
// reporting the names that the dropped text or the missing file may
// declare; it does not run after a preprocessor error, whose token stream
// may be cut.
func TestLoadAfterParseErrors(t *testing.T) {
	dir := t.TempDir()
	load := func(name, src string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		var errs diag.List
		if p, _ := Load(path, nil, &errs); p == nil {
			t.Fatalf("%s: Load returned nil", name)
		}
		var got []string
		for _, d := range errs.Diags {
			got = append(got, fmt.Sprintf("%d:%d: %s: %s", d.Pos.Line, d.Pos.Column, d.Severity, d.Msg))
		}
		return strings.Join(got, "\n")
	}
	// count_t and undefined_t are written in dropped definitions; other_t
	// is not.
	got := load("bad.idl", "typedef long count_t\ninterface a { void f(in count_t x); void g(in undefined_t y) };\ninterface b { void h(in other_t z); };\n")
	want := `2:1: error: syntax error: unexpected "interface", expected ";"
2:62: error: syntax error: unexpected "}", expected ";"
3:25: error: undefined type "other_t"`
	if got != want {
		t.Errorf("after syntax errors:\n got %s\nwant %s", got, want)
	}
	got = load("imp.idl", "import \"missing.h\";\ninterface a { void f(in undefined_t x); void f(); };\n")
	if !strings.Contains(got, `redefinition of "f"`) || strings.Contains(got, "undefined") {
		t.Errorf("after a missing import, want the check without undefined names:\n%s", got)
	}
	got = load("cpp.idl", "#if 1\ninterface a { void f(in undefined_t x); void f(); };\n")
	if !strings.Contains(got, "#if") || strings.Contains(got, "redefinition") || strings.Contains(got, "undefined type") {
		t.Errorf("after a preprocessor error, want no check:\n%s", got)
	}
}

var _ = big.NewInt

func TestCheckUUIDFromHeaderMacro(t *testing.T) {
	p, _ := checkOK(t, `import "ids.h";
[uuid(UUID_LOCATOR)] interface locator { void f(); };
[uuid(UUID_BASE + 1)] interface next { void g(); };
`, map[string]string{"ids.h": "#define UUID_LOCATOR 12\n#define UUID_BASE (UUID_LOCATOR * 2)\n"})
	if id := findIface(t, p, "locator").ID; id != 12 {
		t.Errorf("locator id %d, want 12", id)
	}
	if id := findIface(t, p, "next").ID; id != 25 {
		t.Errorf("next id %d, want 25", id)
	}
}

func TestCheckNativeAndImportedConsts(t *testing.T) {
	p, _ := checkOK(t, `import "i.idl"; native handle_t; const long local = shared + 1;`,
		map[string]string{"i.idl": "const long shared = 41;"})
	if n := findType(t, p, "handle_t"); n.Kind != Native || n.Imported {
		t.Errorf("native: %+v", n)
	}
	if c := findConst(t, p, "shared"); !c.Imported || c.Value.Int.Int64() != 41 {
		t.Errorf("shared: %+v", c)
	}
	if c := findConst(t, p, "local"); c.Imported || c.Value.Int.Int64() != 42 {
		t.Errorf("local: %+v", c)
	}
}

// TestCheckRecovers: a crash inside the checker (here provoked by a
// syntax tree the parser never builds) becomes an internal error.
func TestCheckRecovers(t *testing.T) {
	prog := &parser.Program{Main: &parser.File{Path: "x.idl", Defs: []*parser.Definition{
		{Pos: diag.Pos{Filename: "x.idl", Line: 3, Column: 1}, Decl: (*parser.Typedef)(nil)},
	}}}
	var errs diag.List
	p := Check(prog, &errs)
	if p == nil {
		t.Fatal("nil program")
	}
	if len(errs.Diags) != 1 || errs.Diags[0].Severity != diag.Internal || errs.Diags[0].Pos.Line != 3 {
		t.Errorf("got:\n%s", ckDiags(&errs))
	}
}

// TestCheckThenLower: a DCE buffer's count parameter reaches the layout.
func TestCheckThenLower(t *testing.T) {
	p, _ := checkOK(t, `[uuid(5)] interface io {
  void put([in] long len, [in, length_is(len), max_is(512)] char *buf);
  void get([out, prealloc, size_is(n), max_is(16)] char **buf, [out] long *n);
};`)
	abi, _ := LookupABI("ia32")
	var errs diag.List
	l := Lower(p, abi, &errs)
	if errs.HasErrors() {
		t.Fatalf("lowering:\n%s", ckDiags(&errs))
	}
	var b strings.Builder
	if err := l.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"buf [<=16] (count in n)", "label 0x0140", "label 0x0141", "sequence<char, 512>"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("layout lacks %q:\n%s", want, b.String())
		}
	}
}
