package stubcost

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// Targets of the issue, per operation and target (in the report, not
// test thresholds).
const (
	TargetHandopt  = 1.10 // l4idl / hand-optimal, dynamic
	TargetPortable = 0.33 // l4idl / portable, dynamic
)

// Method describes how the figures are made; it heads the markdown
// report ("%d" are the warm-up round trips and Report.Rounds).
const Method = `**Dynamic** (instructions per round trip): callgrind (valgrind's Ir event)
counts the instructions a round trip executes in the stubs, over the hosted
L4 X.2 emulator (runtime/hosted). For every IDL file, target and variant a
program calls each client stub through a wrapper that is not inlined
(bench_cK, the stub inlined into it), from a loop, with the server loop
running in an emulator thread (bench_s_<iface>) and empty implementations in
another file. After %d warm-up round trips the program zeroes callgrind's
counters, makes %d round trips, dumps a profile, and does the same with twice
as many (the second count must be exactly twice the first). Counted: the
wrapper with the client stub before and after the Ipc, and the server loop
from the Ipc return to the next Ipc (dispatch, checks, the call of the
implementation, the reply), with stub helpers (l4idl_*) they call. Not
counted: the Ipc itself (from the call into the libl4 slot or KIP stub on),
the implementation, the client loop; library calls (strlen, memcpy,
CORBA_alloc) are listed apart. Payloads: variable-length in values carry
64 bytes, strings 12 characters.

**Static** (same executable, read with debug/elf, disassembled with
golang.org/x/arch/x86/x86asm): the client code is every instruction of the
wrapper (and of the stub and helpers if not inlined) reachable from its
entry, error paths and .cold parts included, alignment padding left out;
"before" is what is reachable from the entry without passing an Ipc call
(the call included), "after" the rest; Ipc sites are calls of __L4_Ipc or
into the KIP. The server path of an operation is the path, in
instructions, from the return of an Ipc to the call of its implementation
plus from that call's return to the next Ipc call: the shortest such path
in the control-flow graph through the instructions the measured round trips
executed (callgrind --dump-instr), i.e. the successful request, reply and
wait, counted statically (a stub helper counts with its shortest path);
with --static-only the shortest path in the whole loop, which may be a
shorter error reply. Static bytes are client bytes plus server-path bytes.`

