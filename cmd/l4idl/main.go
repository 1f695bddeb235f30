// Command l4idl compiles CORBA and DCE IDL into IPC stubs for L4 X.2
// microkernels.
//
//	l4idl check [flags] FILE...   parse and check IDL files
//	l4idl ir    [flags] FILE...   print the register-aware message layouts
//	l4idl gen   [flags] FILE...   generate client/server stubs and templates
//	l4idl cost  [flags] FILE...   measure the stubs' static and dynamic cost
//	l4idl version                 print the version
//
// Exit status: 0 on success, 1 when the IDL has errors, 2 on usage errors.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes.
const (
	exitOK    = 0
	exitIDL   = 1 // errors in the input IDL (or an internal error)
	exitUsage = 2 // bad command line
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args, writing results to stdout and
// diagnostics to stderr, and returns the exit code. Internal failures
// (panics) become an "internal error" message and exit code 1, never a
// stack trace.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "l4idl: internal error: %v (this is a bug in l4idl; please report it with the input that caused it)\n", r)
			code = exitIDL
		}
	}()
	st := &state{stdout: stdout, stderr: stderr}
	cmd := newRootCmd(st)
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	if err := cmd.Execute(); err != nil {
		if st.code != exitOK {
			return st.code
		}
		fmt.Fprintf(stderr, "l4idl: %v\n", err)
		fmt.Fprintf(stderr, "Run 'l4idl --help' for usage.\n")
		return exitUsage
	}
	return st.code
}
