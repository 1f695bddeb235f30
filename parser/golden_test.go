package parser

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/parser")

// TestGolden parses the files in testdata/parser and compares the
// diagnostics and the trees of all files read (Fprint) with the .golden
// file next to each. Run with -update to rewrite them after a deliberate
// change.
func TestGolden(t *testing.T) {
	dir := filepath.Join("..", "testdata", "parser")
	for _, name := range []string{"corba.idl", "dce.idl", "imports/main.idl", "recover.idl"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, filepath.FromSlash(name))
			opts := &Options{CPP: cpp.Options{IncludeDirs: []string{filepath.Join(filepath.Dir(path), "include")}}}
			var errs diag.List
			prog := ParseFile(path, opts, &errs)
			var b bytes.Buffer
			errs.Print(&b, prog)
			for _, f := range prog.Files {
				rel, _ := filepath.Rel(dir, f.Path)
				b.WriteString("== " + filepath.ToSlash(rel) + "\n")
				if err := Fprint(&b, f); err != nil {
					t.Fatal(err)
				}
			}
			got := bytes.ReplaceAll(b.Bytes(), []byte(filepath.ToSlash(dir)+"/"), nil)
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", name, golden, got)
			}
		})
	}
}
