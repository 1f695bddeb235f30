package ir

import (
	"fmt"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/diag"
)

// errorCases are invalid inputs with every error (and note) they must
// produce, as "line:col: severity: message" (warnings are not compared).
var errorCases = []struct {
	name string
	src  string
	want []string
}{
	// Names.
	{"undefined type", "typedef foo bar;", []string{`1:9: error: undefined type "foo"`}},
	{"undefined name", "const long a = b + 1;", []string{`1:16: error: undefined name "b"`}},
	{"undefined scoped", "module m { typedef long t; };\ntypedef m::u x;", []string{`2:9: error: undefined type "m::u"`}},
	{"not a type", "const long c = 1;\ntypedef c t;", []string{`2:9: error: "c" is a constant, not a type`}},
	{"not a constant", "typedef long t;\nconst long c = t;", []string{`2:16: error: "t" is a type, not a constant`}},
	{"redefinition", "typedef long a;\nstruct a { long x; };", []string{`2:8: error: redefinition of "a"`, `1:14: note: previous definition of "a" is here`}},
	{"redefinition interface", "interface i { void f(); };\ninterface i { void g(); };", []string{`2:11: error: redefinition of interface "i"`, `1:11: note: previous definition of "i" is here`}},
	{"duplicate member", "struct s { long a; short a; };", []string{`1:26: error: duplicate member "a" in struct "s"`, `1:17: note: previous member "a" is here`}},
	{"ambiguous", "interface a { typedef long t; };\ninterface b { typedef short t; };\ninterface c : a, b { void f(in t x); };",
		[]string{`3:32: error: ambiguous name "t": it may be a::t or b::t`}},
	{"case-insensitive ambiguous", "typedef long Foo;\ntypedef short FOO;\ntypedef foo x;", []string{`3:9: error: undefined type "foo"`}},

	// Types.
	{"any", "typedef any a;", []string{`1:9: error: type any is not supported by l4idl`}},
	{"fixed", "typedef fixed<5, 2> f;", []string{`1:9: error: type fixed is not supported by l4idl`}},
	{"infinite struct", "struct a { long x; a y; };", []string{`1:8: error: struct "a" contains itself by value (a.y), so it would be infinitely large; use a sequence to refer to it`}},
	{"infinite through array", "struct a { b x[2]; };\nstruct b { a y; };",
		[]string{`1:8: error: struct "a" contains itself by value (a.x -> b.y), so it would be infinitely large; use a sequence to refer to it`}},
	{"infinite union", "union u switch (long) { case 1: u self; };", []string{`1:7: error: union "u" contains itself by value (u.self), so it would be infinitely large; use a sequence to refer to it`}},
	{"typedef cycle", "typedef a b;\ntypedef b a;", []string{`1:11: error: typedef "b" is defined in terms of itself`}},
	{"never defined", "struct s;\ninterface i { void f(in s x); };", []string{`2:25: error: struct "s" is declared but never defined`}},
	{"array size zero", "typedef long a[0];", []string{`1:16: error: array size must be a positive integer constant, not 0`}},
	{"array size negative", "const long n = -2;\ntypedef long a[n];", []string{`2:16: error: array size must be a positive integer constant, not -2`}},
	{"sequence bound", "typedef sequence<long, 0> s;", []string{`1:24: error: sequence bound must be a positive integer constant, not 0`}},
	{"string bound", "typedef string<1 - 2> s;", []string{`1:16: error: string bound must be a positive integer constant, not -1`}},
	{"array size string", `typedef long a["x"];`, []string{`1:16: error: array size must be an integer constant, not a string value`}},
	{"sequence of void", "typedef sequence<void> s;", []string{`1:18: error: a sequence cannot hold void`}},
	{"bit-field width", "struct s { long a : 40; };", []string{`1:21: error: bit-field width 40 of "a" is out of range 1..32`}},

	// Unions.
	{"union disc", "union u switch (float) { case 1: long a; };", []string{`1:17: error: union discriminator must be an integer, char, boolean or enum type, not float`}},
	{"duplicate label", "union u switch (long) { case 1: long a; case 1: short b; };", []string{`1:41: error: duplicate case label 1 in union "u"`, `1:25: note: previous case 1 is here`}},
	{"two defaults", "union u switch (long) { default: long a; default: short b; };", []string{`1:42: error: union "u" has more than one default case`, `1:25: note: previous default case is here`}},
	{"label overflow", "union u switch (octet) { case 300: long a; };", []string{`1:31: error: constant 300 overflows octet`}},
	{"label not enumerator", "enum e { x, y };\nunion u switch (e) { case 1: long a; };", []string{`2:27: error: case label of enum type e must be one of its enumerators`}},
	{"labels without disc", "typedef union { [case(1)] long a; } u;", []string{`1:9: error: anonymous union has case labels but no discriminator type: write switch (T) or [switch_type(T)]`}},

	// Constants.
	{"overflow octet", "const octet o = 300;", []string{`1:17: error: constant 300 overflows octet`}},
	{"negative unsigned", "const unsigned long u = -1;", []string{`1:25: error: constant -1 overflows unsigned long: it is negative and unsigned long is unsigned`}},
	{"overflow typedef", "typedef short s_t;\nconst s_t s = 40000;", []string{`2:15: error: constant 40000 overflows s_t`}},
	{"shift count", "const long a = 1 << 64;", []string{`1:18: error: shift count 64 is out of range 0..63`}},
	{"negative shift", "const long a = 1 >> -1;", []string{`1:18: error: shift count -1 is out of range 0..63`}},
	{"division by zero", "const long a = 4 / (2 - 2);", []string{`1:18: error: division by zero`}},
	{"modulo by zero", "const long a = 4 % 0;", []string{`1:18: error: division by zero`}},
	{"string and int", `const long a = "x" + 1;`, []string{`1:20: error: operator "+" cannot mix a string and an integer constant`}},
	{"string plus string", `const string a = "x" + "y";`, []string{`1:22: error: operator "+" cannot be applied to string constants`}},
	{"shift float", "const double d = 1.5 << 2;", []string{`1:22: error: operator "<<" needs integer operands, not floating ones`}},
	{"modulo float", "const double d = 1.5 % 2;", []string{`1:22: error: operator "%" needs integer operands, not floating ones`}},
	{"complement float", "const double d = ~1.5;", []string{`1:18: error: operator "~" cannot be applied to a floating constant`}},
	{"bool into long", "const long a = TRUE;", []string{`1:16: error: constant "a" of type long cannot have a boolean value`}},
	{"string into long", `const long a = "abc";`, []string{`1:16: error: constant "a" of type long cannot have a string value`}},
	{"string bound const", `const string<2> s = "abc";`, []string{`1:21: error: string constant of length 3 exceeds the bound 2 of string<2>`}},
	{"const cycle", "const long a = b;\nconst long b = a;", []string{`2:16: error: constant "a" is defined in terms of itself`}},
	{"const self", "const long a = a + 1;", []string{`1:16: error: undefined name "a"`}},
	{"const of fpage", "const fpage f = 1;", []string{`1:7: error: constants of type fpage are not supported`}},
	{"enum const", "enum e { x, y };\nenum f { z };\nconst e c = z;", []string{`3:13: error: constant "c" of enum type e must be one of its enumerators`}},

	// Interfaces and ids.
	{"forward base", "interface f;\ninterface i : f { void g(); };", []string{`2:15: error: base interface "f" is declared but never defined`}},
	{"base not interface", "typedef long t;\ninterface i : t { void g(); };", []string{`2:15: error: "t" is a type, not an interface`}},
	{"inheritance cycle", "interface a : b { void f(); };\ninterface b : a { void g(); };",
		[]string{`2:15: error: interface "b" inherits from itself (b -> a -> b)`}},
	{"base twice", "interface a { void f(); };\ninterface b : a, a { void g(); };", []string{`2:18: error: interface "b" lists base "a" twice`}},
	{"iface id range", "[uuid(1024)] interface i { void f(); };", []string{`1:7: error: interface id 1024 of "i" is not supported: labels (IDL4's convention) hold interface ids 0..1019 in bits 6..15`}},
	{"iface id reserved", "[uuid(1020)] interface i { void f(); };", []string{`1:7: error: interface id 1020 of "i" would give labels 0xFF00..0xFF3F, which are reserved for kernel protocols; use an id below 1020`}},
	{"func id range", "interface i { [uuid(64)] void f(); };", []string{`1:21: error: function id 64 of operation "f" is out of range 0..63`}},
	{"func id clash", "interface i {\n  [uuid(1)] void f();\n  [uuid(1)] void g();\n};",
		[]string{`3:18: error: function id 1 of "g" clashes with "f" (both have label 0x0041)`, `2:18: note: "f" is declared here`}},
	{"func id clash inherited", "[uuid(5)] interface a { [uuid(2)] void f(); };\n[uuid(5)] interface b : a { [uuid(2)] void g(); };",
		[]string{`2:44: error: function id 2 of "g" clashes with "a::f" (both have label 0x0142)`, `1:40: note: "a::f" is declared here`}},
	{"func id clash two bases", "[uuid(5)] interface a { [uuid(2)] void f(); };\n[uuid(5)] interface b { [uuid(2)] void g(); };\ninterface c : a, b { void h(); };",
		[]string{`3:11: error: in interface "c": function id 2 of "b::g" clashes with "a::f" (both have label 0x0142)`, `2:40: note: "b::g" is declared here`, `1:40: note: "a::f" is declared here`}},
	{"op name clash own", "interface a { void f(); };\ninterface b : a { void f(in long x); };",
		[]string{`2:24: error: operation "f" of "b" clashes with inherited operation "a::f"`, `1:20: note: "a::f" is declared here`}},
	{"op name clash bases", "interface a { void f(); };\ninterface b { long f(); };\ninterface c : a, b { void g(); };",
		[]string{`3:11: error: interface "c" inherits two operations named "f": "a::f" and "b::f"`, `1:20: note: "a::f" is declared here`, `2:20: note: "b::f" is declared here`}},
	{"two kernel handlers", "interface k {\n  [kernelmsg(idl4::interrupt)] void a();\n  [kernelmsg(idl4::interrupt)] void b();\n};",
		[]string{`3:37: error: operation "b" handles kernel message interrupt, which "a" handles already`, `2:37: note: "a" is declared here`}},
	{"unknown kernelmsg", "interface k { [kernelmsg(idl4::reboot)] void a(); };",
		[]string{`1:16: error: unknown kernel message "idl4::reboot" (known: idl4::pagefault, idl4::interrupt, idl4::sigma0rpc, idl4::startup, idl4::preemption, idl4::iopagefault, idl4::exception)`}},
	{"kernelmsg uuid", "interface k { [kernelmsg(idl4::interrupt), uuid(3)] void a(); };",
		[]string{`1:16: error: kernel message operation "a" cannot have a [uuid]: its label comes from the kernel protocol`}},
	{"duplicate op", "interface i { void f(); void f(in long x); };", []string{`1:30: error: redefinition of "f"`, `1:20: note: previous definition of "f" is here`}},
	{"op outside interface", "void f(in long x);", []string{`1:6: error: operation "f" declared outside an interface`}},

	// Operations.
	{"oneway result", "interface i { oneway long f(); };", []string{`1:22: error: oneway operation "f" must return void, not long`}},
	{"oneway out", "interface i { [oneway] void f(out long x); };", []string{`1:40: error: oneway operation "f" cannot have out parameter "x"`}},
	{"oneway raises", "interface i { exception e {}; oneway void f() raises (e); };", []string{`1:55: error: oneway operation "f" cannot raise exceptions`}},
	{"raises not exception", "interface i { struct s { long a; }; void f() raises (s); };", []string{`1:54: error: "s" in raises(...) is not an exception`}},
	{"raises undefined", "interface i { void f() raises (nope); };", []string{`1:32: error: undefined exception "nope"`}},
	{"no direction", "interface i { void f(long x); };", []string{`1:27: error: parameter "x" of operation "f" has no direction (in, out or inout); in assumed`}},
	{"duplicate param", "interface i { void f(in long x, in short x); };", []string{`1:42: error: duplicate parameter "x" in operation "f"`, `1:30: note: previous parameter "x" is here`}},
	{"void param", "interface i { void f(in void x); };", []string{`1:30: error: parameter "x" has type void`}},
	{"size_is unknown", "interface i { void f([in, size_is(n)] char *buf); };", []string{`1:35: error: size_is names unknown parameter "n"`}},
	{"size_is deref unknown", "interface i { void f([in, size_is(*n)] char *buf); };", []string{`1:35: error: size_is names unknown parameter "n"`}},
	{"size_is not integer", "interface i { void f([in, size_is(n)] char *buf, [in] float n); };", []string{`1:35: error: size_is parameter "n" is not an integer`}},
	{"size_is expression", "interface i { void f([in, size_is(n * 2)] char *buf, [in] long n); };",
		[]string{`1:35: error: size_is(n * 2) is not supported: the count must be a parameter name, *name or a constant, not an expression`}},
	{"size_is self", "interface i { void f([in, size_is(buf)] long *buf); };", []string{`1:35: error: size_is of parameter "buf" names the parameter itself`}},
	{"conformant without size", "interface i { void f([in] long a[]); };", []string{`1:32: error: parameter "a" has no size: write size_is, length_is or max_is`}},
	{"string of long", "interface i { void f([in, string] long *s); };", []string{`1:40: error: [string] applies to char and wchar pointers and arrays, not long`}},
	{"member size_is unknown", "struct s { [size_is(n)] long *p; };", []string{`1:21: error: size_is names unknown member "n"`}},
	{"member size_is not integer", "struct s { double n; [size_is(n)] long *p; };", []string{`1:31: error: size_is member "n" is not an integer`}},
	{"prealloc in", "interface i { void f([in, prealloc] sequence<long> s); };",
		[]string{`1:27: error: [prealloc] applies to out and inout parameters (the caller provides the buffer the reply is received into), not to in parameter "s"`}},
	{"grant non-fpage", "interface i { void f([in, grant] long x); };", []string{`1:27: error: [grant] applies to fpage parameters, and "x" has type long`}},
	{"bit-field sent", "struct s { long a : 3; };\ninterface i { void f(in s x); };",
		[]string{`2:27: error: parameter "x" of operation "f": struct "s" has bit-field member "a", which l4idl cannot send`}},

	// Attributes.
	{"rejected attribute", "interface i { void f([in, unique] long *x); };", []string{`1:27: error: attribute "unique" is not supported (it changes the message layout)`}},
	{"switch_is", "union u switch (long) { case 1: long a; };\ninterface i { void f([in, switch_is(n)] u x, [in] long n); };",
		[]string{`2:27: error: attribute "switch_is" is not supported (it changes the message layout)`}},
	{"first_is", "interface i { void f([in, first_is(n), size_is(n)] long *x, [in] long n); };",
		[]string{`1:27: error: attribute "first_is" is not supported (it changes the message layout)`}},
	{"transmit_as unsized", "interface i { void f([in, transmit_as(long)] short x); };",
		[]string{`1:27: error: attribute "transmit_as" is not supported here (it changes the message layout): l4idl supports it only on size_is and length_is buffers`}},
	{"out on operation", "interface i { [out] void f(); };",
		[]string{`1:16: error: attribute "out" on an operation is not supported (it changes the message layout: DICE sends such a message from the server to the client)`}},
	{"uuid args", "interface i { [uuid] void f(); };", []string{`1:16: error: attribute "uuid" takes one argument`}},

	// Empty types.
	{"empty enum", "enum e {};", []string{`1:6: error: enum "e" has no enumerators`}},
	{"empty union", "union u switch (long) {};", []string{`1:7: error: union "u" has no members`}},
}

