package gccx86_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/backend/gcc-x86/internal/e2egen"
	"github.com/l4idl/l4idl/runtime/hosted"
)

// runE2EWith builds and runs the end-to-end program of one IDL file
// (path, target arch, file base name base) against the stub set that
// stubs writes into dir: X_client.h and X_server.h with the API of
// `l4idl gen --client --server`. Any stub variant (the default
// generator, the portable style, the hand-optimal baselines of
// bench/handopt) passes the same checks through the hosted emulator.
func runE2EWith(t *testing.T, path, arch, base string, stubs func(t *testing.T, dir string)) {
	t.Helper()
	dir := t.TempDir()
	stubs(t, dir)
	prog, err := e2egen.Generate(load(t, path, arch), e2egen.Config{Base: base, Name: base + " " + arch})
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "e2e_"+base+".c")
	if err := os.WriteFile(src, prog.Source, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := hosted.Build(t, arch, src, "-I"+dir, "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter")
	out, code := hosted.Run(t, arch, bin)
	if d := os.Getenv("L4IDL_E2E_DUMP"); d != "" {
		// Keep the program, the stubs and the output for a closer look.
		keep := filepath.Join(d, arch, base)
		if err := os.MkdirAll(keep, 0o755); err == nil {
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
					os.WriteFile(filepath.Join(keep, e.Name()), data, 0o644)
				}
			}
			os.WriteFile(filepath.Join(keep, "output.txt"), []byte(out), 0o644)
		}
	}
	if problems := e2eVerdict(out, prog.Checks); code != 0 || len(problems) > 0 {
		t.Errorf("%s (%s): exit status %d\n%s\n--- program output ---\n%s", base, arch, code, strings.Join(problems, "\n"), e2eOutput(out))
	}
	e2eTotals.Lock()
	e2eTotals.ops += prog.Ops
	e2eTotals.cases += prog.Cases
	e2eTotals.hostile += prog.Hostile
	e2eTotals.checks += len(prog.Checks)
	e2eTotals.Unlock()
}
