package cpp

import (
	"bytes"
	"io/fs"
	"testing"
	"unicode/utf8"

	"github.com/l4idl/l4idl/parser/diag"
)

// FuzzPreprocess checks that no input makes the preprocessor panic or
// hang, and that the token list always ends in exactly one EOF. The input
// is also served as the include files "self.idl" and "h/other.h", so
// includes, cycles and guards are exercised too.
func FuzzPreprocess(f *testing.F) {
	seeds := []string{
		"#define F(x, ...) #x x ## __VA_ARGS__\nF(a, b, c)\n",
		"#if defined(V4) && 1 / 0\n#elif 'a' + 0x10u > 3 ? 1 : 2\n#else\n#endif\n",
		"#include \"self.idl\"\n#include <h/other.h>\n#pragma once\n",
		"#ifndef G\n#define G\ninterface x { void f(in long a); };\n#endif\n",
		"#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)\n",
		"#if 0\nit's\n#else\n\"open\n#endif\n#error x\n#warning y\n#line 3 \"z\"\n#foo\n",
		"#define E(f, ...) f(0, ##__VA_ARGS__)\nE(g) E(g, 1) __FILE__ __LINE__\n/* open",
		"#define C(a,b) a##b\nC(+,/) C(,) C(L, \"x\")\n#define S(x) #x\nS('\\'' \"\\\\\")\n",
		"#include_next <h/other.h>\n#import \"self.idl\"\n#if __L4IDL__ == 1\nok\n#endif\nF(\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		opts := &Options{
			IncludeDirs: []string{"h", "i"},
			Defines:     map[string]string{"V4": "1", "F(x)": "x+1"},
			ReadFile: func(name string) ([]byte, error) {
				switch name {
				case "self.idl", "h/other.h", "i/h/other.h", "h/h/other.h":
					return []byte(src), nil
				}
				return nil, fs.ErrNotExist
			},
		}
		var errs diag.List
		r := Preprocess("main.idl", []byte(src), opts, &errs)
		n := len(r.Tokens)
		if n == 0 || r.Tokens[n-1].Kind != EOF {
			t.Fatalf("token list does not end in EOF")
		}
		for _, tok := range r.Tokens[:n-1] {
			if tok.Kind == EOF || tok.Kind > Punct {
				t.Fatalf("bad token inside the list: %+v", tok)
			}
		}
		for _, tok := range r.Tokens {
			if text, ok := r.Files[tok.Pos.Filename]; ok {
				checkPos(t, text, tok.Pos)
			}
		}
		for name := range r.Macros {
			r.EvalMacro(name)
		}
	})
}

// checkPos checks that a position's line and column agree with its
// offset in text.
func checkPos(t *testing.T, text []byte, p diag.Pos) {
	t.Helper()
	if p.Offset < 0 || p.Offset > len(text) {
		t.Fatalf("offset out of range: %+v", p)
	}
	before := text[:p.Offset]
	line := 1 + bytes.Count(before, []byte("\n"))
	col := 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	if p.Line != line || p.Column != col {
		t.Fatalf("position %+v, but offset %d is at %d:%d", p, p.Offset, line, col)
	}
}
