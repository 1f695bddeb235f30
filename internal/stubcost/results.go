package stubcost

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// ResultsSchema names the JSON form of Results (bench/results.json).
const ResultsSchema = "l4idl-stubcost/1"

// Results is the l4idl-only table of bench/results.md and results.json
// that BenchmarkStubCost (backend/gcc-x86) writes: the dynamic figures of
// every operation of the anchor, IR test and example files, with the
// issue's ia32 budgets for the anchors.
type Results struct {
	Schema   string        `json:"schema"`
	Compiler string        `json:"compiler"`
	Valgrind string        `json:"valgrind"`
	Flags    string        `json:"flags"`
	Rounds   int           `json:"rounds"`
	Ops      []*ResultsRow `json:"ops"`
}

// ResultsRow is one operation's line in Results.
type ResultsRow struct {
	File   string `json:"file"`
	Op     string `json:"op"`
	Anchor string `json:"anchor,omitempty"`
	Oneway bool   `json:"oneway,omitempty"`
	// Target and IDL4 are the ia32 -O2 budget and IDL4's count
	// (anchors only).
	Target      int                 `json:"target_ia32,omitempty"`
	IDL4        int                 `json:"idl4_ia32,omitempty"`
	Arch        map[string]*Dynamic `json:"arch"`
	NotMeasured map[string]string   `json:"not_measured,omitempty"` // arch -> reason
}

// NewResults takes the l4idl dynamic figures of rep; budgets maps an
// anchor file's base name to its ia32 budget and IDL4's count.
func NewResults(rep *Report, budgets map[string][2]int) *Results {
	res := &Results{Schema: ResultsSchema, Compiler: rep.Compiler, Valgrind: rep.Valgrind,
		Flags: rep.Flags + " (runtime/hosted's flags)", Rounds: rep.Rounds}
	for _, o := range rep.Ops {
		row := &ResultsRow{File: o.File, Op: o.Op, Anchor: o.Anchor, Oneway: o.Oneway, Arch: map[string]*Dynamic{}}
		if b, ok := budgets[Base(o.File)]; ok && o.Anchor != "" {
			row.Target, row.IDL4 = b[0], b[1]
		}
		for _, t := range rep.Targets {
			a := o.Arch[t]
			if a == nil {
				continue
			}
			if c := a.Variants[L4IDL]; c != nil && c.Dynamic != nil {
				row.Arch[t] = c.Dynamic
			} else if why, ok := a.NotMeasured[L4IDL]; ok {
				if row.NotMeasured == nil {
					row.NotMeasured = map[string]string{}
				}
				row.NotMeasured[t] = why
			}
		}
		res.Ops = append(res.Ops, row)
	}
	return res
}

// JSON returns the results as indented JSON.
func (r *Results) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// resultsMethod heads bench/results.md.
const resultsMethod = `Instructions per round trip executed in generated code, counted by
callgrind (valgrind's Ir event) over the hosted L4 X.2 emulator
(runtime/hosted), gcc -O2. For each operation a program made by
internal/stubcost calls the client stub through a wrapper that is not
inlined (bench_cK: the stub is inlined into it), from a loop, with a server
thread running the generated dispatch loop (bench_s_<iface>) and empty
implementations in another file. After %d warm-up round trips, the program
zeroes callgrind's counters, makes %d round trips, dumps the profile, and
does the same with %d round trips (the figures must be exactly twice the
first, so every round trip costs the same). Counted: the self cost of the
wrapper (the client stub before and after the Ipc, with the wrapper's own
entry, register saves and return) and of the server loop (from the Ipc
return to the next Ipc, including the call of the implementation and the
reply), and support-header helpers they call. Not counted: the Ipc itself
(from the "call" into the libl4 slot / KIP stub on, i.e. the emulator), the
implementation, and the client loop. Library functions the stubs call
(strlen for strings; memcpy, CORBA_alloc where a type needs them) are
listed apart in "lib" and are not in the totals; here they are the hosted
emulator's simple byte-loop versions. Payloads: variable-length in values
carry %d bytes (within their bound), strings %d characters.`

