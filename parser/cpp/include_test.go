package cpp

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/diag"
)

func TestInclude(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		main  string
		dirs  []string
		want  string
		diags []string
	}{
		{
			name:  "quote form, same folder",
			files: map[string]string{"m.idl": "a\n#include \"x.idl\"\nb\n", "x.idl": "x\n"},
			main:  "m.idl", want: "a x b",
		},
		{
			name:  "angle form searches the including folder too",
			files: map[string]string{"m.idl": "#include <x.idl>\n", "x.idl": "x\n"},
			main:  "m.idl", want: "x",
		},
		{
			name: "folder of the including file, not of the main file",
			files: map[string]string{
				"m.idl":     "#include \"sub/a.idl\"\n",
				"sub/a.idl": "#include \"b.idl\"\n",
				"sub/b.idl": "sub_b\n",
				"b.idl":     "top_b\n",
			},
			main: "m.idl", want: "sub_b",
		},
		{
			name: "include dirs in order after the own folder",
			files: map[string]string{
				"src/m.idl": "#include \"x.idl\"\n#include <y.idl>\n#include \"z.idl\"\n",
				"src/z.idl": "own_z\n",
				"i1/x.idl":  "i1_x\n",
				"i2/x.idl":  "i2_x\n",
				"i2/y.idl":  "i2_y\n",
				"i1/z.idl":  "i1_z\n",
			},
			main: "src/m.idl", dirs: []string{"i1", "i2"}, want: "i1_x i2_y own_z",
		},
		{
			name: "include_next continues after the current file's folder",
			files: map[string]string{
				"m.idl":    "#include <x.h>\n",
				"i1/x.h":   "one\n#include_next <x.h>\n",
				"i2/x.h":   "two\n",
				"ignore.h": "",
			},
			main: "m.idl", dirs: []string{"i1", "i2"}, want: "one two",
		},
		{
			name:  "missing file",
			files: map[string]string{"m.idl": "a\n  #include \"nope.idl\"\nb\n"},
			main:  "m.idl", want: "a b",
			diags: []string{`m.idl:2:3: error: cannot find include file "nope.idl"`},
		},
		{
			name:  "missing angle file",
			files: map[string]string{"m.idl": "#include <l4/nope.h>\n"},
			main:  "m.idl", dirs: []string{"inc"},
			diags: []string{`m.idl:1:1: error: cannot find include file <l4/nope.h>`},
		},
		{
			name: "cycle",
			files: map[string]string{
				"m.idl": "#include \"a.idl\"\nm\n",
				"a.idl": "a1\n#include \"b.idl\"\na2\n",
				"b.idl": "b\n#include \"a.idl\"\n",
			},
			main: "m.idl", want: "a1 b a2 m",
			diags: []string{`b.idl:2:1: error: #include cycle: a.idl -> b.idl -> a.idl`},
		},
		{
			name:  "self include",
			files: map[string]string{"m.idl": "x\n#include \"m.idl\"\n"},
			main:  "m.idl", want: "x",
			diags: []string{`m.idl:2:1: error: #include cycle: m.idl -> m.idl`},
		},
		{
			name: "pragma once",
			files: map[string]string{
				"m.idl": "#include \"a.idl\"\n#include \"a.idl\"\n#include \"./a.idl\"\nend\n",
				"a.idl": "#pragma once\na\n",
			},
			main: "m.idl", want: "a end",
		},
		{
			name: "pragma once stops self inclusion",
			files: map[string]string{
				"m.idl": "#include \"a.idl\"\n",
				"a.idl": "#pragma once\na\n#include \"a.idl\"\n",
			},
			main: "m.idl", want: "a",
		},
		{
			name: "include guard",
			files: map[string]string{
				"m.idl": "#include \"g.idl\"\n#include \"g.idl\"\nend\n",
				"g.idl": "// comment\n#ifndef G_IDL\n#define G_IDL\ng\n#endif /* G_IDL */\n// trailing\n",
			},
			main: "m.idl", want: "g end",
		},
		{
			name: "guarded files including each other",
			files: map[string]string{
				"m.idl": "#include \"a.idl\"\nm\n",
				"a.idl": "#if !defined(A)\n#define A\n#include \"b.idl\"\na\n#endif\n",
				"b.idl": "#ifndef B\n#define B\n#include \"a.idl\"\nb\n#endif\n",
			},
			main: "m.idl", want: "b a m",
		},
		{
			name: "import includes once",
			files: map[string]string{
				"m.idl": "#import \"a.idl\"\n#import \"a.idl\"\n",
				"a.idl": "a\n",
			},
			main: "m.idl", want: "a",
		},
		{
			name: "file name from a macro",
			files: map[string]string{
				"m.idl":   "#define HDR \"x.idl\"\n#define SYS <sys/y.h>\n#include HDR\n#include SYS\n",
				"x.idl":   "x\n",
				"sys/y.h": "y\n",
			},
			main: "m.idl", want: "x y",
		},
		{
			name:  "bad operands",
			files: map[string]string{"m.idl": "#include\n#include x\n#include \"\"\n#include \"a.idl\" junk\n", "a.idl": "a\n"},
			main:  "m.idl", want: "a",
			diags: []string{
				`1:1: error: #include expects "FILENAME" or <FILENAME>`,
				`2:10: error: #include expects "FILENAME" or <FILENAME>`,
				`3:1: error: empty filename in #include`,
				`4:18: warning: extra tokens at end of #include directive`,
			},
		},
		{
			name: "conditionals do not span files",
			files: map[string]string{
				"m.idl": "#if 1\n#include \"a.idl\"\n#endif\n",
				"a.idl": "#endif\n#if 1\n",
			},
			main: "m.idl",
			diags: []string{
				`a.idl:1:1: error: #endif without #if`,
				`a.idl:2:1: error: unterminated #if`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree(t, tc.files)
			r, errs := runFile(t, tc.main, &Options{IncludeDirs: tc.dirs})
			if got := spelling(r.Tokens); got != tc.want {
				t.Errorf("tokens = %q, want %q", got, tc.want)
			}
			wantDiags(t, errs, true, tc.diags...)
		})
	}
}

