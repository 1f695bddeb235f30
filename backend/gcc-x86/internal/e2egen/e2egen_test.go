package e2egen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

const root = "../../../.."

func lower(t *testing.T, src, abiName string) *ir.Layout {
	t.Helper()
	abi, err := ir.LookupABI(abiName)
	if err != nil {
		t.Fatal(err)
	}
	opts := &parser.Options{CPP: cpp.Options{IncludeDirs: []string{filepath.Join(root, "runtime/include")}}}
	for k, v := range abi.Macros {
		opts.CPP.Define(k + "=" + v)
	}
	var errs diag.List
	prog, _ := ir.Load(src, opts, &errs)
	var l *ir.Layout
	if !errs.HasErrors() {
		l = ir.Lower(prog, abi, &errs)
	}
	if errs.HasErrors() {
		var b strings.Builder
		errs.Print(&b, nil)
		t.Fatalf("%s: %s", src, b.String())
	}
	return l
}

// TestGenerate makes the programs of the end-to-end test files (without
// compiling them): every planned check has a unique name, every operation
// gets an implementation and a client, every server a thread.
func TestGenerate(t *testing.T) {
	var files []string
	for _, d := range []string{"testdata/anchor", "testdata/ir", "testdata/e2e", "examples/calc"} {
		fs, _ := filepath.Glob(filepath.Join(root, d, "*.idl"))
		files = append(files, fs...)
	}
	for _, abi := range []string{"ia32", "amd64"} {
		for _, f := range files {
			base := strings.TrimSuffix(filepath.Base(f), ".idl")
			p, err := Generate(lower(t, f, abi), Config{Base: base, Name: base + " " + abi})
			if err != nil {
				t.Fatalf("%s (%s): %v", f, abi, err)
			}
			seen := map[string]bool{}
			for _, c := range p.Checks {
				if seen[c] {
					t.Errorf("%s (%s): check %q planned twice", f, abi, c)
				}
				if strings.Contains(c, ": ") {
					t.Errorf("%s (%s): check name %q contains \": \"", f, abi, c)
				}
				seen[c] = true
			}
			src := string(p.Source)
			for _, want := range []string{"#include \"" + base + "_server.h\"", "_implementation(", "e2e_cli_0(", "hosted_thread_create(e2e_srv_entry_0)", "int main(void)"} {
				if !strings.Contains(src, want) {
					t.Errorf("%s (%s): program lacks %q", f, abi, want)
				}
			}
			t.Logf("%-12s %-5s %3d operations %4d calls %3d hostile requests %4d checks", base, abi, p.Ops, p.Cases, p.Hostile, len(p.Checks))
			if p.Ops == 0 || p.Cases < p.Ops || len(p.Checks) < p.Cases {
				t.Errorf("%s (%s): %d operations, %d cases, %d checks", f, abi, p.Ops, p.Cases, len(p.Checks))
			}
		}
	}
}

// TestUnsupported: values the generator cannot make are an error, not a
// program that checks nothing.
func TestUnsupported(t *testing.T) {
	// A two-word value in a kernel message (a double on ia32).
	src := filepath.Join(t.TempDir(), "km.idl")
	writeFile(t, src, "interface x { [kernelmsg(idl4::exception)] void exc(inout long ip, in double d); };\n")
	if _, err := Generate(lower(t, src, "ia32"), Config{Base: "km", Name: "km"}); err == nil || !strings.Contains(err.Error(), "double") {
		t.Fatalf("err = %v, want one naming double", err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
