package portable

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// lower loads and lowers an IDL file of the repository for an ABI.
func lower(t *testing.T, path, abiName string) *ir.Layout {
	t.Helper()
	abi, err := ir.LookupABI(abiName)
	if err != nil {
		t.Fatal(err)
	}
	opts := &parser.Options{CPP: cpp.Options{IncludeDirs: []string{"../../../runtime/include"}}}
	for k, v := range abi.Macros {
		opts.CPP.Define(k + "=" + v)
	}
	var errs diag.List
	prog, _ := ir.Load(path, opts, &errs)
	var l *ir.Layout
	if !errs.HasErrors() {
		l = ir.Lower(prog, abi, &errs)
	}
	if errs.HasErrors() {
		var b strings.Builder
		errs.Print(&b, nil)
		t.Fatalf("%s: %s", path, b.String())
	}
	return l
}

// TestBadInput checks the named errors for what this backend cannot do.
func TestBadInput(t *testing.T) {
	var errs diag.List
	if out := Generate(nil, gccx86.Options{}, &errs); out != nil || !strings.Contains(text(&errs), "no layout to generate from") {
		t.Errorf("nil layout: %d files, errors %q", len(out), text(&errs))
	}
	errs = diag.List{}
	idl := filepath.Join(t.TempDir(), "arr.idl")
	if err := os.WriteFile(idl, []byte("interface x { typedef long three[3]; three f(); };\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := Generate(lower(t, idl, "ia32"), gccx86.Options{}, &errs); out != nil || !strings.Contains(text(&errs), `operation "f" returns`) {
		t.Errorf("array result: %d files, errors %q", len(out), text(&errs))
	}
	errs = diag.List{}
	l := lower(t, "../../../testdata/anchor/a_calc.idl", "arm")
	if out := Generate(l, gccx86.Options{}, &errs); out != nil || !strings.Contains(text(&errs), "generates for ia32 and amd64, not arm") {
		t.Errorf("arm: %d files, errors %q", len(out), text(&errs))
	}
}

var callRE = regexp.MustCompile(`\b(l4idl_[a-z0-9_]+)\(`)

// TestHelpersDefined checks that every l4idl_ function the stubs of every
// test file call is defined in the support or helper header, and that
// the stubs marshal through the helpers rather than inline asm.
func TestHelpersDefined(t *testing.T) {
	var files []string
	for _, d := range []string{"anchor", "ir", "e2e"} {
		fs, _ := filepath.Glob(filepath.Join("../../../testdata", d, "*.idl"))
		files = append(files, fs...)
	}
	if len(files) == 0 {
		t.Fatal("no IDL files")
	}
	for _, target := range gccx86.Targets {
		for _, path := range files {
			var errs diag.List
			out := Generate(lower(t, path, target), gccx86.Options{Client: true, Server: true}, &errs)
			if errs.HasErrors() {
				t.Fatalf("%s (%s): %s", path, target, text(&errs))
			}
			defs := map[string]bool{}
			var stubs []gccx86.File
			for _, f := range out {
				if strings.HasSuffix(f.Name, "_client.h") || strings.HasSuffix(f.Name, "_server.h") {
					stubs = append(stubs, f)
					continue
				}
				for _, m := range regexp.MustCompile(`(?m)^.*\b(l4idl_[a-z0-9_]+)\(.*\)\s*$`).FindAllStringSubmatch(string(f.Data), -1) {
					defs[m[1]] = true
				}
			}
			if len(stubs) != 2 {
				t.Fatalf("%s (%s): %d stub files", path, target, len(stubs))
			}
			for _, f := range stubs {
				if strings.Contains(string(f.Data), "__asm__") {
					t.Errorf("%s (%s): %s has inline asm", path, target, f.Name)
				}
				for _, m := range callRE.FindAllStringSubmatch(string(f.Data), -1) {
					if !defs[m[1]] {
						t.Errorf("%s (%s): %s calls %s, which no support header defines", path, target, f.Name, m[1])
					}
				}
			}
		}
	}
}

// text returns the printed diagnostics of errs.
func text(errs *diag.List) string {
	var b strings.Builder
	errs.Print(&b, nil)
	return b.String()
}
