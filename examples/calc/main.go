// Command calc is l4idl's quick-start demo. It compiles calc.idl into C
// client and server stubs with the gcc-x86 backend, builds them with a
// small hand-written server and client (c/calc_impl.c; Go does not
// allow C files next to a Go package without cgo) and runs the program:
// the server loop runs in one L4 thread, and the client calls every
// operation of the interface through the stubs and prints what comes
// back.
//
// Where qemu-system-i386 is installed, the program is the root task of
// l4idl's own L4 kernel (runtime/kernel), booted in QEMU: the server runs
// in an address space of its own, and every call crosses address spaces
// on a real kernel (ia32). Otherwise, or with -on hosted, it runs on the
// hosted L4 emulator (runtime/hosted) as a Linux process.
//
//	go run ./examples/calc [-on auto|kernel|hosted] [-arch amd64|ia32] [-o DIR]
//
// It needs gcc (with gcc-multilib for ia32), qemu-system-x86 for the
// kernel and, for ia32 on the emulator where the host cannot run 32-bit
// programs, qemu-user; scripts/test.sh installs them.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
	"github.com/l4idl/l4idl/runtime/hosted"
	"github.com/l4idl/l4idl/runtime/kernel"
)

func main() {
	on := flag.String("on", "auto", "where to run: kernel (QEMU), hosted (the emulator) or auto (kernel if qemu-system-i386 is installed)")
	arch := flag.String("arch", "amd64", "target `ABI` on the hosted emulator: amd64 or ia32 (the kernel is ia32)")
	out := flag.String("o", "", "keep the generated stubs and the program in `DIR` (default: a temporary directory)")
	flag.Parse()
	if flag.NArg() > 0 || (*on != "auto" && *on != "kernel" && *on != "hosted") {
		fmt.Fprintln(os.Stderr, "usage: go run ./examples/calc [-on auto|kernel|hosted] [-arch amd64|ia32] [-o DIR]")
		os.Exit(2)
	}
	var code int
	var err error
	useKernel := *on == "kernel"
	if *on == "auto" {
		if _, lookErr := exec.LookPath(kernel.QEMU); lookErr == nil {
			useKernel = true
		} else {
			fmt.Fprintf(os.Stdout, "calc: %s is not installed; running on the hosted L4 emulator instead\n", kernel.QEMU)
		}
	}
	if useKernel {
		code, err = runKernel(*out, os.Stdout)
	} else {
		code, err = run(*arch, *out, os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "calc:", err)
		if errors.Is(err, hosted.ErrToolMissing) || errors.Is(err, kernel.ErrToolMissing) {
			fmt.Fprintln(os.Stderr, "calc: run ./scripts/test.sh once to install the tools")
		}
		os.Exit(1)
	}
	os.Exit(code)
}

// exampleDir returns the directory of this example's sources.
func exampleDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// run generates, builds and runs the demo for arch on the hosted
// emulator, writing into dir (a temporary directory, removed afterwards,
// when empty), and returns the program's exit status.
func run(arch, dir string, stdout, stderr io.Writer) (int, error) {
	dir, cleanup, err := workDir(dir)
	if err != nil {
		return 0, err
	}
	defer cleanup()
	if err := genStubs(arch, dir, stdout); err != nil {
		return 0, err
	}

	// Stubs + calc_impl.c + the emulator -> one program; run it.
	bin, err := hosted.BuildProgram(arch, dir, filepath.Join(exampleDir(), "c", "calc_impl.c"), "-I"+dir)
	if err != nil {
		return 0, err
	}
	cmd, err := hosted.ProgramCommand(arch, bin)
	if err != nil {
		return 0, err
	}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), nil
	}
	return 0, err
}

// workDir returns dir, or a new temporary directory when dir is empty,
// and the function that removes the temporary one.
func workDir(dir string) (string, func(), error) {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "l4idl-calc-")
		if err != nil {
			return "", nil, err
		}
		return tmp, func() { os.RemoveAll(tmp) }, nil
	}
	return dir, func() {}, os.MkdirAll(dir, 0o755)
}

// genStubs writes the client and server stubs of calc.idl for arch into
// dir and says so on stdout.
func genStubs(arch, dir string, stdout io.Writer) error {
	src := exampleDir()
	idl := filepath.Join(src, "calc.idl")
	include := filepath.Join(src, "..", "..", "runtime", "include")

	// IDL -> IR -> message layout for arch -> C stubs.
	abi, err := ir.LookupABI(arch)
	if err != nil {
		return err
	}
	opts := &parser.Options{CPP: cpp.Options{IncludeDirs: []string{include}}}
	for k, v := range abi.Macros {
		opts.CPP.Define(k + "=" + v)
	}
	var errs diag.List
	prog, parsed := ir.Load(idl, opts, &errs)
	var l *ir.Layout
	if !errs.HasErrors() {
		l = ir.Lower(prog, abi, &errs)
	}
	var files []gccx86.File
	if !errs.HasErrors() {
		files = gccx86.Generate(l, gccx86.Options{Includes: gccx86.Includes(l, []string{include})}, &errs)
	}
	if errs.HasErrors() {
		var b strings.Builder
		errs.Print(&b, parsed)
		return fmt.Errorf("generating stubs for %s:\n%s", idl, b.String())
	}
	var names []string
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
		names = append(names, f.Name)
	}
	fmt.Fprintf(stdout, "l4idl: %s -> %s (%s) in %s\n", filepath.Base(idl), strings.Join(names, ", "), arch, dir)
	return nil
}
