package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); the
// module version from the build info is used otherwise.
var version = ""

// state is shared by the commands of one run: the output streams, the
// common flags and the exit code the run ends with.
type state struct {
	stdout, stderr io.Writer

	includeDirs []string
	defines     []string
	undefines   []string
	abiName     string
	warnFlag    string
	noWarnings  bool

	code int
}

// errIDL is returned by a command whose input had errors; run turns it
// into exit code 1 without printing usage.
var errIDL = errors.New("errors in the input")

func newRootCmd(st *state) *cobra.Command {
	root := &cobra.Command{
		Use:   "l4idl",
		Short: "Compile CORBA/DCE IDL into L4 X.2 IPC stubs",
		Long: `l4idl compiles CORBA and DCE interface definitions (with IDL4's L4 extensions)
into IPC stubs for L4 Version-4 (X.2) microkernels, laying out every message
register by register for each target ABI.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.StringArrayVarP(&st.includeDirs, "include", "I", nil, "add `DIR` to the include and import search path (repeatable)")
	pf.StringArrayVarP(&st.defines, "define", "D", nil, "define preprocessor macro `NAME[=VAL]` (repeatable)")
	pf.StringArrayVarP(&st.undefines, "undefine", "U", nil, "undefine preprocessor macro `NAME` (repeatable)")
	pf.StringVar(&st.abiName, "abi", "ia32", "target `ABI`: "+strings.Join(ir.ABINames(), ", "))
	pf.StringVarP(&st.warnFlag, "warn", "W", "", "`error`: treat warnings as errors")
	pf.BoolVarP(&st.noWarnings, "no-warnings", "w", false, "do not print warnings")
	root.AddCommand(newCheckCmd(st), newIRCmd(st), newGenCmd(st), newCostCmd(st), newVersionCmd(st))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%v", err)
	})
	return root
}

// abi returns the selected ABI or a usage error.
func (st *state) abi() (*ir.ABI, error) {
	return ir.LookupABI(st.abiName)
}

// newDiags returns a diagnostics list configured by -W and -w.
func (st *state) newDiags() (*diag.List, error) {
	l := &diag.List{NoWarnings: st.noWarnings}
	switch st.warnFlag {
	case "":
	case "error":
		l.WarningsAsErrors = true
	default:
		return nil, fmt.Errorf("unknown -W option %q (only -W error is supported)", st.warnFlag)
	}
	return l, nil
}

// parseOptions builds the parser options from -I, -D, -U and the ABI's
// predefined macros (which -D and -U can override).
func (st *state) parseOptions(abi *ir.ABI) (*parser.Options, error) {
	opts := &parser.Options{CPP: cpp.Options{IncludeDirs: st.includeDirs}}
	for _, k := range sortedKeys(abi.Macros) {
		opts.CPP.Define(k + "=" + abi.Macros[k])
	}
	for _, d := range st.defines {
		name, _ := cpp.ParseDefine(d)
		if i := strings.IndexByte(name, '('); i >= 0 {
			name = name[:i]
		}
		if !isIdent(name) {
			return nil, fmt.Errorf("-D %s: %q is not a valid macro name", d, name)
		}
		opts.CPP.Define(d)
	}
	for _, u := range st.undefines {
		if !isIdent(u) {
			return nil, fmt.Errorf("-U %s: not a valid macro name", u)
		}
		opts.CPP.Undefine(u)
	}
	return opts, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c != '_' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// load parses and checks one file and lowers it for abi, printing
// diagnostics. It returns nil when the file has errors.
func (st *state) load(path string, abi *ir.ABI) (layout *ir.Layout, err error) {
	defer func() {
		// A panic is a bug in l4idl: report it against the file being
		// compiled, without a stack trace, and go on with the next file.
		if r := recover(); r != nil {
			fmt.Fprintf(st.stderr, "%s: internal error: %v (this is a bug in l4idl; please report it with the input that caused it)\n", path, r)
			layout, err = nil, errIDL
		}
	}()
	errs, err := st.newDiags()
	if err != nil {
		return nil, err
	}
	opts, err := st.parseOptions(abi)
	if err != nil {
		return nil, err
	}
	prog, parsed := ir.Load(path, opts, errs)
	if !errs.HasErrors() && prog != nil {
		layout = ir.Lower(prog, abi, errs)
	}
	errs.Sort()
	var src diag.Sources
	if parsed != nil {
		src = parsed
	}
	errs.Print(st.stderr, src)
	if errs.HasErrors() {
		return nil, errIDL
	}
	return layout, nil
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func newVersionCmd(st *state) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the l4idl version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(st.stdout, "l4idl %s (IR schema %s; ABIs %s)\n", versionString(), ir.JSONSchema, strings.Join(ir.ABINames(), ", "))
			return nil
		},
	}
}