func TestIncludeDepthLimit(t *testing.T) {
	files := map[string]string{"m.idl": "#include \"f0.idl\"\n"}
	for i := range 100 {
		files[fmt.Sprintf("f%d.idl", i)] = fmt.Sprintf("#include \"f%d.idl\"\nt%d\n", i+1, i)
	}
	tree(t, files)
	r, errs := runFile(t, "m.idl", nil)
	wantDiags(t, errs, true, "f63.idl:1:1: error: #include nested too deeply (more than 64 levels)")
	if n := len(r.Tokens); n != 65 || r.Tokens[0].Text != "t63" || r.Tokens[63].Text != "t0" {
		t.Errorf("got %d tokens: %s", n, spelling(r.Tokens))
	}
}

func TestIncludeGuardSkipsReading(t *testing.T) {
	reads := map[string]int{}
	src := []byte("#include \"g.idl\"\n#include \"g.idl\"\n#undef G\n#include \"g.idl\"\n")
	opts := &Options{ReadFile: func(name string) ([]byte, error) {
		reads[name]++
		return []byte("#ifndef G\n#define G\ng\n#endif\n"), nil
	}}
	r := Preprocess("m.idl", src, opts, nil)
	if got := spelling(r.Tokens); got != "g g" {
		t.Errorf("tokens = %q, want %q", got, "g g")
	}
	if reads["g.idl"] != 1 {
		t.Errorf("g.idl read %d times, want 1", reads["g.idl"])
	}
	if r.Tokens[0].Pos.Filename != "g.idl" || r.Tokens[0].Pos.Line != 3 {
		t.Errorf("position %v", r.Tokens[0].Pos)
	}
}

func TestIncludeReadError(t *testing.T) {
	opts := &Options{
		IncludeDirs: []string{"i"},
		ReadFile: func(name string) ([]byte, error) {
			switch name {
			case "x.h":
				return nil, errors.New("permission denied")
			case filepath.Join("i", "x.h"):
				return []byte("found\n"), nil
			}
			return nil, fs.ErrNotExist
		},
	}
	errs := &diag.List{}
	r := Preprocess("m.idl", []byte("#include \"x.h\"\n#include \"y.h\"\n"), opts, errs)
	if got := spelling(r.Tokens); got != "found" {
		t.Errorf("tokens = %q", got)
	}
	wantDiags(t, errs, true, `m.idl:2:1: error: cannot find include file "y.h"`)

	opts.IncludeDirs = nil
	errs = &diag.List{}
	Preprocess("m.idl", []byte("#include \"x.h\"\n"), opts, errs)
	wantDiags(t, errs, true, `m.idl:1:1: error: cannot read include file "x.h": permission denied`)
}

func TestIncludePositionsAndFiles(t *testing.T) {
	tree(t, map[string]string{
		"dir/m.idl":       "#define SEVEN 7\nfirst\n#include \"sub/inc.idl\"\n  last SEVEN\n",
		"dir/sub/inc.idl": "\n\tinside SEVEN\n",
	})
	r, errs := runFile(t, "dir/m.idl", nil)
	wantDiags(t, errs, true)
	want := []string{
		"dir/m.idl:2:1 first",
		"dir/sub/inc.idl:2:2 inside",
		"dir/sub/inc.idl:2:9 7",
		"dir/m.idl:4:3 last",
		"dir/m.idl:4:8 7",
		"dir/m.idl:4:13 ",
	}
	var got []string
	for _, tok := range r.Tokens {
		got = append(got, fmt.Sprintf("%s:%d:%d %s", tok.Pos.Filename, tok.Pos.Line, tok.Pos.Column, tok.Text))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("positions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, name := range []string{"dir/m.idl", "dir/sub/inc.idl"} {
		if _, ok := r.Source(name); !ok {
			t.Errorf("Files lacks %s (has %v)", name, r.Files)
		}
	}
}

// Headers without guards that include each other many times multiply;
// the run stops including with an error instead of running for hours.
func TestIncludeExplosion(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 8; i++ {
		files[fmt.Sprintf("h%d.h", i)] = strings.Repeat(fmt.Sprintf("#include \"h%d.h\"\n", i+1), 20) + "tok\n"
	}
	files["h8.h"] = "leaf\n"
	opts := &Options{ReadFile: func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}}
	errs := &diag.List{}
	r := Preprocess("m.idl", []byte("#include \"h0.h\"\n"), opts, errs)
	if errs.ErrorCount() != 1 || !strings.Contains(errs.Diags[0].Msg, "too much input through #include") {
		t.Errorf("diagnostics: %v", messages(errs, true))
	}
	if n := len(r.Tokens); n < 1000 || r.Tokens[n-1].Kind != EOF {
		t.Errorf("%d tokens", n)
	}
}
