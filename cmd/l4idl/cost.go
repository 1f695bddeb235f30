package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/l4idl/l4idl/internal/stubcost"
	"github.com/l4idl/l4idl/ir"
)

// costOptions are the flags of l4idl cost.
type costOptions struct {
	targets       []string
	opt           string
	format        string
	output        string
	handopt       string
	keep          string
	rounds        int
	staticOnly    bool
	baseline      string
	writeBaseline string
	qemu          bool
}

func newCostCmd(st *state) *cobra.Command {
	var o costOptions
	cmd := &cobra.Command{
		Use:   "cost [--target ia32|amd64] [--opt -O2] [--format md|json|svg] [-o FILE] FILE.idl...",
		Short: "Measure what the generated stubs cost (static and dynamic instruction counts)",
		Long: `cost generates the client and server stubs of each IDL file, compiles them with
gcc into a program for the hosted L4 X.2 emulator, and reports for every
operation: the static instructions and bytes of the client stub (before and
after the Ipc), its Ipc sites and the server's path length, read from the
executable and disassembled; and the instructions one round trip executes in
the stubs, counted with callgrind. The same is measured for the hand-optimal
stubs (--handopt DIR, bench/handopt in the repository) and the portable style
(l4idl gen --style portable), with the ratios l4idl / hand-optimal (target
<= 1.10) and l4idl / portable (target <= 0.33). bench/README.md explains
every figure.

The report is markdown (a table per target), JSON (schema l4idl-cost/1) or
an SVG bar chart. --baseline FILE compares the l4idl figures with a
baseline (bench/baseline.json) and fails when a dynamic count grows by more
than 3% or static bytes by more than 5%; --write-baseline FILE writes one.
Needs gcc (gcc-multilib for ia32), valgrind and, where the host cannot run
ia32 code, qemu-user.

--qemu (ia32 only) adds the column "QEMU e2e (instructions per round trip,
user+kernel)" per variant: the eight anchors (testdata/anchor) through each
variant's stubs on the bundled L4 kernel (runtime/kernel) under
qemu-system-i386 -icount, one boot per variant. Needs qemu-system-i386.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if o.qemu && !cmd.Flags().Changed("target") {
				o.targets = []string{"ia32"}
			}
			if err := runCost(st, &o, files); err != nil {
				if !errors.Is(err, errIDL) {
					fmt.Fprintf(st.stderr, "l4idl: cost: %v\n", err)
				}
				st.code = exitIDL
				return errIDL
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&o.targets, "target", []string{"ia32", "amd64"}, "target `ABI`s: ia32, amd64 (comma-separated or repeated)")
	fl.StringVar(&o.opt, "opt", "-O2", "gcc optimisation `flag` of the stubs")
	fl.StringVar(&o.format, "format", "md", "report `format`: md, json or svg")
	fl.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` (default: standard output)")
	fl.StringVar(&o.handopt, "handopt", "bench/handopt", "`DIR` of the hand-optimal stubs (DIR/<target>/<file>_client.h, _server.h)")
	fl.StringVar(&o.keep, "keep", "", "keep the programs, stubs, executables and profiles in `DIR`")
	fl.IntVar(&o.rounds, "rounds", 1000, "round trips per dynamic measurement")
	fl.BoolVar(&o.staticOnly, "static-only", false, "static figures only (no callgrind run)")
	fl.StringVar(&o.baseline, "baseline", "", "compare the l4idl figures with the baseline `FILE`; fail on a regression")
	fl.StringVar(&o.writeBaseline, "write-baseline", "", "write the l4idl figures as a baseline to `FILE`")
	fl.BoolVar(&o.qemu, "qemu", false, "add the QEMU e2e figures: the anchors on the bundled ia32 kernel under qemu-system-i386 -icount (ia32 only; --target defaults to ia32)")
	return cmd
}

// runCost measures files and writes the report.
func runCost(st *state, o *costOptions, files []string) error {
	switch o.format {
	case "md", "json", "svg":
	default:
		return fmt.Errorf("--format %s: want md, json or svg", o.format)
	}
	for _, t := range o.targets {
		if t != "ia32" && t != "amd64" {
			return fmt.Errorf("--target %s: the cost report measures ia32 and amd64", t)
		}
	}
	if o.qemu {
		for _, t := range o.targets {
			if t != stubcost.QEMUTarget {
				return fmt.Errorf("--qemu: the QEMU figures exist for ia32 only (the bundled kernel is ia32), not --target %s", t)
			}
		}
	}
	if o.rounds <= 0 {
		return fmt.Errorf("--rounds %d: want a positive number", o.rounds)
	}
	if o.staticOnly && (o.baseline != "" || o.writeBaseline != "") {
		return fmt.Errorf("--static-only: a baseline needs the dynamic figures")
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("%s: %v", f, errors.Unwrap(err))
		}
	}
	var base *stubcost.Baseline
	if o.baseline != "" {
		data, err := os.ReadFile(o.baseline)
		if err != nil {
			return fmt.Errorf("--baseline: %v", err)
		}
		if base, err = stubcost.ReadBaseline(data); err != nil {
			return fmt.Errorf("--baseline %s: %v", o.baseline, err)
		}
	}
	printed := map[string]bool{}
	rep, err := stubcost.Measure(stubcost.Config{
		Files:       files,
		Targets:     o.targets,
		Variants:    stubcost.Variants(o.handopt),
		Opt:         o.opt,
		IncludeDirs: st.includeDirs,
		Root:        ".",
		WorkDir:     o.keep,
		Rounds:      o.rounds,
		NoDyn:       o.staticOnly,
		QEMU:        o.qemu,
		Load: func(path, target string) (*ir.Layout, error) {
			abi, err := ir.LookupABI(target)
			if err != nil {
				return nil, err
			}
			// Each file is loaded once per target: print its
			// diagnostics once when they are the same.
			var diags bytes.Buffer
			stderr := st.stderr
			st.stderr = &diags
			l, err := st.load(path, abi)
			st.stderr = stderr
			if d := diags.String(); d != "" && !printed[d] {
				printed[d] = true
				fmt.Fprint(st.stderr, d)
			}
			return l, err
		},
	})
	if err != nil {
		return err
	}
	var out []byte
	switch o.format {
	case "md":
		out = rep.Markdown()
	case "json":
		if out, err = rep.JSON(); err != nil {
			return err
		}
	case "svg":
		out = rep.SVG()
	}
	if o.output == "" {
		if _, err := st.stdout.Write(out); err != nil {
			return err
		}
	} else if err := os.WriteFile(o.output, out, 0o644); err != nil {
		return err
	}
	if o.writeBaseline != "" {
		data, err := stubcost.NewBaseline(rep).JSON()
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.writeBaseline, data, 0o644); err != nil {
			return err
		}
	}
	if base != nil {
		c := stubcost.Compare(base, rep)
		fmt.Fprint(st.stderr, c.String())
		if c.Failed() {
			return fmt.Errorf("%d regressions against %s", len(c.Regressions), o.baseline)
		}
	}
	return nil
}
