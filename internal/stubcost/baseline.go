package stubcost

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// BaselineSchema names the JSON form of a Baseline.
const BaselineSchema = "l4idl-cost-baseline/1"

// Regression limits: a change fails when an operation's dynamic count
// (l4idl variant, instructions per round trip) grows by more than
// MaxDynamicGrowth, or its static bytes by more than MaxStaticGrowth.
const (
	MaxDynamicGrowth = 0.03
	MaxStaticGrowth  = 0.05
)

// A Baseline holds the l4idl figures a later report is compared with
// (bench/baseline.json). It is refreshed only deliberately (`go test
// ./internal/stubcost -run CostCI -cost.update-baseline` or `l4idl cost
// --write-baseline`).
type Baseline struct {
	Schema   string          `json:"schema"` // BaselineSchema
	Compiler string          `json:"compiler"`
	Valgrind string          `json:"valgrind"`
	Opt      string          `json:"opt"`
	Rounds   int             `json:"rounds"`
	Ops      []*BaselineFigs `json:"ops"`
}

// BaselineFigs are the figures of one operation on one target.
type BaselineFigs struct {
	File   string `json:"file"`
	Op     string `json:"op"`
	Target string `json:"target"`
	// Dynamic is the l4idl dynamic total (instructions per round trip),
	// StaticBytes the l4idl client code plus server path (Static.Bytes).
	Dynamic     int64 `json:"dynamic"`
	StaticBytes int   `json:"static_bytes"`
	// QEMU is the l4idl QEMU e2e figure (instructions per round trip,
	// user+kernel, server in another space; ia32 anchors, when the
	// baseline was made with the QEMU figures), held to the same limit
	// as Dynamic.
	QEMU float64 `json:"qemu_e2e,omitempty"`
}

func (f *BaselineFigs) key() string { return f.Target + " " + f.File + " " + f.Op }

// NewBaseline returns the baseline of the l4idl figures of rep.
func NewBaseline(rep *Report) *Baseline {
	b := &Baseline{Schema: BaselineSchema, Compiler: rep.Compiler, Valgrind: rep.Valgrind, Opt: rep.Opt, Rounds: rep.Rounds}
	for _, o := range rep.Ops {
		for _, t := range rep.Targets {
			c := o.cost(t, L4IDL)
			if c == nil || c.Dynamic == nil || c.Static == nil {
				continue
			}
			f := &BaselineFigs{File: o.File, Op: o.Op, Target: t, Dynamic: c.Dynamic.Total, StaticBytes: c.Static.Bytes()}
			if q := o.Arch[t].QEMU[L4IDL]; q != nil {
				f.QEMU = q.Inter
			}
			b.Ops = append(b.Ops, f)
		}
	}
	return b
}

// JSON returns the baseline as indented JSON.
func (b *Baseline) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// ReadBaseline parses a baseline's JSON form.
func ReadBaseline(data []byte) (*Baseline, error) {
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, err
	}
	if b.Schema != BaselineSchema {
		return nil, fmt.Errorf("schema %q, want %q", b.Schema, BaselineSchema)
	}
	seen := map[string]bool{}
	for _, f := range b.Ops {
		if f.File == "" || f.Op == "" || f.Target == "" || f.Dynamic <= 0 || f.StaticBytes <= 0 || f.QEMU < 0 {
			return nil, fmt.Errorf("incomplete entry %+v", *f)
		}
		if seen[f.key()] {
			return nil, fmt.Errorf("%s listed twice", f.key())
		}
		seen[f.key()] = true
	}
	return &b, nil
}

// A Comparison is the outcome of comparing a report with a baseline.
type Comparison struct {
	// Regressions fail the check: growth beyond the limits, or an
	// operation of the baseline that the report no longer measures.
	Regressions []string
	// Notes are changes within the limits, improvements and operations
	// new to the report.
	Notes []string
}

// Failed tells whether the comparison found a regression.
func (c *Comparison) Failed() bool { return len(c.Regressions) > 0 }