// Markdown returns the report as markdown: the method, then one table
// per target.
func (r *Report) Markdown() []byte {
	var w bytes.Buffer
	w.WriteString("# Stub cost: l4idl against hand-optimal and portable stubs\n\n")
	fmt.Fprintf(&w, "Toolchain: %s, %s; %s.\n\n", r.Compiler, r.Valgrind, r.Flags)
	if r.Rounds > 0 {
		fmt.Fprintf(&w, Method+"\n\n", WarmUp, r.Rounds)
	} else {
		w.WriteString("Static figures only (no dynamic run).\n\n")
	}
	if r.QEMU != "" {
		w.WriteString(QEMUMethod + "\n\n")
	}
	fmt.Fprintf(&w, "Ratios are of the dynamic totals; targets: l4idl / hand-optimal <= %.2f, l4idl / portable <= %.2f (bold: missed).\n\n",
		TargetHandopt, TargetPortable)
	var missing []string
	for _, t := range r.Targets {
		fmt.Fprintf(&w, "## %s\n\n", t)
		w.WriteString("| | operation | l4idl client insns (before + after Ipc) | l4idl bytes (client + server path) | Ipc sites | server path insns (to + from impl) | l4idl dynamic (client + server) | hand-optimal dynamic | portable dynamic | l4idl / hand-optimal | l4idl / portable |\n")
		w.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, o := range r.Ops {
			a := o.Arch[t]
			if a == nil {
				continue
			}
			for _, v := range r.Variants {
				if why, ok := a.NotMeasured[v]; ok {
					missing = append(missing, fmt.Sprintf("- %s %s %s (%s): %s", t, o.File, o.Op, v, why))
				}
			}
			l := a.Variants[L4IDL]
			if l == nil {
				continue
			}
			insns, bytes, sites, path := "-", "-", "-", "-"
			if s := l.Static; s != nil {
				insns = fmt.Sprintf("%d (%d + %d)", s.ClientInsns, s.BeforeInsns, s.AfterInsns)
				bytes = fmt.Sprint(s.Bytes())
				sites = fmt.Sprint(s.IPCSites)
				if s.ServerNote == "" {
					path = fmt.Sprintf("%d (%d + %d)", s.ServerInsns, s.ServerToImpl, s.ServerFromImpl)
				} else {
					missing = append(missing, fmt.Sprintf("- %s %s %s: no static server path: %s", t, o.File, o.Op, s.ServerNote))
				}
			}
			dyn := "-"
			if d := l.Dynamic; d != nil {
				dyn = fmt.Sprintf("%d (%d + %d)", d.Total, d.Client, d.Server)
				if d.Library > 0 {
					dyn += " + lib " + libCalls(d)
				}
			}
			fmt.Fprintf(&w, "| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				o.Anchor, o.Op, oneway(o), insns, bytes, sites, path, dyn,
				total(o, t, Handopt), total(o, t, Portable),
				ratio(o.ratio(t, Handopt), TargetHandopt), ratio(o.ratio(t, Portable), TargetPortable))
		}
		w.WriteString("\n")
		r.qemuTable(&w, t, &missing)
		r.staticTable(&w, t)
	}
	if len(missing) > 0 {
		w.WriteString("## Not measured\n\n")
		w.WriteString(strings.Join(missing, "\n") + "\n")
	}
	return w.Bytes()
}

func oneway(o *Op) string {
	if o.Oneway {
		return " (oneway)"
	}
	return ""
}

func total(o *Op, t, v string) string {
	if n := o.total(t, v); n > 0 {
		return fmt.Sprint(n)
	}
	return "-"
}

func ratio(x, target float64) string {
	switch {
	case x == 0:
		return "-"
	case x > target:
		return fmt.Sprintf("**%.2f**", x)
	}
	return fmt.Sprintf("%.2f", x)
}

func libCalls(d *Dynamic) string {
	var parts []string
	for fn, n := range d.LibraryCalls {
		parts = append(parts, fmt.Sprintf("%d %s", n, fn))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// staticTable prints the static figures of every variant on target t:
// client instructions / bytes (Ipc sites when not 1) and the server path
// in instructions / bytes.
func (r *Report) staticTable(w *bytes.Buffer, t string) {
	fmt.Fprintf(w, "Static, every variant (%s): client insns / bytes, server path insns / bytes.\n\n", t)
	w.WriteString("| | operation |")
	for _, v := range r.Variants {
		fmt.Fprintf(w, " %s client | %s server path |", variantLabel(v), variantLabel(v))
	}
	w.WriteString("\n|---|---|" + strings.Repeat("--:|--:|", len(r.Variants)) + "\n")
	for _, o := range r.Ops {
		a := o.Arch[t]
		if a == nil || a.Variants[L4IDL] == nil {
			continue
		}
		fmt.Fprintf(w, "| %s | %s |", o.Anchor, o.Op)
		for _, v := range r.Variants {
			c := a.Variants[v]
			if c == nil || c.Static == nil {
				w.WriteString(" - | - |")
				continue
			}
			s := c.Static
			sites := ""
			if s.IPCSites != 1 {
				sites = fmt.Sprintf(" (%d Ipc)", s.IPCSites)
			}
			path := "-"
			if s.ServerNote == "" && s.ServerInsns > 0 {
				path = fmt.Sprintf("%d / %d", s.ServerInsns, s.ServerBytes)
			}
			fmt.Fprintf(w, " %d / %d%s | %s |", s.ClientInsns, s.ClientBytes, sites, path)
		}
		w.WriteString("\n")
	}
	w.WriteString("\n")
}
