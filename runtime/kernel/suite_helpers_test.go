package kernel

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// suiteBoot builds a root task from srcs (plus the user runtime), boots it
// once and returns the result. A missing tool becomes Missing (a failure
// under CI); a build error fails t.
func suiteBoot(t *testing.T, srcs []string, timeout time.Duration, icount bool, cflags ...string) *BootResult {
	t.Helper()
	k, s0 := MustBuild(t)
	root, err := BuildRootTask(t.TempDir(), srcs, cflags...)
	if errors.Is(err, ErrToolMissing) {
		Missing(t, err.Error())
	}
	if err != nil {
		t.Fatalf("building the root task: %v", err)
	}
	res, err := Boot(context.Background(), BootOptions{Kernel: k, Sigma0: s0, RootTask: root,
		Timeout: timeout, ICount: icount})
	if errors.Is(err, ErrToolMissing) {
		Missing(t, err.Error())
	}
	if err != nil {
		t.Fatalf("booting: %v", err)
	}
	return res
}

// checkTAP fails t with the serial log attached unless the boot ended with
// "KDB: done", the TAP plan was met, every case passed and at least min
// cases ran.
func checkTAP(t *testing.T, res *BootResult, min int) *TAP {
	t.Helper()
	var problems []string
	if res.Ending != EndKDB || res.KDB != "done" {
		problems = append(problems, fmt.Sprintf("boot ended with %s (KDB message %q, qemu exit status %d), want a KDB exit with \"done\"",
			res.Ending, res.KDB, res.ExitCode))
	}
	tap, err := ParseTAP(res.Log)
	if err != nil {
		problems = append(problems, "TAP: "+err.Error())
	}
	if tap != nil {
		if err := tap.Check(); err != nil {
			problems = append(problems, strings.Split(err.Error(), "\n")...)
		}
		if tap.Plan >= 0 && tap.Plan < min {
			problems = append(problems, fmt.Sprintf("only %d cases planned, want at least %d", tap.Plan, min))
		}
	}
	if len(problems) > 0 {
		t.Fatalf("%s\n--- serial log ---\n%s", strings.Join(problems, "\n"), res.Log)
	}
	return tap
}

// sources lists the C and assembly files of a directory of this package.
func sources(t *testing.T, dir string) []string {
	t.Helper()
	srcs := sourcesIn(filepath.Join(Dir(), dir))
	if len(srcs) == 0 {
		t.Fatalf("no sources in %s", dir)
	}
	return srcs
}
