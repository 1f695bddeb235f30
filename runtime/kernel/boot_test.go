package kernel

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bootBare builds a bare root task from testdata/<name>/*.c and boots it.
func bootBare(t *testing.T, name string, opts BootOptions) *BootResult {
	t.Helper()
	k, s := MustBuild(t)
	srcs, _ := filepath.Glob(filepath.Join("testdata", name, "*.c"))
	root, err := BuildBareRootTask(t.TempDir(), srcs)
	if errors.Is(err, ErrToolMissing) {
		Missing(t, err.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	opts.Kernel, opts.Sigma0, opts.RootTask = k, s, root
	if opts.Timeout == 0 {
		opts.Timeout = 20 * time.Second
	}
	res, err := Boot(context.Background(), opts)
	if errors.Is(err, ErrToolMissing) {
		Missing(t, err.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSmoke boots a root task that prints through the kernel debugger,
// reads the KIP, gets a page from sigma0 over IPC and exits with
// L4_KDB_Enter.
func TestSmoke(t *testing.T) {
	res := bootBare(t, "smoke", BootOptions{})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if res.KDB != "done" || !strings.Contains(res.Log, "hello from the root task") {
		t.Fatalf("unexpected end %q\n%s", res.KDB, res.Log)
	}
	tap, err := ParseTAP(res.Log)
	if err == nil {
		err = tap.Check()
	}
	if err != nil {
		t.Fatalf("%v\n--- serial log ---\n%s", err, res.Log)
	}
}

// TestCOM1Interrupt checks interrupt IPC for a device line (COM1, IRQ 4):
// association, the message, acknowledgement and deassociation.
func TestCOM1Interrupt(t *testing.T) {
	res := bootBare(t, "com1", BootOptions{})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	tap, err := ParseTAP(res.Log)
	if err == nil {
		err = tap.Check()
	}
	if err != nil {
		t.Fatalf("%v\n--- serial log ---\n%s", err, res.Log)
	}
}

// TestAbortTransfer stops string copies stuck in a page fault with
// ExchangeRegisters and with the deletion of either partner (error 7),
// then checks that IPC still works (testdata/abort, with the user runtime).
func TestAbortTransfer(t *testing.T) {
	MustBuild(t)
	srcs, _ := filepath.Glob(filepath.Join("testdata", "abort", "*.c"))
	root, err := BuildRootTask(t.TempDir(), srcs)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Boot(context.Background(), BootOptions{RootTask: root, Timeout: 30 * time.Second})
	if errors.Is(err, ErrToolMissing) {
		Missing(t, err.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	tap, err := ParseTAP(res.Log)
	if err == nil {
		err = tap.Check()
	}
	if err != nil {
		t.Fatalf("%v\n--- serial log ---\n%s", err, res.Log)
	}
}

// TestHostileSyscalls makes thousands of system calls with pseudo-random
// arguments from the (privileged) root task; the kernel must survive and
// keep serving IPC and page faults.
func TestHostileSyscalls(t *testing.T) {
	res := bootBare(t, "fuzz", BootOptions{Timeout: 60 * time.Second})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	tap, err := ParseTAP(res.Log)
	if err == nil {
		err = tap.Check()
	}
	if err != nil {
		t.Fatalf("%v\n--- serial log ---\n%s", err, res.Log)
	}
}

// TestRoundRobin checks timer-driven scheduling: equal-priority spinning
// threads share the CPU, timeouts wake a higher-priority thread, and
// Schedule changes timeslice and priority.
func TestRoundRobin(t *testing.T) {
	res := bootBare(t, "rr", BootOptions{})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	tap, err := ParseTAP(res.Log)
	if err == nil {
		err = tap.Check()
	}
	if err != nil {
		t.Fatalf("%v\n--- serial log ---\n%s", err, res.Log)
	}
}

// TestChurn creates and deletes 2000 threads with their spaces: kernel
// memory must be recycled.
func TestChurn(t *testing.T) {
	res := bootBare(t, "churn", BootOptions{Timeout: 60 * time.Second})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	tap, err := ParseTAP(res.Log)
	if err == nil {
		err = tap.Check()
	}
	if err != nil {
		t.Fatalf("%v\n--- serial log ---\n%s", err, res.Log)
	}
}
