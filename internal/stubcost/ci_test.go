package stubcost_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/internal/stubcost"
	"github.com/l4idl/l4idl/runtime/hosted"
	"github.com/l4idl/l4idl/runtime/kernel"
)

var updateBaseline = flag.Bool("cost.update-baseline", false, "TestCostCI: rewrite ../../bench/baseline.json from this run")

// Paths from this package's directory.
const (
	repoRoot     = "../.."
	baselineFile = "../../bench/baseline.json"
	reportDir    = "../../build/cost" // CI keeps build/
)

// ciRounds are the round trips of each dynamic measurement in CI (the
// figures are per round trip and do not depend on it; fewer keep the
// test short).
const ciRounds = 200

// TestCostCI measures the anchors (testdata/anchor) on ia32 and amd64
// with the l4idl, hand-optimal and portable stubs, writes the report
// (cost.md, cost.json, cost.svg) and the comparison with the baseline
// (baseline.txt) to build/cost/, and fails when an operation's l4idl
// dynamic count grew by more than 3% or its static bytes by more than 5%
// against bench/baseline.json. -cost.update-baseline rewrites the
// baseline instead. On ia32 it also measures the QEMU e2e figures (the
// anchors on the bundled kernel under qemu-system-i386 -icount, one boot
// per variant) and holds l4idl's to the baseline with the same 3% rule.
// Without gcc (and gcc-multilib), valgrind, qemu-system-i386 or, where
// needed, qemu-user it is skipped, and fails under CI.
func TestCostCI(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	files, err := filepath.Glob(filepath.Join(repoRoot, "testdata/anchor/*.idl"))
	if err != nil || len(files) != 8 {
		t.Fatalf("want the eight anchors in testdata/anchor, found %d (%v)", len(files), err)
	}
	rep, err := stubcost.Measure(stubcost.Config{
		Files:       files,
		Targets:     []string{"ia32", "amd64"},
		Variants:    stubcost.Variants(filepath.Join(repoRoot, "bench/handopt")),
		IncludeDirs: []string{filepath.Join(repoRoot, "runtime/include")},
		Root:        repoRoot,
		Rounds:      ciRounds,
		QEMU:        true,
	})
	if errors.Is(err, hosted.ErrToolMissing) || errors.Is(err, kernel.ErrToolMissing) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v (required in CI; scripts/test.sh installs it)", err)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(reportDir, 0o755); err != nil {
		t.Fatal(err)
	}
	js, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(reportDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("cost.md", rep.Markdown())
	write("cost.json", js)
	write("cost.svg", rep.SVG())
	for _, o := range rep.Ops {
		for _, target := range rep.Targets {
			if o.Arch[target] == nil || o.Arch[target].Variants[stubcost.L4IDL] == nil {
				t.Errorf("%s %s %s: l4idl stubs not measured: %s", target, o.File, o.Op, o.Arch[target].NotMeasured[stubcost.L4IDL])
			}
			if target == stubcost.QEMUTarget && o.Arch[target] != nil && o.Arch[target].QEMU[stubcost.L4IDL] == nil {
				t.Errorf("%s %s %s: no QEMU e2e figure of the l4idl stubs: %s", target, o.File, o.Op, o.Arch[target].QEMUNotMeasured[stubcost.L4IDL])
			}
		}
	}

	if *updateBaseline {
		data, err := stubcost.NewBaseline(rep).JSON()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(baselineFile, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", baselineFile)
		return
	}
	data, err := os.ReadFile(baselineFile)
	if err != nil {
		t.Fatalf("%v (make it with go test ./internal/stubcost -run CostCI -cost.update-baseline)", err)
	}
	base, err := stubcost.ReadBaseline(data)
	if err != nil {
		t.Fatalf("%s: %v", baselineFile, err)
	}
	c := stubcost.Compare(base, rep)
	write("baseline.txt", []byte(c.String()))
	for _, n := range c.Notes {
		t.Log(n)
	}
	if c.Failed() {
		t.Errorf("stub cost regressed against bench/baseline.json (report in build/cost/):\n%s\n"+
			"If the growth is deliberate, refresh the baseline: go test ./internal/stubcost -run CostCI -cost.update-baseline",
			strings.Join(c.Regressions, "\n"))
	}
}
