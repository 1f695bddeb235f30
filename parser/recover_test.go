package parser

import (
	"sort"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/diag"
)

// TestRecovery checks that every syntax error is reported, that the
// definitions around a broken one are kept, and which names the broken
// ones leave in File.Dropped.
func TestRecovery(t *testing.T) {
	tests := []struct {
		name, src string
		diags     []string // all diagnostics, "line:col: severity: message"
		kept      string   // the tree printed as canonical IDL
		dropped   string   // File.Dropped, sorted, space-separated
	}{
		{"two operations", "interface i { void f(in 42 a); void g(in long a b); void h(); };",
			[]string{`1:25: error: syntax error: unexpected number 42, expected type`, `1:49: error: syntax error: unexpected "b", expected ")"`},
			"interface i { void h(); };", "a b f g in long void"},
		{"definitions at file level", "const long a = ;\ntypedef long t;\nstruct s { long x };\nenum e { A };",
			[]string{`1:16: error: syntax error: unexpected ";", expected expression`, `3:19: error: syntax error: unexpected "}", expected ";"`},
			"typedef long t; enum e { A };", "a const long s struct x"},
		{"missing semicolon at end of line", "typedef long t\ninterface i { void f()\n void g(); };",
			[]string{`2:1: error: syntax error: unexpected "interface", expected ";"`, `3:2: error: syntax error: unexpected "void", expected ";"`},
			"typedef long t; interface i { void f(); void g(); };", ""},
		{"no semicolon inserted inside a line", "const long a = 1 2;\nconst long b = 3;",
			[]string{`1:18: error: syntax error: unexpected number 2, expected ";"`},
			"const long b = 3;", "a const long"},
		{"unclosed parenthesis", "interface i { void f(in long a;\n void g(); };",
			[]string{`1:31: error: syntax error: unexpected ";", expected ")"`},
			"interface i { void g(); };", "a f in long void"},
		{"semicolon in parentheses", "interface i { void f(in long a; in long b); void g(); };",
			[]string{`1:31: error: syntax error: unexpected ";", expected ")"`, `1:41: error: syntax error: unexpected "b", expected "("`},
			"interface i { void g(); };", "a b f in long void"},
		{"definition word after the error", "[uuid(1) interface i { void f(); };",
			[]string{`1:10: error: syntax error: unexpected "interface", expected "]"`},
			"interface i { void f(); };", "uuid"},
		{"body's closing brace", "interface i { void f() }; interface j { };",
			[]string{`1:24: error: syntax error: unexpected "}", expected ";"`},
			"interface i { }; interface j { };", "f void"},
		{"stray closing brace", "}; interface j { }; } interface k { };",
			[]string{`1:1: error: syntax error: unexpected "}", expected declaration`, `1:21: error: syntax error: unexpected "}", expected declaration`},
			"interface j { }; interface k { };", ""},
		{"broken header drops the body", "interface 1 { void f(); }; interface j { };",
			[]string{`1:11: error: syntax error: unexpected number 1, expected name`},
			"interface j { };", "f interface void"},
		{"nested bodies", "module m { interface i { void f(; void g(); }; const long c = 1; };",
			[]string{`1:33: error: syntax error: unexpected ";", expected ")"`},
			"module m { interface i { void g(); }; const long c = 1; };", "f void"},
		{"end of file in a body", "module m { interface i { void f();",
			[]string{`1:35: error: syntax error: unexpected end of file, expected "}"`, `1:24: note: to match this '{'`, `1:10: note: to match this '{'`},
			"module m { interface i { void f(); }; };", ""},
		{"end of file in a struct", "struct s { long a;",
			[]string{`1:19: error: syntax error: unexpected end of file, expected "}"`, `1:10: note: to match this '{'`},
			"", "a long s struct"},
		{"two directions", "interface i { void f(in out long a, out inout long b, in in long c); };",
			[]string{`1:25: error: parameter "a" has two directions ("in" and "out"); write "inout"`,
				`1:41: error: parameter "b" has two directions ("out" and "inout"); write "inout"`,
				`1:58: warning: direction "in" of parameter "c" given twice`},
			"interface i { void f(inout long a, inout long b, in long c); };", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errs diag.List
			f := parseText(tc.src, &errs)
			var got []string
			for _, d := range errs.Diags {
				got = append(got, strings.TrimPrefix(d.String(), "t.idl:"))
			}
			if strings.Join(got, "\n") != strings.Join(tc.diags, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.diags, "\n"))
			}
			if got := format(f); got != tc.kept {
				t.Errorf("kept:\n got %s\nwant %s", got, tc.kept)
			}
			var names []string
			for n := range f.Dropped {
				names = append(names, n)
			}
			sort.Strings(names)
			if got := strings.Join(names, " "); got != tc.dropped {
				t.Errorf("dropped: got %q, want %q", got, tc.dropped)
			}
		})
	}
}
