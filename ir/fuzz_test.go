package ir_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/l4idl/l4idl/internal/corpustest"
	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// fuzzHeaders are the only files a fuzz input can include or import: the
// run stays hermetic and fast whatever the input names.
var fuzzHeaders = map[string]string{
	"l4/types.h": "typedef unsigned long L4_Word_t;\ntypedef struct { L4_Word_t raw; } L4_ThreadId_t;\n" +
		"typedef struct { L4_Word_t raw; } L4_Fpage_t;\n#define L4_MAGIC (1 << 4)\n",
	"inc.idl": "typedef long inc_t;\nconst long inc_c = 3;\n",
}

func fuzzOptions() *parser.Options {
	return &parser.Options{CPP: cpp.Options{
		IncludeDirs: []string{"fuzzinc"},
		ReadFile: func(name string) ([]byte, error) {
			rel := strings.TrimPrefix(filepath.ToSlash(name), "fuzzinc/")
			if s, ok := fuzzHeaders[rel]; ok {
				return []byte(s), nil
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		},
	}}
}

// FuzzPipeline feeds arbitrary text through the preprocessor, parser,
// checker and lowering on every ABI. Whatever the input, the pipeline must
// not panic, must not report an internal error, and must report an error
// whenever it produces no layout.
func FuzzPipeline(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	abis := []*ir.ABI{}
	for _, n := range ir.ABINames() {
		a, _ := ir.LookupABI(n)
		abis = append(abis, a)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// A pipeline run that takes this long is a hang or a blow-up, not
		// a slow machine: report the input and where it is stuck.
		watchdog := time.AfterFunc(20*time.Second, func() {
			os.WriteFile(filepath.Join(os.TempDir(), "l4idl-fuzz-hang.idl"), src, 0o644)
			buf := make([]byte, 1<<20)
			panic(fmt.Sprintf("pipeline still running after 20s (input saved to %s/l4idl-fuzz-hang.idl):\n%s",
				os.TempDir(), buf[:runtime.Stack(buf, true)]))
		})
		defer watchdog.Stop()
		var errs diag.List
		parsed := parser.ParseSource("fuzz.idl", src, fuzzOptions(), &errs)
		prog := ir.Check(parsed, &errs)
		if prog == nil {
			t.Fatal("Check returned nil")
		}
		if !errs.HasErrors() {
			for _, a := range abis {
				if l := ir.Lower(prog, a, &errs); l == nil {
					t.Fatalf("Lower returned nil for %s", a.Name)
				}
			}
		}
		for _, d := range errs.Diags {
			if d.Severity == diag.Internal {
				t.Fatalf("internal error: %s", d)
			}
		}
	})
}

// fuzzSeeds returns the seed inputs: every IDL file under testdata and
// the shared corpus.
func fuzzSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	add := func(root string) {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if ext := filepath.Ext(path); ext == ".idl" || ext == ".idl4" {
				if b, err := os.ReadFile(path); err == nil {
					seeds = append(seeds, b)
				}
			}
			return nil
		})
	}
	add(filepath.Join("..", "testdata"))
	add(filepath.Join("..", "examples"))
	if root, err := corpustest.Root(); err == nil {
		add(root)
	} else if !errors.Is(err, fs.ErrNotExist) {
		tb.Logf("corpus not used as fuzz seed: %v", err)
	}
	seeds = append(seeds, []byte("interface i { long f(in long a); };"))
	return seeds
}
