package hosted

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// ipcCases are the cases of testdata/ipc_test.c with what each must do:
// exit status and text its output must contain.
var ipcCases = []struct {
	name string
	code int
	want []string
}{
	{"kip", 0, nil},
	{"utcb", 0, nil},
	{"call_untyped", 0, nil},
	{"registers", 0, nil},
	{"fpu_registers", 0, nil},
	{"send_only", 0, nil},
	{"lipc", 0, nil},
	{"send_zero_timeout", 0, nil},
	{"send_timeout", 0, nil},
	{"nonexistent", 0, nil},
	{"recv_timeout", 0, nil},
	{"closed_receive", 0, nil},
	{"open_receive", 0, nil},
	{"overflow_mrs", 0, nil},
	{"strings_simple", 0, nil},
	{"strings_compound", 0, nil},
	{"strings_overflow", 0, nil},
	{"strings_no_acceptor", 0, nil},
	{"map_item", 0, nil},
	{"thread_control", 0, nil},
	{"exchange_registers", 0, nil},
	{"schedule", 0, nil},
	{"propagation", 0, nil},
	{"kdebug", 0, []string{"kdb says hi\n!\n"}},
	{"kdb_enter", ExitKDB, []string{"KDB: stopped on purpose"}},
	{"deadlock", ExitDeadlock, []string{
		"hosted: deadlock",
		"blocked receiving from",
		"timeout never",
	}},
	{"unmap", 0, nil},
}

// ipcTestSources are the sources of the test program.
func ipcTestSources() []string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "testdata")
	return []string{filepath.Join(dir, "ipc_test.c"), filepath.Join(dir, "regs.S")}
}

func TestIPC(t *testing.T) {
	for _, arch := range Arches {
		t.Run(arch, func(t *testing.T) {
			t.Parallel()
			bin := Build(t, arch, append(ipcTestSources(), "-Wextra", "-Werror")...)

			// The program and this table list the same cases.
			out, code := Run(t, arch, bin, "list")
			if code != 0 {
				t.Fatalf("list: exit %d\n%s", code, out)
			}
			var names []string
			for _, c := range ipcCases {
				names = append(names, c.name)
			}
			if got := strings.Fields(out); strings.Join(got, " ") != strings.Join(names, " ") {
				t.Fatalf("cases in ipc_test.c:\n%v\ncases in hosted_test.go:\n%v", got, names)
			}

			for _, c := range ipcCases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					out, code := Run(t, arch, bin, c.name)
					if code != c.code {
						t.Fatalf("exit status %d, want %d; output:\n%s", code, c.code, out)
					}
					want := c.want
					if c.code == 0 {
						want = append(want, "PASS "+c.name+"\n")
					}
					for _, w := range want {
						if !strings.Contains(out, w) {
							t.Errorf("output lacks %q:\n%s", w, out)
						}
					}
				})
			}
		})
	}
}

// TestFailureIsReported makes sure a failing check in a hosted program
// is seen: exit status ExitFail and a FAIL line naming the check.
func TestFailureIsReported(t *testing.T) {
	src := filepath.Join(t.TempDir(), "fail.c")
	prog := `#include "hosted.h"
int main(void) { HOSTED_CHECK_EQ(1 + 1, 3); return 0; }
`
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, arch := range Arches {
		t.Run(arch, func(t *testing.T) {
			bin := Build(t, arch, src)
			out, code := Run(t, arch, bin)
			if code != ExitFail || !strings.Contains(out, "FAIL: ") || !strings.Contains(out, "1 + 1 = 0x2, want 3 = 0x3") {
				t.Fatalf("exit %d, output:\n%s", code, out)
			}
		})
	}
}

// TestCallgrind runs an IPC test under valgrind's callgrind: the emulator's
// %gs segment, `lock; nop' trap and stack switching must work there, and
// the profile must attribute costs to the emulator's and the program's
// functions.
func TestCallgrind(t *testing.T) {
	for _, arch := range Arches {
		t.Run(arch, func(t *testing.T) {
			t.Parallel()
			bin := Build(t, arch, ipcTestSources()...)
			prof := filepath.Join(t.TempDir(), "callgrind.out")
			cmd := ValgrindCommand(t, arch, bin, []string{"--tool=callgrind", "--callgrind-out-file=" + prof}, "call_untyped")
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "PASS call_untyped") {
				t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
			}
			data, err := os.ReadFile(prof)
			if err != nil {
				t.Fatal(err)
			}
			m := regexp.MustCompile(`(?m)^totals: (\d+)`).FindSubmatch(data)
			if m == nil {
				t.Fatalf("no totals line in the callgrind profile")
			}
			if n, _ := strconv.Atoi(string(m[1])); n < 10000 {
				t.Errorf("callgrind counted only %d instructions", n)
			}
			for _, fn := range []string{"hosted_sys_ipc", "hosted_ipc", "t_call_untyped", "echo_server"} {
				if !regexp.MustCompile(`(?m)^c?fn=\(\d+\) ` + fn + `$`).Match(data) {
					t.Errorf("profile has no function %s", fn)
				}
			}
		})
	}
}
