package gccx86_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/internal/stubcost"
	"github.com/l4idl/l4idl/runtime/hosted"
)

// Flags of BenchmarkStubCost.
var (
	costWrite = flag.Bool("cost.write", false, "BenchmarkStubCost: rewrite ../../bench/results.md and results.json")
	costDir   = flag.String("cost.dir", "", "BenchmarkStubCost: keep the programs, binaries and profiles in this directory")
)

// costResults is the directory of results.md and results.json.
const costResults = "../../bench"

// costDirs hold the IDL files whose operations are measured.
var costDirs = []string{"../../testdata/anchor", "../../testdata/ir", "../../examples/calc"}

// BenchmarkStubCost measures what the generated stubs cost per round
// trip, in instructions counted by callgrind (internal/stubcost does the
// work): for every operation of the anchor, IR test and example IDL
// files, on ia32 and amd64 at -O2, a hosted program (runtime/hosted)
// makes round trips from a client loop to a server thread, and the
// instructions executed in generated code are divided by the number of
// round trips. bench/README.md describes the method; -cost.write
// rewrites bench/results.md and bench/results.json.
//
//	go test ./backend/gcc-x86 -run '^$' -bench StubCost -benchtime 1x -cost.write
//
// The figures do not depend on b.N: the measurement runs once.
func BenchmarkStubCost(b *testing.B) {
	rep, err := stubcost.Measure(stubcost.Config{
		Files:       idlFiles(b, costDirs),
		IncludeDirs: []string{includeDir},
		Root:        "../..",
		WorkDir:     *costDir,
		Rounds:      1000,
	})
	if errors.Is(err, hosted.ErrToolMissing) && os.Getenv("CI") == "" {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	res := stubcost.NewResults(rep, ia32Targets)
	for _, r := range res.Ops {
		for _, arch := range []string{"ia32", "amd64"} {
			f := r.Arch[arch]
			if f == nil {
				continue
			}
			b.Run(arch+"/"+strings.TrimSuffix(filepath.Base(r.File), ".idl")+"/"+r.Op, func(b *testing.B) {
				b.ReportMetric(0, "ns/op")
				b.ReportMetric(float64(f.Client), "client-instr/op")
				b.ReportMetric(float64(f.Server), "server-instr/op")
				b.ReportMetric(float64(f.Total), "instr/op")
				if f.Library != 0 {
					b.ReportMetric(float64(f.Library), "lib-instr/op")
				}
			})
		}
	}
	// Log where the figures differ from the checked-in ones.
	if data, err := os.ReadFile(filepath.Join(costResults, "results.json")); err != nil {
		b.Logf("no checked-in results to compare with: %v", err)
	} else if old, err := stubcost.ReadResults(data); err != nil {
		b.Logf("bench/results.json: %v", err)
	} else if diff := stubcost.DiffResults(old, res); len(diff) > 0 {
		b.Logf("figures differ from bench/results.json (made with %s):\n%s", old.Compiler, strings.Join(diff, "\n"))
	} else {
		b.Logf("figures equal to bench/results.json (%s)", old.Compiler)
	}
	if *costWrite {
		data, err := res.JSON()
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(costResults, "results.json"), data, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(costResults, "results.md"), res.Markdown(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
