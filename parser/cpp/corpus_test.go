package cpp

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/internal/corpustest"
	"github.com/l4idl/l4idl/parser/diag"
)

// corpus returns the corpus folder and the include path its files are
// checked with (runtime headers, the repository's stand-in headers, the
// corpus IDL files under their installed names). It skips the test when
// the corpus is missing, unless CI is set.
func corpus(t *testing.T) (root string, dirs []string) {
	t.Helper()
	root, err := corpustest.Root()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	repo, err := corpustest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dirs, err = corpustest.IncludeDirs(repo, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return root, dirs
}

// TestCorpus preprocesses every corpus file: no diagnostics at all.
func TestCorpus(t *testing.T) {
	root, dirs := corpus(t)
	opts := &Options{IncludeDirs: dirs}
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !corpustest.IsIDL(path) {
			return err
		}
		n++
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var errs diag.List
		r := Preprocess(path, src, opts, &errs)
		if k := r.Tokens[len(r.Tokens)-1].Kind; k != EOF {
			t.Errorf("%s: last token is %v", path, k)
		}
		for _, d := range errs.Diags {
			t.Errorf("%s", d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 90 {
		t.Errorf("only %d corpus files found", n)
	}
}

// The corpus's conditionals select what they should.
func TestCorpusConditionals(t *testing.T) {
	root, dirs := corpus(t)
	path := filepath.Join(root, "idl4", "idl4-examples", "test", "idl", "test.idl")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	count := func(defines map[string]string) int {
		var errs diag.List
		r := Preprocess(path, src, &Options{IncludeDirs: dirs, Defines: defines}, &errs)
		for _, d := range errs.Diags {
			t.Errorf("%s", d)
		}
		return len(r.Tokens)
	}
	plain := count(nil)
	v4 := count(map[string]string{"V4": "1"})
	v2 := count(map[string]string{"V2": "1"})
	if !(v4 > plain && v2 < plain) {
		t.Errorf("token counts: plain %d, -DV4 %d, -DV2 %d", plain, v4, v2)
	}
}

// BenchmarkPreprocess measures a 4,600-line IDL file that includes a few
// guarded headers and uses macros on most lines.
func BenchmarkPreprocess(b *testing.B) {
	var main strings.Builder
	main.WriteString("#include \"types.idl\"\n#include \"consts.h\"\n#include \"types.idl\"\n")
	main.WriteString("#define ARRAY(t, n) t data[n]\n#define OP(name, T) void name(in T a, out T b)\n")
	for i := 0; strings.Count(main.String(), "\n") < 4600; i++ {
		fmt.Fprintf(&main, "/* interface %d */\n", i)
		fmt.Fprintf(&main, "#if defined(V4) && MAX_%d > 2\n", i%4)
		fmt.Fprintf(&main, "interface I%d {\n  OP(get%d, long);\n  struct s { ARRAY(short, MAX_%d); };\n#else\n  const long c = %d;\n#endif\n};\n", i, i, i%4, i)
	}
	files := map[string][]byte{
		"types.idl": []byte("#ifndef TYPES\n#define TYPES\ntypedef unsigned long word_t;\n" + strings.Repeat("typedef long t;\n", 200) + "#endif\n"),
		"consts.h":  []byte("#pragma once\n#define MAX_0 1\n#define MAX_1 (2 + 1)\n#define MAX_2 (MAX_1 * 2)\n#define MAX_3 (MAX_2 << 1)\n"),
	}
	opts := &Options{
		Defines: map[string]string{"V4": "1"},
		ReadFile: func(name string) ([]byte, error) {
			if b, ok := files[name]; ok {
				return b, nil
			}
			return nil, fs.ErrNotExist
		},
	}
	src := []byte(main.String())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var errs diag.List
		Preprocess("main.idl", src, opts, &errs)
		if errs.HasErrors() {
			b.Fatal(errs.Diags[0])
		}
	}
}
