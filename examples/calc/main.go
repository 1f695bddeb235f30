// Command calc is l4idl's quick-start demo. It compiles calc.idl into C
// client and server stubs with the gcc-x86 backend, builds them with a
// small hand-written server and client (c/calc_impl.c; Go does not
// allow C files next to a Go package without cgo) on the hosted L4
// emulator (runtime/hosted), and runs the program: the server loop runs in
// one L4 thread, and the client calls every operation of the interface
// through the stubs and prints what comes back.
//
//	go run ./examples/calc [-arch amd64|ia32] [-o DIR]
//
// It needs gcc (with gcc-multilib for ia32) and, where the host cannot run
// 32-bit programs, qemu-user; scripts/test.sh installs them.
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
)

func main() {
	arch := flag.String("arch", "amd64", "target `ABI`: amd64 or ia32")
	out := flag.String("o", "", "keep the generated stubs and the program in `DIR` (default: a temporary directory)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run ./examples/calc [-arch amd64|ia32] [-o DIR]")
		os.Exit(2)
	}
	code, err := run(*arch, *out, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "calc:", err)
		if errors.Is(err, hosted.ErrToolMissing) {
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

// run generates, builds and runs the demo for arch, writing into dir (a
// temporary directory, removed afterwards, when empty), and returns the
// program's exit status.
func run(arch, dir string, stdout, stderr io.Writer) (int, error) {
	src := exampleDir()
	idl := filepath.Join(src, "calc.idl")
	include := filepath.Join(src, "..", "..", "runtime", "include")
	if dir == "" {
		tmp, err := os.MkdirTemp("", "l4idl-calc-")
		if err != nil {
			return 0, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}

	// IDL -> IR -> message layout for arch -> C stubs.
	abi, err := ir.LookupABI(arch)
	if err != nil {
		return 0, err
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
		return 0, fmt.Errorf("generating stubs for %s:\n%s", idl, b.String())
	}
	var names []string
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return 0, err
		}
		names = append(names, f.Name)
	}
	fmt.Fprintf(stdout, "l4idl: %s -> %s (%s) in %s\n", filepath.Base(idl), strings.Join(names, ", "), arch, dir)

	// Stubs + calc_impl.c + the emulator -> one program; run it.
	bin, err := hosted.BuildProgram(arch, dir, filepath.Join(src, "c", "calc_impl.c"), "-I"+dir)
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
