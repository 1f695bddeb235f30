package gccx86_test

import (
	"bytes"
	"flag"
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

var update = flag.Bool("update", false, "rewrite the golden files in testdata/gen")

const includeDir = "../../runtime/include"

// goldenDirs hold the IDL files whose generated code is kept in
// testdata/gen/<target>/.
var goldenDirs = []string{"../../testdata/anchor", "../../testdata/ir"}

// compileDirs are compiled by the compile matrix.
var compileDirs = []string{"../../testdata/anchor", "../../testdata/ir", "../../examples/calc", "../../testdata/e2e"}

// load parses, checks and lowers one IDL file for a target.
func load(t testing.TB, path, target string) *ir.Layout {
	t.Helper()
	abi, err := ir.LookupABI(target)
	if err != nil {
		t.Fatal(err)
	}
	opts := &parser.Options{CPP: cpp.Options{IncludeDirs: []string{includeDir}}}
	for k, v := range abi.Macros {
		opts.CPP.Define(k + "=" + v)
	}
	var errs diag.List
	prog, parsed := ir.Load(path, opts, &errs)
	var l *ir.Layout
	if !errs.HasErrors() {
		l = ir.Lower(prog, abi, &errs)
	}
	if errs.HasErrors() {
		var b strings.Builder
		errs.Print(&b, parsed)
		t.Fatalf("%s (%s):\n%s", path, target, b.String())
	}
	return l
}

// generate returns the files generated for one IDL file.
func generate(t testing.TB, path, target string) []gccx86.File {
	t.Helper()
	l := load(t, path, target)
	var errs diag.List
	files := gccx86.Generate(l, gccx86.Options{Includes: gccx86.Includes(l, []string{includeDir})}, &errs)
	if errs.HasErrors() {
		var b strings.Builder
		errs.Print(&b, nil)
		t.Fatalf("%s (%s): generation failed:\n%s", path, target, b.String())
	}
	return files
}

func idlFiles(t testing.TB, dirs []string) []string {
	var out []string
	for _, d := range dirs {
		fs, _ := filepath.Glob(filepath.Join(d, "*.idl"))
		if len(fs) == 0 {
			t.Fatalf("no IDL files in %s", d)
		}
		out = append(out, fs...)
	}
	return out
}

// TestGolden compares the generated files with testdata/gen; -update
// rewrites them.
func TestGolden(t *testing.T) {
	for _, target := range gccx86.Targets {
		for _, path := range idlFiles(t, goldenDirs) {
			base := strings.TrimSuffix(filepath.Base(path), ".idl")
			t.Run(target+"/"+base, func(t *testing.T) {
				for _, f := range generate(t, path, target) {
					golden := filepath.Join("../../testdata/gen", target, f.Name)
					if *update {
						if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
							t.Fatal(err)
						}
						continue
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatalf("%v (run go test ./backend/gcc-x86 -update)", err)
					}
					if !bytes.Equal(want, f.Data) {
						t.Errorf("%s differs from %s (run with -update and review the diff):\n%s", f.Name, golden, firstDiff(string(want), string(f.Data)))
					}
				}
			})
		}
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n  want: " + a + "\n  got:  " + b
		}
	}
	return ""
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// TestDeterministic: generating twice gives the same bytes.
func TestDeterministic(t *testing.T) {
	for _, path := range idlFiles(t, compileDirs) {
		a := generate(t, path, "amd64")
		b := generate(t, path, "amd64")
		for i := range a {
			if !bytes.Equal(a[i].Data, b[i].Data) {
				t.Errorf("%s: %s differs between two runs", path, a[i].Name)
			}
		}
	}
}

// TestSelection: --client/--server/--template select files.
func TestSelection(t *testing.T) {
	l := load(t, "../../testdata/anchor/a_calc.idl", "ia32")
	names := func(o gccx86.Options) string {
		var errs diag.List
		var ns []string
		for _, f := range gccx86.Generate(l, o, &errs) {
			ns = append(ns, f.Name)
		}
		return strings.Join(ns, " ")
	}
	for _, c := range []struct {
		o    gccx86.Options
		want string
	}{
		{gccx86.Options{}, "l4idl_corba.h a_calc_client.h a_calc_server.h a_calc_template.c"},
		{gccx86.Options{Client: true}, "l4idl_corba.h a_calc_client.h"},
		{gccx86.Options{Server: true}, "l4idl_corba.h a_calc_server.h"},
		{gccx86.Options{Template: true, Base: "x"}, "l4idl_corba.h x_server.h x_template.c"},
	} {
		if got := names(c.o); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.o, got, c.want)
		}
	}
}

// TestErrors: what the backend refuses, with positions.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// An ABI the backend does not serve.
	l := load(t, "../../testdata/anchor/a_calc.idl", "arm")
	var errs diag.List
	if fs := gccx86.Generate(l, gccx86.Options{}, &errs); fs != nil || !strings.Contains(errorText(&errs), "generates for ia32 and amd64, not arm") {
		t.Errorf("arm: got %d files, errors %q", len(fs), errorText(&errs))
	}
	// A result C cannot return.
	p := write("arr.idl", "interface a { typedef long m_t[3]; m_t get(); };\n")
	l = load(t, p, "ia32")
	errs = diag.List{}
	if fs := gccx86.Generate(l, gccx86.Options{}, &errs); fs != nil || !regexp.MustCompile(`arr.idl:1:\d+: error: operation "get" returns a::m_t, which C cannot return`).MatchString(errorText(&errs)) {
		t.Errorf("array result: got %d files, errors %q", len(fs), errorText(&errs))
	}
	// A transmit_as buffer (the IR accepts it; C stubs would need the
	// application's conversion routines).
	p = write("tx.idl", "[uuid(1)] interface tx {\n    void put([in] long n, [in, transmit_as(unsigned char), size_is(n)] short *v);\n};\n")
	l = load(t, p, "amd64")
	errs = diag.List{}
	if fs := gccx86.Generate(l, gccx86.Options{}, &errs); fs != nil || !regexp.MustCompile(`tx.idl:2:\d+: error: parameter "v" of operation "put": transmit_as is not supported`).MatchString(errorText(&errs)) {
		t.Errorf("transmit_as: got %d files, errors %q", len(fs), errorText(&errs))
	}
}

func errorText(l *diag.List) string {
	var b strings.Builder
	l.Print(&b, nil)
	return b.String()
}
