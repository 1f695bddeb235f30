package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/l4idl/l4idl/runtime/hosted"
	"github.com/l4idl/l4idl/runtime/kernel"
)

// runKernel generates the ia32 stubs into dir (a temporary directory when
// empty), links them with c/calc_impl.c as the root task of l4idl's L4
// kernel (with the kernel implementation of hosted.h, which starts the
// server in an address space of its own), boots it in QEMU and prints
// what the program printed on the serial console. The exit status is 0
// when the run ended normally and the program's main returned 0.
func runKernel(dir string, stdout io.Writer) (int, error) {
	dir, cleanup, err := workDir(dir)
	if err != nil {
		return 0, err
	}
	defer cleanup()
	if err := genStubs("ia32", dir, stdout); err != nil {
		return 0, err
	}
	k, s0, err := kernel.Build()
	if err != nil {
		return 0, err
	}
	root, err := kernel.BuildRootTask(filepath.Join(dir, "kernel"),
		[]string{filepath.Join(exampleDir(), "c", "calc_impl.c"), filepath.Join(kernel.UserDir(), "hosted", "hosted.c")},
		"-I"+dir, "-I"+hosted.Dir())
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(stdout, "booting l4idl's L4 kernel in %s with the calc client as root task (%s)\n", kernel.QEMU, root)
	res, err := kernel.Boot(context.Background(), kernel.BootOptions{Kernel: k, Sigma0: s0, RootTask: root, Timeout: 60 * time.Second})
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(strings.TrimSpace(res.Log), "\n") {
		if strings.HasPrefix(line, "KDB registers:") {
			continue // the debugger's register dump at the end of the run
		}
		fmt.Fprintln(stdout, line)
	}
	switch {
	case res.Ending != kernel.EndKDB || res.KDB != "done":
		fmt.Fprintf(stdout, "calc: the run ended with %s (KDB %q)\n", res.Ending, res.KDB)
		return 1, nil
	case !strings.Contains(res.Log, "# main returned 0\n"):
		return 1, nil
	}
	return 0, nil
}
