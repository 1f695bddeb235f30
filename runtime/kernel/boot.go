package kernel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Exit values the kernel writes to the isa-debug-exit port (0xf4); QEMU
// then exits with status (value << 1) | 1.
const (
	ExitValueKDB   = 0x10 // a thread entered the kernel debugger (L4_KDB_Enter)
	ExitValuePanic = 0x11 // the kernel panicked ("PANIC: ..." on serial)
)

// Ending says how a boot ended.
type Ending int

const (
	// EndKDB: a user thread called L4_KDB_Enter; the normal end of a run.
	EndKDB Ending = iota
	// EndPanic: the kernel printed "PANIC: ..." and stopped.
	EndPanic
	// EndTimeout: the boot ran longer than BootOptions.Timeout and was killed.
	EndTimeout
	// EndOther: QEMU exited in another way (triple fault with -no-reboot,
	// a QEMU error, an unknown exit value).
	EndOther
)

// String names the ending as in test failure messages.
func (e Ending) String() string {
	switch e {
	case EndKDB:
		return "kdb-exit"
	case EndPanic:
		return "kernel-panic"
	case EndTimeout:
		return "timeout"
	}
	return "other"
}

// BootOptions describe one QEMU boot.
type BootOptions struct {
	Kernel   string        // kernel ELF; empty: Build()
	Sigma0   string        // sigma0 ELF; empty: Build()
	RootTask string        // root task ELF (required): boot module 1
	Modules  []string      // further boot modules (2, 3, ...), passed on to the root task
	Timeout  time.Duration // hard limit of the boot; 0 means 30 s
	ICount   bool          // run with -icount shift=0 (deterministic instruction-count time)
	Memory   int           // guest RAM in MiB; 0 means 128
	Args     []string      // extra QEMU arguments
}

// BootResult is what a boot produced.
type BootResult struct {
	Log      string // everything written to the serial port
	Ending   Ending
	ExitCode int      // QEMU's exit status (-1 when killed)
	KDB      string   // message of the final "KDB: <message>" line, if any
	Command  []string // the QEMU command line
}

// Err returns nil when the boot ended with a KDB exit and a descriptive
// error (with the serial log attached) otherwise.
func (r *BootResult) Err() error {
	if r.Ending == EndKDB {
		return nil
	}
	return fmt.Errorf("boot ended with %s (qemu exit status %d)\n--- serial log ---\n%s", r.Ending, r.ExitCode, r.Log)
}

// QEMU is the emulator Boot runs.
var QEMU = "qemu-system-i386"

// Boot boots QEMU with the kernel, sigma0 (module 0), the root task
// (module 1) and opts.Modules, stdin from /dev/null, the serial port on
// stdout, no display, no reboot and the isa-debug-exit device, and waits
// until QEMU exits or opts.Timeout passes. It returns an error only when
// QEMU cannot be run at all (wrapping ErrToolMissing if it is not
// installed) or the options are bad; how the guest ended is in the result.
func Boot(ctx context.Context, opts BootOptions) (*BootResult, error) {
	if opts.RootTask == "" {
		return nil, errors.New("kernel.Boot: no root task")
	}
	if opts.Kernel == "" || opts.Sigma0 == "" {
		k, s, err := Build()
		if err != nil {
			return nil, err
		}
		if opts.Kernel == "" {
			opts.Kernel = k
		}
		if opts.Sigma0 == "" {
			opts.Sigma0 = s
		}
	}
	qemu, err := exec.LookPath(QEMU)
	if err != nil {
		return nil, fmt.Errorf("%s is not installed (Debian package qemu-system-x86): %w", QEMU, ErrToolMissing)
	}
	mods := append([]string{opts.Sigma0, opts.RootTask}, opts.Modules...)
	for _, m := range mods {
		if strings.Contains(m, ",") {
			return nil, fmt.Errorf("kernel.Boot: module path %q contains a comma (QEMU's -initrd separator)", m)
		}
		if _, err := os.Stat(m); err != nil {
			return nil, fmt.Errorf("kernel.Boot: %v", err)
		}
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.Memory == 0 {
		opts.Memory = 128
	}
	args := []string{"-kernel", opts.Kernel, "-initrd", strings.Join(mods, ","),
		"-m", fmt.Sprint(opts.Memory), "-display", "none", "-serial", "stdio",
		"-monitor", "none", "-no-reboot", "-nodefaults",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4"}
	if opts.ICount {
		args = append(args, "-icount", "shift=0")
	}
	args = append(args, opts.Args...)
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, qemu, args...)
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, err
	}
	defer devnull.Close()
	var out bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devnull, &out, &out
	runErr := cmd.Run()
	res := &BootResult{Log: strings.ReplaceAll(out.String(), "\r\n", "\n"), Command: append([]string{qemu}, args...)}
	res.ExitCode = -1
	if cmd.ProcessState != nil {
		res.ExitCode = cmd.ProcessState.ExitCode()
	}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		res.Ending = EndTimeout
		res.Log += fmt.Sprintf("\n[harness: killed after %v]\n", opts.Timeout)
	case runErr != nil && !errors.As(runErr, &ee):
		return nil, fmt.Errorf("running %s: %v", qemu, runErr)
	case res.ExitCode == ExitValueKDB<<1|1:
		res.Ending = EndKDB
	case res.ExitCode == ExitValuePanic<<1|1:
		res.Ending = EndPanic
	default:
		res.Ending = EndOther
	}
	if i := strings.LastIndex(res.Log, "KDB: "); i >= 0 {
		line := res.Log[i+5:]
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		res.KDB = line
	}
	return res, nil
}