// Markdown returns bench/results.md.
func (r *Results) Markdown() []byte {
	var w bytes.Buffer
	w.WriteString("# Stub cost per round trip\n\n")
	w.WriteString("Made by `go test ./backend/gcc-x86 -run '^$' -bench StubCost -benchtime 1x -cost.write`\n")
	w.WriteString("(see README.md); do not edit.\n\n")
	fmt.Fprintf(&w, resultsMethod+"\n\n", WarmUp, r.Rounds, 2*r.Rounds, PayloadBytes, len(PayloadString))
	fmt.Fprintf(&w, "Toolchain: %s; %s.\n\n", r.Compiler, r.Valgrind)
	fig := func(row *ResultsRow, arch string) (c, s, t, lib string) {
		f := row.Arch[arch]
		if f == nil {
			return "-", "-", "-", "-"
		}
		lib = "0"
		if f.Library != 0 {
			lib = libCalls(f)
		}
		return fmt.Sprint(f.Client), fmt.Sprint(f.Server), fmt.Sprint(f.Total), lib
	}
	w.WriteString("## Anchors (testdata/anchor)\n\n")
	w.WriteString("| | operation | ia32 client | ia32 server | ia32 total | target | IDL4 | amd64 client | amd64 server | amd64 total | lib ia32 / amd64 |\n")
	w.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, row := range r.Ops {
		if row.Anchor == "" {
			continue
		}
		ic, is, it, il := fig(row, "ia32")
		ac, as, at, al := fig(row, "amd64")
		target, idl4 := "", ""
		if row.Target > 0 {
			target, idl4 = fmt.Sprint(row.Target), fmt.Sprint(row.IDL4)
			if f := row.Arch["ia32"]; f != nil && f.Total > int64(row.Target) {
				it = "**" + it + "**"
			}
			if f, g := row.Arch["amd64"], row.Arch["ia32"]; f != nil && g != nil && f.Total > g.Total {
				at = "**" + at + "**"
			}
		}
		fmt.Fprintf(&w, "| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n",
			row.Anchor, row.Op, onewayNote(row.Oneway), ic, is, it, target, idl4, ac, as, at, il, al)
	}
	w.WriteString("\nBold: over the ia32 target, or amd64 over ia32.\n\n")
	w.WriteString("## Other operations (testdata/ir, examples)\n\n")
	w.WriteString("| file | operation | ia32 client | ia32 server | ia32 total | amd64 client | amd64 server | amd64 total | lib ia32 / amd64 |\n")
	w.WriteString("|---|---|--:|--:|--:|--:|--:|--:|---|\n")
	var not []string
	for _, row := range r.Ops {
		for _, arch := range []string{"ia32", "amd64"} {
			if why, ok := row.NotMeasured[arch]; ok {
				not = append(not, fmt.Sprintf("- %s %s (%s): %s", row.File, row.Op, arch, why))
			}
		}
		if row.Anchor != "" || (row.Arch["ia32"] == nil && row.Arch["amd64"] == nil) {
			continue
		}
		ic, is, it, il := fig(row, "ia32")
		ac, as, at, al := fig(row, "amd64")
		fmt.Fprintf(&w, "| %s | %s%s | %s | %s | %s | %s | %s | %s | %s / %s |\n",
			strings.TrimSuffix(filepath.Base(row.File), ".idl"), row.Op, onewayNote(row.Oneway), ic, is, it, ac, as, at, il, al)
	}
	if len(not) > 0 {
		w.WriteString("\n## Not measured\n\n")
		w.WriteString(strings.Join(not, "\n") + "\n")
	}
	return w.Bytes()
}

func onewayNote(oneway bool) string {
	if oneway {
		return " (oneway)"
	}
	return ""
}

// DiffResults lists where two Results differ, one line each (nil when
// they hold the same figures).
func DiffResults(old, now *Results) []string {
	prev := map[string]*ResultsRow{}
	for _, r := range old.Ops {
		prev[r.File+" "+r.Op] = r
	}
	var out []string
	for _, r := range now.Ops {
		p := prev[r.File+" "+r.Op]
		delete(prev, r.File+" "+r.Op)
		for _, arch := range []string{"ia32", "amd64"} {
			f := r.Arch[arch]
			var pf *Dynamic
			if p != nil {
				pf = p.Arch[arch]
			}
			switch {
			case f == nil && pf == nil:
			case f == nil || pf == nil:
				out = append(out, fmt.Sprintf("%s %s %s: measured now %v, before %v", arch, r.File, r.Op, f != nil, pf != nil))
			case f.Client != pf.Client || f.Server != pf.Server || f.Library != pf.Library:
				out = append(out, fmt.Sprintf("%s %s %s: client %d (was %d), server %d (was %d), library %d (was %d)",
					arch, r.File, r.Op, f.Client, pf.Client, f.Server, pf.Server, f.Library, pf.Library))
			}
		}
	}
	var gone []string
	for k := range prev {
		gone = append(gone, k+": no longer measured")
	}
	sort.Strings(gone)
	return append(out, gone...)
}

// ReadResults parses bench/results.json.
func ReadResults(data []byte) (*Results, error) {
	var r Results
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	if r.Schema != ResultsSchema {
		return nil, fmt.Errorf("schema %q, want %q", r.Schema, ResultsSchema)
	}
	return &r, nil
}
