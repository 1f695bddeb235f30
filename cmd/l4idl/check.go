package main

import (
	"github.com/spf13/cobra"
)

func newCheckCmd(st *state) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE...",
		Short: "Parse and check IDL files, reporting errors and warnings",
		Long: `check preprocesses, parses and checks each IDL file (and what it imports) and
lays out its messages for the selected ABI, reporting every problem found as
file:line:col: error: message.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			return st.forEach(files, nil)
		},
	}
}

// forEach loads every file for the selected ABI and calls emit (when not
// nil) with the layout of each file that has no errors. A file with errors
// does not stop the others; the run then exits with code 1.
func (st *state) forEach(files []string, emit func(path string, l *layoutT) error) error {
	abi, err := st.abi()
	if err != nil {
		return err
	}
	failed := false
	for _, f := range files {
		l, err := st.load(f, abi)
		if err == errIDL {
			failed = true
			continue
		}
		if err != nil {
			return err
		}
		if emit != nil {
			if err := emit(f, l); err != nil {
				return err
			}
		}
	}
	if failed {
		st.code = exitIDL
		return errIDL
	}
	return nil
}
