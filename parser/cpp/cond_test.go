package cpp

import (
	"strings"
	"testing"
)

func TestConditionals(t *testing.T) {
	tests := []struct {
		name, src, want string
		diags           []string
	}{
		{name: "if true", src: "#if 1\na\n#endif\nb", want: "a b"},
		{name: "if false", src: "#if 0\na\n#endif\nb", want: "b"},
		{name: "else", src: "#if 0\na\n#else\nb\n#endif", want: "b"},
		{name: "elif chain", src: "#if 0\na\n#elif 0\nb\n#elif 1\nc\n#elif 1\nd\n#else\ne\n#endif", want: "c"},
		{name: "elif chain else", src: "#if 0\na\n#elif 0\nb\n#else\ne\n#endif", want: "e"},
		{name: "elif after taken branch is not evaluated", src: "#if 1\na\n#elif 1/0\nb\n#elif (\n#endif", want: "a"},
		{
			name: "nested",
			src:  "#if 1\n#if 0\nx\n#else\ny\n#endif\n#else\n#if 1\nz\n#endif\n#endif\n#if 0\n#if 1\nw\n#else\nv\n#endif\n#endif",
			want: "y",
		},
		{name: "ifdef ifndef", src: "#define A\n#ifdef A\na\n#endif\n#ifndef A\nna\n#endif\n#ifdef B\nb\n#endif\n#ifndef B\nnb\n#endif", want: "a nb"},
		{name: "elifdef elifndef", src: "#define A\n#if 0\n#elifdef B\nb\n#elifndef A\nna\n#elifdef A\na\n#endif", want: "a"},
		{name: "defined forms", src: "#define A\n#if defined A && defined(A) && !defined B && !defined ( B )\nok\n#endif", want: "ok"},
		{name: "defined from macro", src: "#define A\n#define D defined(A)\n#if D\nok\n#endif", want: "ok"},
		{name: "macros in condition", src: "#define V 4\n#define IS(x) (V == x)\n#if IS(4) && !IS(2)\nok\n#endif", want: "ok"},
		{name: "undefined names are zero", src: "#if UNDEFINED == 0 && !UNDEFINED\nok\n#endif", want: "ok"},
		{
			name: "skipped groups hold anything",
			src:  "#if 0\n#foo\n#if garbage (((\n#elif\n#else\n#else\n#endif\n#include \"nope\"\n#error no\n#define F(\n#elif 0\n'\n#endif\nok",
			want: "ok",
		},
		{name: "null directive", src: "#\n# /* comment */\na", want: "a"},
		{name: "ignored directives", src: "#pragma force-include\n#pragma GCC poison x\n#ident \"v1\"\n#sccs \"v1\"\n#line 10\n#line 20 \"x.idl\"\n# 30 \"y.idl\" 1 3\na", want: "a"},
		{name: "error", src: "#error some   text \"here\"\na", want: "a", diags: []string{`1:1: error: #error some text "here"`}},
		{name: "warning", src: "#warning careful  now\na", want: "a", diags: []string{`1:1: warning: #warning careful now`}},
		{name: "error in skipped group", src: "#if 0\n#error no\n#warning no\n#endif"},
		{name: "unknown directive", src: "#foo bar\n# \"x\"\na", want: "a", diags: []string{
			`1:2: error: unknown preprocessing directive #foo`,
			`2:3: error: unknown preprocessing directive #"x"`,
		}},
		{name: "bad line", src: "#line x\n#line\n#line 5 x\n#line 5 \"f\" 3", diags: []string{
			`1:7: error: "x" after #line is not a positive integer`,
			`2:1: error: #line directive requires a line number`,
			`3:9: error: invalid file name "x" in #line directive`,
			`4:13: warning: extra tokens at end of #line directive`,
		}},
		{name: "else after else", src: "#if 0\n#else\n#else\nx\n#endif\ny", want: "y", diags: []string{
			`3:1: error: #else after #else`,
			`2:1: note: the first #else was here`,
		}},
		{name: "elif after else", src: "#if 0\n#else\na\n#elif 1\nb\n#endif", want: "a", diags: []string{
			`4:1: error: #elif after #else`,
			`2:1: note: the #else was here`,
		}},
		{name: "stray", src: "#endif\n#else\n#elif 1\n#elifdef X\na", want: "a", diags: []string{
			`1:1: error: #endif without #if`,
			`2:1: error: #else without #if`,
			`3:1: error: #elif without #if`,
			`4:1: error: #elifdef without #if`,
		}},
		{name: "unterminated", src: "x\n#if 1\ny\n  #ifdef X\n", want: "x y", diags: []string{
			`2:1: error: unterminated #if`,
			`4:3: error: unterminated #ifdef`,
		}},
		{name: "ifdef operands", src: "#ifdef\n#endif\n#ifndef 3\n#endif\n#ifdef X junk\n#endif junk\n#else", diags: []string{
			`1:1: error: no macro name given in #ifdef directive`,
			`3:9: error: macro names must be identifiers`,
			`5:10: warning: extra tokens at end of #ifdef directive`,
			`6:8: warning: extra tokens at end of #endif directive`,
			`7:1: error: #else without #if`,
		}},
		{name: "if without expression", src: "#if\na\n#elif\nb\n#endif", diags: []string{
			`1:1: error: #if with no expression`,
			`3:1: error: #elif with no expression`,
		}},
		{name: "division by zero", src: "#if 1 / 0\na\n#elif 2 % (1 - 1)\nb\n#else\nc\n#endif", want: "c", diags: []string{
			`1:7: error: division by zero in #if`,
			`3:9: error: division by zero in #elif`,
		}},
		{name: "division by zero not evaluated", src: "#if 0 && 1/0 || 1 || 1/0\na\n#endif\n#if 0 ? 1/0 : 1\nb\n#endif", want: "a b"},
		{name: "division by zero in skipped group", src: "#if 0\n#if 1/0\n#endif\n#endif"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, errs := run(t, tc.src, nil)
			if got := spelling(r.Tokens); got != tc.want {
				t.Errorf("tokens = %q, want %q", got, tc.want)
			}
			wantDiags(t, errs, false, tc.diags...)
		})
	}
}