// String lists regressions, then notes, one a line.
func (c *Comparison) String() string {
	var b strings.Builder
	for _, r := range c.Regressions {
		b.WriteString("REGRESSION: " + r + "\n")
	}
	for _, n := range c.Notes {
		b.WriteString(n + "\n")
	}
	return b.String()
}

// Compare checks the l4idl figures of rep against base. Every operation
// the baseline lists for rep's targets must still be measured, and its
// dynamic count and static bytes must not grow beyond the limits;
// shrinking, and operations the baseline does not know, are notes.
func Compare(base *Baseline, rep *Report) *Comparison {
	now := NewBaseline(rep)
	got := map[string]*BaselineFigs{}
	for _, f := range now.Ops {
		got[f.key()] = f
	}
	targets := map[string]bool{}
	for _, t := range rep.Targets {
		targets[t] = true
	}
	c := &Comparison{}
	if base.Compiler != rep.Compiler || base.Opt != rep.Opt {
		c.Notes = append(c.Notes, fmt.Sprintf("note: the baseline was made with %s %s, this report with %s %s",
			base.Compiler, base.Opt, rep.Compiler, rep.Opt))
	}
	known := map[string]bool{}
	for _, old := range base.Ops {
		if !targets[old.Target] {
			continue
		}
		known[old.key()] = true
		f := got[old.key()]
		if f == nil {
			c.Regressions = append(c.Regressions, fmt.Sprintf("%s: in the baseline, not measured now", old.key()))
			continue
		}
		check := func(what string, was, is int64, limit float64) {
			switch {
			case float64(is) > float64(was)*(1+limit):
				c.Regressions = append(c.Regressions, fmt.Sprintf("%s: %s %d, baseline %d (%+.1f%%, limit +%.0f%%)",
					old.key(), what, is, was, growth(was, is), 100*limit))
			case is != was:
				c.Notes = append(c.Notes, fmt.Sprintf("%s: %s %d, baseline %d (%+.1f%%)", old.key(), what, is, was, growth(was, is)))
			}
		}
		check("dynamic instructions", old.Dynamic, f.Dynamic, MaxDynamicGrowth)
		check("static bytes", int64(old.StaticBytes), int64(f.StaticBytes), MaxStaticGrowth)
		// The QEMU e2e figure, when both the baseline and the report
		// have QEMU figures (rep.QEMU is set when they were measured).
		switch {
		case old.QEMU == 0 || rep.QEMU == "":
		case f.QEMU == 0:
			c.Regressions = append(c.Regressions, fmt.Sprintf("%s: QEMU e2e instructions in the baseline, not measured now", old.key()))
		case f.QEMU > old.QEMU*(1+MaxDynamicGrowth):
			c.Regressions = append(c.Regressions, fmt.Sprintf("%s: QEMU e2e instructions %.1f, baseline %.1f (%+.1f%%, limit +%.0f%%)",
				old.key(), f.QEMU, old.QEMU, 100*(f.QEMU-old.QEMU)/old.QEMU, 100*MaxDynamicGrowth))
		case f.QEMU != old.QEMU:
			c.Notes = append(c.Notes, fmt.Sprintf("%s: QEMU e2e instructions %.1f, baseline %.1f (%+.1f%%)",
				old.key(), f.QEMU, old.QEMU, 100*(f.QEMU-old.QEMU)/old.QEMU))
		}
		if old.QEMU == 0 && f.QEMU > 0 {
			c.Notes = append(c.Notes, fmt.Sprintf("%s: QEMU e2e instructions %.1f, not in the baseline", old.key(), f.QEMU))
		}
	}
	var fresh []string
	for k := range got {
		if !known[k] {
			fresh = append(fresh, fmt.Sprintf("%s: not in the baseline (dynamic %d, static bytes %d)", k, got[k].Dynamic, got[k].StaticBytes))
		}
	}
	sort.Strings(fresh)
	c.Notes = append(c.Notes, fresh...)
	return c
}

func growth(was, is int64) float64 {
	if was == 0 {
		return 0
	}
	return 100 * float64(is-was) / float64(was)
}
