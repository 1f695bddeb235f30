package ir_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// goldenDirs hold the valid IDL files whose lowered layouts are kept as
// golden dumps, one per ABI, in testdata/golden/<dir>/<name>.<abi>.txt.
var goldenDirs = []string{"../testdata/anchor", "../testdata/ir", "../testdata/e2e", "../examples/calc"}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// loadFor parses, checks and lowers one file for abi with the runtime
// headers on the include path, failing the test on any error.
func loadFor(t *testing.T, path string, abi *ir.ABI) (*ir.Layout, *diag.List) {
	t.Helper()
	opts := &parser.Options{CPP: cpp.Options{IncludeDirs: []string{"../runtime/include"}}}
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
		t.Fatalf("%s (%s):\n%s", path, abi.Name, b.String())
	}
	return l, &errs
}

// TestGoldenLayouts compares the text dump of every golden input on every
// ABI with its golden file. Run with -update to rewrite the files after a
// deliberate layout change, and review the diff.
func TestGoldenLayouts(t *testing.T) {
	for _, dir := range goldenDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.idl"))
		if len(files) == 0 {
			t.Fatalf("no IDL files in %s", dir)
		}
		for _, f := range files {
			for _, name := range ir.ABINames() {
				abi, _ := ir.LookupABI(name)
				base := strings.TrimSuffix(filepath.Base(f), ".idl")
				golden := filepath.Join("../testdata/golden", filepath.Base(dir), base+"."+name+".txt")
				t.Run(filepath.Base(dir)+"/"+base+"/"+name, func(t *testing.T) {
					l, errs := loadFor(t, f, abi)
					var got bytes.Buffer
					if err := l.WriteText(&got); err != nil {
						t.Fatal(err)
					}
					for _, d := range errs.Diags {
						got.WriteString("diagnostic: " + d.String() + "\n")
					}
					if updateGolden() {
						if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
							t.Fatal(err)
						}
						return
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatalf("%v (run go test ./ir -run TestGoldenLayouts -update to create it)", err)
					}
					if !bytes.Equal(got.Bytes(), want) {
						t.Errorf("layout differs from %s (run with -update after checking the change)\n%s", golden, lineDiff(string(want), got.String()))
					}
				})
			}
		}
	}
}

// TestJSONRoundTrip checks that the JSON form of every golden input is
// valid JSON with the documented top-level fields.
func TestJSONRoundTrip(t *testing.T) {
	abi, _ := ir.LookupABI("amd64")
	for _, dir := range goldenDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.idl"))
		for _, f := range files {
			l, _ := loadFor(t, f, abi)
			var b bytes.Buffer
			if err := l.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatalf("%s: invalid JSON: %v", f, err)
			}
			for _, key := range []string{"schema", "file", "abi", "interfaces", "consts", "types"} {
				if _, ok := doc[key]; !ok {
					t.Errorf("%s: JSON lacks %q", f, key)
				}
			}
			if doc["schema"] != ir.JSONSchema {
				t.Errorf("%s: schema %v, want %s", f, doc["schema"], ir.JSONSchema)
			}
		}
	}
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return "(no line differs; line endings?)"
}