// Lexer errors in skipped groups (apostrophes in prose, stray
// characters) are not reported; the same errors in active lines are.
func TestLexerDiagnosticsInSkippedGroups(t *testing.T) {
	tests := []struct {
		name, src string
		diags     []string
	}{
		{
			name: "if 0 prose",
			src:  "#if 0\nit's a note\n\"open\n$ @ \\ `\n#endif\nok\n",
		},
		{
			name:  "active prose",
			src:   "#if 1\nit's\n#endif\n",
			diags: []string{`2:3: error: unterminated character literal`},
		},
		{
			name: "only active lines",
			src:  "$\n#ifdef X\n@\n#else\n`\n#endif\n#if 0\n'\n#elif 1\n'x\n#endif\n#if 1\n#else\n'y\n#endif\n",
			diags: []string{
				`1:1: error: stray '$' in program`,
				`5:1: error: stray '` + "`" + `' in program`,
				`10:1: error: unterminated character literal`,
			},
		},
		{
			name: "nested skipped",
			src:  "#if 0\n#if 1\n'\n#endif\n'\n#endif\n",
		},
		{
			name:  "directive line of an active group",
			src:   "#if 1 // '\n#define X '\n#endif\n",
			diags: []string{`2:11: error: unterminated character literal`},
		},
		{
			name:  "comment running off the end of an active file",
			src:   "#if 0\n'\n#endif\n/* open",
			diags: []string{`4:1: error: unterminated comment`},
		},
		{
			name: "in unterminated skipped group",
			src:  "#if 0\n'\n",
			diags: []string{
				`1:1: error: unterminated #if`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := run(t, tc.src, nil)
			wantDiags(t, errs, false, tc.diags...)
		})
	}

	// Through includes: the included file's skipped lines are skipped.
	tree(t, map[string]string{
		"m.idl": "#define A\n#include \"a.idl\"\n'\n",
		"a.idl": "#ifndef A\nisn't\n#else\nis'\n#endif\n",
	})
	_, errs := runFile(t, "m.idl", nil)
	wantDiags(t, errs, true,
		`a.idl:4:3: error: unterminated character literal`,
		`m.idl:3:1: error: unterminated character literal`)
}

