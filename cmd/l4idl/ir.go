package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/l4idl/l4idl/ir"
)

type layoutT = ir.Layout

func newIRCmd(st *state) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "ir FILE...",
		Short: "Print the message layouts of each operation for an ABI",
		Long: `ir prints, for each interface and operation, the request and reply layouts
on the selected ABI: which parameter travels in which message register, bits
and CPU register, the typed items, and the receive buffers. With --json it
writes the stable schema documented in docs/ir-json.md.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			return st.forEach(files, func(path string, l *ir.Layout) error {
				var err error
				if asJSON {
					err = l.WriteJSON(st.stdout)
				} else {
					err = l.WriteText(st.stdout)
				}
				if err != nil {
					return fmt.Errorf("writing output: %w", err)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON (schema "+ir.JSONSchema+")")
	return cmd
}
