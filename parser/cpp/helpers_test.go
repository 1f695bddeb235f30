package cpp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/diag"
)

// tree writes files (path -> text) under a fresh temporary folder, makes
// it the working directory and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	chdir(t, dir)
	return dir
}

// chdir makes dir the working directory until the test ends (t.Chdir
// needs Go 1.24; the module supports 1.22).
func chdir(t *testing.T, dir string) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.Chdir(old); err != nil {
			panic("cannot restore the working directory: " + err.Error())
		}
	})
}

// runFile preprocesses file name of the working directory.
func runFile(t *testing.T, name string, opts *Options) (*Result, *diag.List) {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var errs diag.List
	r := Preprocess(name, src, opts, &errs)
	checkEOF(t, r)
	return r, &errs
}

// run preprocesses src as file "t.idl" (no include files).
func run(t *testing.T, src string, opts *Options) (*Result, *diag.List) {
	t.Helper()
	var errs diag.List
	r := Preprocess("t.idl", []byte(src), opts, &errs)
	checkEOF(t, r)
	return r, &errs
}

func checkEOF(t *testing.T, r *Result) {
	t.Helper()
	n := len(r.Tokens)
	if n == 0 || r.Tokens[n-1].Kind != EOF {
		t.Fatalf("token list does not end in EOF: %v", r.Tokens)
	}
	for _, tok := range r.Tokens[:n-1] {
		if tok.Kind == EOF || tok.Kind >= fileEnd {
			t.Fatalf("internal or EOF token inside the list: %+v", tok)
		}
	}
}

// spelling joins the token texts (without EOF) with single blanks.
func spelling(toks []Token) string {
	var parts []string
	for _, t := range toks {
		if t.Kind != EOF {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, " ")
}

// messages gives the diagnostics as "line:col: severity: msg", without
// the file name, or with it when withFile is set.
func messages(errs *diag.List, withFile bool) []string {
	var out []string
	for _, d := range errs.Diags {
		s := d.String()
		if !withFile {
			s = strings.TrimPrefix(s, d.Pos.Filename+":")
		}
		out = append(out, s)
	}
	return out
}

// wantDiags checks that the diagnostics are exactly want (each entry is a
// substring the corresponding message must contain).
func wantDiags(t *testing.T, errs *diag.List, withFile bool, want ...string) {
	t.Helper()
	got := messages(errs, withFile)
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant %d:\n%s", strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("diagnostic %d = %q, want it to contain %q", i, got[i], want[i])
		}
	}
}
