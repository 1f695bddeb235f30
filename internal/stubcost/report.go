package stubcost

import (
	"encoding/json"
	"fmt"
)

// Schema names the JSON form of a Report.
const Schema = "l4idl-cost/1"

// A Report holds the cost of every measured operation, per target and
// variant. Its JSON form (schema "l4idl-cost/1") is documented in
// bench/README.md.
type Report struct {
	Schema   string `json:"schema"`   // Schema
	Compiler string `json:"compiler"` // first line of gcc --version
	Valgrind string `json:"valgrind"` // valgrind --version
	Opt      string `json:"opt"`      // optimisation flag (-O2)
	Flags    string `json:"flags"`    // all compiler flags of the stubs
	Rounds   int    `json:"rounds"`   // round trips per dynamic measurement
	// QEMU is qemu-system-i386 --version when the QEMU e2e figures were
	// measured (Config.QEMU), else empty.
	QEMU     string   `json:"qemu,omitempty"`
	Targets  []string `json:"targets"`
	Variants []string `json:"variants"` // in column order
	Ops      []*Op    `json:"ops"`
}

// Op is one operation of one IDL file.
type Op struct {
	File   string `json:"file"` // IDL file, relative to the repository when inside it
	Op     string `json:"op"`   // interface.operation
	Anchor string `json:"anchor,omitempty"`
	Oneway bool   `json:"oneway,omitempty"`
	// Arch holds the costs per target ("ia32", "amd64").
	Arch map[string]*OpArch `json:"arch"`
}

// OpArch is one operation on one target: its cost per variant, the
// reason why a variant was not measured, and the ratios of the dynamic
// counts (0 when a figure is missing).
type OpArch struct {
	Variants    map[string]*Cost  `json:"variants"`
	NotMeasured map[string]string `json:"not_measured,omitempty"` // variant -> reason
	// RatioHandopt is l4idl / hand-optimal (target <= 1.10),
	// RatioPortable l4idl / portable (target <= 0.33), both of the
	// dynamic totals.
	RatioHandopt  float64 `json:"ratio_handopt,omitempty"`
	RatioPortable float64 `json:"ratio_portable,omitempty"`
	// QEMU holds the QEMU e2e figures per variant (ia32, Config.QEMU),
	// QEMUNotMeasured why a variant has none.
	QEMU            map[string]*QEMUFigure `json:"qemu,omitempty"`
	QEMUNotMeasured map[string]string      `json:"qemu_not_measured,omitempty"`
}

// Cost is what one variant's stubs of one operation cost on one target.
type Cost struct {
	Dynamic *Dynamic `json:"dynamic,omitempty"`
	Static  *Static  `json:"static,omitempty"`
}

// Dynamic holds instructions executed per round trip (callgrind).
type Dynamic struct {
	Client int64 `json:"client"` // client wrapper and stub, before and after the Ipc
	Server int64 `json:"server"` // server loop, from the Ipc return to the next Ipc
	Total  int64 `json:"total"`  // Client + Server
	// Library is what library functions called by the stubs (strlen,
	// memcpy, CORBA_alloc, ...) execute; not part of Total.
	Library      int64            `json:"library"`
	LibraryCalls map[string]int64 `json:"library_calls,omitempty"`
}

// Static holds figures read from the compiled code.
type Static struct {
	// ClientInsns and ClientBytes are the instructions of the client
	// wrapper (with the stub inlined into it, and any stub helpers it
	// calls) that can execute: reachable from its entry, alignment
	// padding left out. Before* are those reachable from the entry
	// without passing an Ipc call (the Ipc call itself included),
	// After* the rest.
	ClientInsns int `json:"client_insns"`
	ClientBytes int `json:"client_bytes"`
	BeforeInsns int `json:"before_ipc_insns"`
	BeforeBytes int `json:"before_ipc_bytes"`
	AfterInsns  int `json:"after_ipc_insns"`
	AfterBytes  int `json:"after_ipc_bytes"`
	IPCSites    int `json:"ipc_sites"` // Ipc calls in the client code
	// ServerInsns is the server's path length for this operation: the
	// fewest instructions from the return of an Ipc to the call of the
	// implementation (ServerToImpl) plus from its return to the next Ipc
	// call (ServerFromImpl); ServerBytes their bytes.
	ServerInsns    int `json:"server_path_insns"`
	ServerBytes    int `json:"server_path_bytes"`
	ServerToImpl   int `json:"server_to_impl_insns"`
	ServerFromImpl int `json:"server_from_impl_insns"`
	// ServerLoopInsns and ServerLoopBytes are the whole server loop of
	// the interface (all operations, error paths).
	ServerLoopInsns int `json:"server_loop_insns"`
	ServerLoopBytes int `json:"server_loop_bytes"`
	// ServerPathMethod says how the server path was found: "traced"
	// (the shortest path through the instructions the measured round
	// trips executed: the successful request and reply) or "shortest"
	// (no dynamic run: the shortest path in the loop).
	ServerPathMethod string `json:"server_path_method,omitempty"`
	// ServerNote says why the server path is missing (0), if it is.
	ServerNote string `json:"server_note,omitempty"`
}

// Bytes is the static size the baseline holds a variant to: the client
// code plus the server path.
func (s *Static) Bytes() int { return s.ClientBytes + s.ServerBytes }

// JSON returns the report as indented JSON.
func (r *Report) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// ReadReport parses a report's JSON form.
func ReadReport(data []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	if r.Schema != Schema {
		return nil, fmt.Errorf("schema %q, want %q", r.Schema, Schema)
	}
	return &r, nil
}

// cost returns the figures of variant v for op on target arch, or nil.
func (o *Op) cost(arch, v string) *Cost {
	a := o.Arch[arch]
	if a == nil {
		return nil
	}
	return a.Variants[v]
}

// total returns the dynamic total of variant v, or 0.
func (o *Op) total(arch, v string) int64 {
	if c := o.cost(arch, v); c != nil && c.Dynamic != nil {
		return c.Dynamic.Total
	}
	return 0
}

// ratio returns l4idl's dynamic total over variant v's on target arch,
// or 0 when either is missing.
func (o *Op) ratio(arch, v string) float64 {
	l, d := o.total(arch, L4IDL), o.total(arch, v)
	if l == 0 || d == 0 {
		return 0
	}
	return float64(l) / float64(d)
}

// ratios fills in the ratios of every target.
func (o *Op) ratios() {
	for arch, a := range o.Arch {
		a.RatioHandopt = o.ratio(arch, Handopt)
		a.RatioPortable = o.ratio(arch, Portable)
	}
}
