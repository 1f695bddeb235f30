package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/backend/gcc-x86/portable"
	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser/diag"
)

func newGenCmd(st *state) *cobra.Command {
	var target, outDir, style string
	var client, server, template bool
	cmd := &cobra.Command{
		Use:   "gen --target ia32|amd64 [--style optimal|portable] [--client] [--server] [--template] [-o DIR] FILE.idl...",
		Short: "Generate C stubs (client, server, implementation template)",
		Long: `gen compiles each IDL file into C stubs with GCC inline assembly for an L4 X.2
target: FILE_client.h (client stubs), FILE_server.h (server dispatch loops and
deferred reply stubs) and FILE_template.c (implementation skeletons), plus the
support header l4idl_corba.h they share. Without --client, --server or
--template all three are written. The target defaults to --abi.

--style portable writes the same API in a deliberately generic code shape
(one out-of-line helper call per value into a message buffer, copied into the
message registers, generic L4_Ipc; plus its helper header l4idl_portable.h):
the portable baseline the stub-cost report compares against.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if target != "" {
				st.abiName = target
			}
			generate, ok := styles[style]
			if !ok {
				return fmt.Errorf("--style %s: unknown stub style (optimal or portable)", style)
			}
			ok = false
			for _, t := range gccx86.Targets {
				ok = ok || st.abiName == t
			}
			if !ok {
				return fmt.Errorf("--target %s: the gcc-x86 backend generates for %s", st.abiName, strings.Join(gccx86.Targets, " and "))
			}
			if err := os.MkdirAll(outDir, 0o755); err != nil {
				return fmt.Errorf("creating output directory: %w", err)
			}
			return st.forEach(files, func(path string, l *ir.Layout) error {
				errs, err := st.newDiags()
				if err != nil {
					return err
				}
				out := generate(l, gccx86.Options{
					Client: client, Server: server, Template: template,
					Includes: gccx86.Includes(l, st.includeDirs),
				}, errs)
				errs.Sort()
				errs.Print(st.stderr, nil)
				if errs.HasErrors() {
					st.code = exitIDL
					return errIDL
				}
				for _, f := range out {
					if err := os.WriteFile(filepath.Join(outDir, f.Name), f.Data, 0o644); err != nil {
						st.code = exitIDL
						return fmt.Errorf("writing %s: %w", f.Name, err)
					}
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&target, "target", "", "target `ABI`: ia32 or amd64 (default: --abi)")
	fl.StringVar(&style, "style", "optimal", "stub `style`: optimal (the default generator) or portable (the generic baseline)")
	fl.BoolVar(&client, "client", false, "write the client stubs (FILE_client.h)")
	fl.BoolVar(&server, "server", false, "write the server loops (FILE_server.h)")
	fl.BoolVar(&template, "template", false, "write the implementation template (FILE_template.c, with FILE_server.h)")
	fl.StringVarP(&outDir, "output", "o", ".", "write the files to `DIR`")
	return cmd
}

// styles maps the values of gen --style to their generators.
var styles = map[string]func(*ir.Layout, gccx86.Options, *diag.List) []gccx86.File{
	"optimal":  gccx86.Generate,
	"portable": portable.Generate,
}