func TestExpressions(t *testing.T) {
	tests := []struct {
		expr string
		want bool
		diag string // expected error, if any
	}{
		{expr: "1", want: true},
		{expr: "0", want: false},
		{expr: "1 + 2 == 3", want: true},
		{expr: "2 * 3 - 6", want: false},
		{expr: "10 / 3 == 3 && 10 % 3 == 1 && -7 / 2 == -3 && -7 % 2 == -1", want: true},
		{expr: "1 + 2 * 3 == 7 && (1 + 2) * 3 == 9", want: true},
		{expr: "-1 < 0", want: true},
		{expr: "-1 < 0u", want: false},
		{expr: "1 - 1u < 1", want: true},
		{expr: "1 - 2u > 0", want: true},
		{expr: "~0 == -1 && ~0u == 18446744073709551615u", want: true},
		{expr: "!0 && !!5 && !5 == 0", want: true},
		{expr: "+3 == 3 && - -3 == 3", want: true},
		{expr: "1 << 62 > 0 && 1 << 63 < 0 && 1u << 63 > 0", want: true},
		{expr: "(1 << 63) >> 63 == -1 && (1u << 63) >> 63 == 1", want: true},
		{expr: "-1 >> 70 == -1 && 1 << 64 == 0 && 1 >> -1 == 2", want: true},
		{expr: "0xffffffffffffffff == -1 && 0xffffffffffffffff > 0", want: true},
		{expr: "18446744073709551615 > 0", want: true},
		{expr: "9223372036854775807 > 0 && -9223372036854775807 - 1 < 0", want: true},
		{expr: "(-9223372036854775807 - 1) / -1 < 0", want: true},
		{expr: "0x10 == 16 && 0X1f == 31 && 010 == 8 && 0 == 0 && 0b101 == 5", want: true},
		{expr: "10UL == 10 && 10llu == 10 && 10LL == 10 && 7U == 7 && 7lu == 7", want: true},
		{expr: "'a' == 97 && '\\n' == 10 && '\\0' == 0 && '\\'' == 39 && '\\\\' == 92", want: true},
		{expr: "'\\xff' == -1 && '\\377' < 0 && '\\x41' == 65 && '\\101' == 65", want: true},
		{expr: "'ab' == 0x6162 && L'a' == 97 && L'\\xffff' == 65535", want: true},
		{expr: "(1 ? 2 : 3) == 2 && (0 ? 2 : 3) == 3 && (1 ? 2 : 0 ? 3 : 4) == 2", want: true},
		{expr: "(0 ? 1u : -1) > 0", want: true},
		{expr: "(1, 0)", want: false},
		{expr: "5 > 3 > 0 && 3 >= 3 && 3 <= 3 && !(3 < 3) && 2 != 3", want: true},
		{expr: "(6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5", want: true},
		{expr: "1 || 0 && 0", want: true},
		{expr: "1 / 0", diag: "1:7: error: division by zero in #if"},
		{expr: "1 % 0", diag: "1:7: error: division by zero in #if"},
		{expr: "1 +", diag: "1:8: error: missing operand at end of #if expression"},
		{expr: "(1", diag: "1:5: error: missing ')' in expression"},
		{expr: "1)", diag: "1:6: error: missing '(' in expression"},
		{expr: "()", diag: "1:5: error: missing expression between '(' and ')'"},
		{expr: "1 2", diag: `1:7: error: missing binary operator before token "2"`},
		{expr: "1.0", diag: "1:5: error: floating constant 1.0 in #if"},
		{expr: `"s"`, diag: `1:5: error: token "s" is not valid in #if expressions`},
		{expr: "1 = 1", diag: `1:7: error: token "=" is not valid in #if expressions`},
		{expr: "1 ? 2", diag: "1:7: error: '?' without following ':'"},
		{expr: "1 : 2", diag: "1:7: error: ':' without preceding '?'"},
		{expr: "08", diag: `1:5: error: invalid digit "8" in octal constant in #if`},
		{expr: "0b12", diag: `1:5: error: invalid digit "2" in binary constant in #if`},
		{expr: "0x", diag: "1:5: error: invalid integer constant 0x in #if"},
		{expr: "1abc", diag: `1:5: error: invalid suffix "abc" on integer constant in #if`},
		{expr: "12uu", diag: `1:5: error: invalid suffix "uu" on integer constant in #if`},
		{expr: "99999999999999999999", diag: "1:5: error: integer constant 99999999999999999999 is too large in #if"},
		{expr: "''", diag: "1:5: error: empty character constant in #if"},
		{expr: "'\\x'", diag: "1:5: error: \\x used with no following hex digits in '\\x' in #if"},
		{expr: "'\\400'", diag: "1:5: error: escape sequence out of range in '\\400' in #if"},
		{expr: "defined", diag: `1:12: error: operator "defined" requires an identifier`},
		{expr: "defined(X", diag: `1:14: error: missing ')' after "defined"`},
		{expr: "defined 3", diag: `1:13: error: operator "defined" requires an identifier`},
		{expr: "f(1)", diag: `1:6: error: missing binary operator before token "("`},
		{expr: strings.Repeat("(", 2000) + "1" + strings.Repeat(")", 2000), diag: "error: #if expression nested too deeply"},
		{expr: strings.Repeat("!", 2000) + "1", diag: "error: #if expression nested too deeply"},
		{expr: strings.Repeat("1 ? 1 : ", 2000) + "1", diag: "error: #if expression nested too deeply"},
	}
	for _, tc := range tests {
		t.Run(tc.expr[:min(len(tc.expr), 40)], func(t *testing.T) {
			r, errs := run(t, "#if "+tc.expr+"\nyes\n#else\nno\n#endif\n", nil)
			if tc.diag != "" {
				wantDiags(t, errs, false, tc.diag)
				if got := spelling(r.Tokens); got != "no" {
					t.Errorf("failed #if took the true branch: %q", got)
				}
				return
			}
			wantDiags(t, errs, false)
			want := map[bool]string{true: "yes", false: "no"}[tc.want]
			if got := spelling(r.Tokens); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}