func TestCheckErrors(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := checkFiles(t, tc.src, nil)
			var got []string
			for _, d := range errs.Diags {
				if d.Severity == diag.Warning {
					continue
				}
				got = append(got, fmt.Sprintf("%d:%d: %s: %s", d.Pos.Line, d.Pos.Column, d.Severity, d.Msg))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("source:\n%s\ngot:\n%s\nwant:\n%s", tc.src, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// warningCases are valid inputs with the warnings they must produce.
var warningCases = []struct {
	name string
	src  string
	want []string
}{
	{"context", `interface i { void f(in long x) context("a"); };`, []string{`1:33: warning: context clause ignored`}},
	{"dce uuid", "[uuid(6ba7b810-9dad-11d1-80b4-00c04fd430c8)] interface i { void f(); };",
		[]string{`1:7: warning: DCE UUID 6ba7b810-9dad-11d1-80b4-00c04fd430c8 of interface "i" is not an interface number; l4idl assigns one (write [uuid(n)] with a number to fix it)`}},
	{"dce direction", "interface i { void f([in] long a, long b); };", []string{`1:40: warning: parameter "b" of operation "f" has no direction; in assumed (the DCE default)`}},
	{"misplaced", "[oneway] interface i { void f(); };", []string{`1:2: warning: attribute "oneway" has no meaning on an interface; ignored`}},
	{"dice ignored", "interface i { [noexceptions] void f(); };",
		[]string{`1:16: warning: attribute "noexceptions" ignored (DICE-specific, does not change the message layout: l4idl exceptions travel in the reply label)`}},
	{"magpie ignored", "[irq_handler] interface i { void f(); };", []string{`1:2: warning: attribute "irq_handler" ignored (Magpie-specific, does not change the message layout)`}},
	{"idl4 ignored", "interface i { void f([in, max_value(7)] short p); };", []string{`1:27: warning: attribute "max_value" ignored (IDL4-specific, does not change the message layout)`}},
	{"unknown", "[frob] interface i { void f(); };", []string{`1:2: warning: unknown attribute "frob" ignored`}},
	{"prealloc_client in", "interface i { void f([in, prealloc_client, size_is(n)] long *a, [in] long n); };",
		[]string{`1:27: warning: attribute "prealloc_client" ignored on in parameter "a" (it concerns received values)`}},
	{"word constant", "const L4_Word_t w = 0x100000000;", []string{
		`1:7: warning: type "L4_Word_t" is not declared; taken as the L4 X.2 type L4_Word_t (word): import "l4/types.h" to declare it`,
		`1:21: warning: constant 4294967296 does not fit a 32-bit word: it is cut to 32 bits on 32-bit targets`}},
	{"empty struct", "struct s {}; exception e {};", []string{`1:8: warning: struct "s" has no members (CORBA IDL requires at least one)`}},
	{"attribute twice", "interface i { void f([in, in] long a); [uuid(1), uuid(2)] void g(); };", []string{
		`1:27: warning: attribute "in" given twice`,
		`1:50: warning: attribute "uuid" given twice; the first, uuid(1), is used`}},
	{"fid too large moved", "[uuid(5)] interface A { void a(); };\n[uuid(5)] interface x : A {\n" + manyOps(62) + "};\n[uuid(5)] interface y : A { void y1(); void y2(); };", []string{
		`64:8: warning: operation "op62" takes function id 1: its place in IDL4's numbering, 64, does not fit 6 bits (an IDL4 peer could not call it)`}},
}

// manyOps declares n operations op1..opN, one per line.
func manyOps(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  void op%d();\n", i)
	}
	return b.String()
}

func TestCheckWarnings(t *testing.T) {
	for _, tc := range warningCases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := checkFiles(t, tc.src, nil)
			if errs.HasErrors() {
				t.Fatalf("errors:\n%s", ckDiags(errs))
			}
			var got []string
			for _, d := range errs.Diags {
				got = append(got, fmt.Sprintf("%d:%d: %s: %s", d.Pos.Line, d.Pos.Column, d.Severity, d.Msg))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("source:\n%s\ngot:\n%s\nwant:\n%s", tc.src, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestCheckNoExplicitFree: when all 64 function ids are taken, an
// operation without a place is an error.
func TestCheckNoFunctionIDLeft(t *testing.T) {
	src := "interface i {\n"
	for i := 0; i < 64; i++ {
		src += fmt.Sprintf("  [uuid(%d)] void e%d();\n", i, i)
	}
	src += "  void extra();\n};\n"
	_, errs := checkFiles(t, src, nil)
	if !strings.Contains(ckDiags(errs), `66:8: error: no function id left for operation "extra": all of 0..63 are used`) {
		t.Errorf("got:\n%s", ckDiags(errs))
	}
}
