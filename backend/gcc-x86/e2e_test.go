package gccx86_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
)

// e2eDirs hold the IDL files whose stubs the end-to-end test runs.
// testdata/e2e holds files that exercise corners the others leave out.
var e2eDirs = []string{"../../testdata/anchor", "../../testdata/ir", "../../examples/calc", "../../testdata/e2e"}

// e2eTotals adds up what the end-to-end runs covered (logged at the end).
var e2eTotals struct {
	sync.Mutex
	ops, cases, hostile, checks int
}

// TestE2E generates, for every IDL file of e2eDirs and both targets, the
// client and server stubs and a test program (backend/gcc-x86/internal/
// e2egen) in which the generated servers run in threads of the hosted L4
// emulator and the generated clients call every operation; the program
// checks every value that comes back, exceptions, misbehaving servers and
// hostile requests, one line per check. The test requires every check
// the generator planned to be reported exactly once, and all of them ok.
// With L4IDL_E2E_DUMP=DIR it keeps each program, its stubs and its output
// in DIR/<target>/<file>/.
func TestE2E(t *testing.T) {
	t.Cleanup(func() {
		e2eTotals.Lock()
		defer e2eTotals.Unlock()
		if e2eTotals.checks > 0 {
			t.Logf("end to end: %d operations, %d calls, %d hostile requests, %d checks (both targets)",
				e2eTotals.ops, e2eTotals.cases, e2eTotals.hostile, e2eTotals.checks)
		}
	})
	for _, arch := range gccx86.Targets {
		for _, path := range idlFiles(t, e2eDirs) {
			base := strings.TrimSuffix(filepath.Base(path), ".idl")
			arch, path := arch, path
			t.Run(arch+"/"+base, func(t *testing.T) {
				t.Parallel()
				runE2E(t, path, arch, base)
			})
		}
	}
}

// runE2E builds and runs the end-to-end program of one IDL file with
// the stubs of the default generator.
func runE2E(t *testing.T, path, arch, base string) {
	runE2EWith(t, path, arch, base, func(t *testing.T, dir string) {
		for _, f := range generate(t, path, arch) {
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
}

var e2eLineRE = regexp.MustCompile(`^(ok|not ok) (\d+) (.*)$`)

// e2eVerdict compares the program's check lines with the planned checks:
// each must appear once, ok; nothing else may appear.
func e2eVerdict(out string, want []string) []string {
	var problems []string
	got := map[string]int{}
	for _, line := range strings.Split(out, "\n") {
		m := e2eLineRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := m[3]
		if m[1] == "not ok" {
			if i := strings.Index(name, ": "); i >= 0 {
				name = name[:i]
			}
			problems = append(problems, "FAILED: "+m[3])
		}
		got[name]++
	}
	planned := map[string]bool{}
	for _, w := range want {
		if planned[w] {
			problems = append(problems, "generator bug: check planned twice: "+w)
		}
		planned[w] = true
		switch n := got[w]; {
		case n == 0:
			problems = append(problems, "MISSING: "+w)
		case n > 1:
			problems = append(problems, fmt.Sprintf("REPEATED %d times: %s", n, w))
		}
	}
	var extra []string
	for name := range got {
		if !planned[name] {
			extra = append(extra, "UNEXPECTED: "+name)
		}
	}
	sort.Strings(extra)
	return append(problems, extra...)
}

// e2eOutput returns the program output for a failure report: all of it
// when short, else every line that is not a passing check and the end.
func e2eOutput(out string) string {
	lines := strings.Split(out, "\n")
	if len(lines) <= 300 {
		return out
	}
	var keep []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "ok ") {
			keep = append(keep, l)
		}
	}
	if len(keep) > 300 {
		keep = keep[:300]
	}
	return fmt.Sprintf("(%d lines; passing checks left out)\n%s", len(lines), strings.Join(keep, "\n"))
}
