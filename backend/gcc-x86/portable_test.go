package gccx86_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/backend/gcc-x86/portable"
	"github.com/l4idl/l4idl/parser/diag"
)

// generatePortable returns the portable-style files for one IDL file.
func generatePortable(t testing.TB, path, target string) []gccx86.File {
	t.Helper()
	l := load(t, path, target)
	var errs diag.List
	files := portable.Generate(l, gccx86.Options{Includes: gccx86.Includes(l, []string{includeDir})}, &errs)
	if errs.HasErrors() {
		var b strings.Builder
		errs.Print(&b, nil)
		t.Fatalf("%s (%s): portable generation failed:\n%s", path, target, b.String())
	}
	return files
}

// writePortable writes the portable stub set of one IDL file into dir.
func writePortable(t *testing.T, path, target, dir string) {
	t.Helper()
	for _, f := range generatePortable(t, path, target) {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPortableE2E runs the end-to-end suite of TestE2E (every operation
// of every file of e2eDirs, values, exceptions, bounds, hostile requests
// and malformed replies, through the hosted emulator) against the
// portable stub set (l4idl gen --style portable) on both targets.
func TestPortableE2E(t *testing.T) {
	// The shared totals also count other tests' runs: log the difference
	// (top-level tests run one after the other).
	e2eTotals.Lock()
	ops, cases, hostile, checks := e2eTotals.ops, e2eTotals.cases, e2eTotals.hostile, e2eTotals.checks
	e2eTotals.Unlock()
	t.Cleanup(func() {
		e2eTotals.Lock()
		defer e2eTotals.Unlock()
		if n := e2eTotals.checks - checks; n > 0 {
			t.Logf("portable end to end: %d operations, %d calls, %d hostile requests, %d checks (both targets)",
				e2eTotals.ops-ops, e2eTotals.cases-cases, e2eTotals.hostile-hostile, n)
		}
	})
	for _, arch := range gccx86.Targets {
		for _, path := range idlFiles(t, e2eDirs) {
			base := strings.TrimSuffix(filepath.Base(path), ".idl")
			arch, path := arch, path
			t.Run(arch+"/"+base, func(t *testing.T) {
				t.Parallel()
				runE2EWith(t, path, arch, base, func(t *testing.T, dir string) { writePortable(t, path, arch, dir) })
			})
		}
	}
}

// TestPortableCompileMatrix compiles the portable client, server and
// template of every file of compileDirs in one translation unit per
// target with gcc and clang, -m32/-m64, -O2, c99, warnings as errors.
func TestPortableCompileMatrix(t *testing.T) {
	compilers := []string{needTool(t, "gcc"), needTool(t, "clang")}
	inc, err := filepath.Abs(includeDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range gccx86.Targets {
		gen := t.TempDir()
		var text strings.Builder
		for _, path := range idlFiles(t, compileDirs) {
			base := strings.TrimSuffix(filepath.Base(path), ".idl")
			writePortable(t, path, target, gen)
			fmt.Fprintf(&text, "#include \"%s_template.c\"\n#include \"%s_client.h\"\n", base, base)
		}
		unit := filepath.Join(gen, "all.c")
		if err := os.WriteFile(unit, []byte(text.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		m := "-m32"
		if target == "amd64" {
			m = "-m64"
		}
		for _, cc := range compilers {
			target, cc := target, cc
			t.Run(target+"/"+filepath.Base(cc), func(t *testing.T) {
				t.Parallel()
				args := []string{m, "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
					"-I", gen, "-I", inc, "-c", "-o", filepath.Join(t.TempDir(), "all.o"), unit}
				if out, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
					t.Fatalf("%s %s: %v\n%s", cc, strings.Join(args, " "), err, out)
				}
			})
		}
	}
}
