package stubcost

import (
	"container/heap"
	"fmt"
	"sort"
	"strings"
)

// staticAnalyzer measures the compiled stubs of one executable.
type staticAnalyzer struct {
	e       *exe
	fns     map[string]*function
	helpers map[string]*helperCost
	// splitting holds the helpers being split (recursion guard).
	splitting map[string]bool
}

// helperCost is what a called stub helper (a support-header function
// GCC did not inline) adds: all its code, and its shortest path from
// entry to return.
type helperCost struct {
	insns, bytes, ipcs int
	pathInsns          int
	pathBytes          int
	busy               bool
}

func newStaticAnalyzer(e *exe) *staticAnalyzer {
	return &staticAnalyzer{e: e, fns: map[string]*function{}, helpers: map[string]*helperCost{}, splitting: map[string]bool{}}
}

func (a *staticAnalyzer) function(name string) (*function, error) {
	if fn, ok := a.fns[name]; ok {
		return fn, nil
	}
	fn, err := a.e.function(name)
	if err != nil {
		return nil, err
	}
	a.fns[name] = fn
	return fn, nil
}

// isHelper tells whether callee is stub code that must be counted with
// its caller: the (not inlined) client stub or server loop itself, or a
// support-header helper (l4idl_*).
func isHelper(callee string, own ...string) bool {
	callee = baseName(callee)
	for _, o := range own {
		if callee == o {
			return true
		}
	}
	return calleeClass(callee) == calleeGenerated
}

// helper returns the cost of the helper function name.
func (a *staticAnalyzer) helper(name string) (*helperCost, error) {
	if h, ok := a.helpers[name]; ok {
		if h.busy {
			return nil, fmt.Errorf("%s is recursive", name)
		}
		return h, nil
	}
	h := &helperCost{busy: true}
	a.helpers[name] = h
	fn, err := a.function(name)
	if err != nil {
		return nil, err
	}
	for _, addr := range fn.reach([]uint64{fn.entry}, nil) {
		in := fn.insns[addr]
		h.insns++
		h.bytes += in.n
		if in.ipc {
			h.ipcs++
		}
		if in.callee != "" && isHelper(in.callee, name) && in.callee != name {
			c, err := a.helper(in.callee)
			if err != nil {
				return nil, err
			}
			h.insns += c.insns
			h.bytes += c.bytes
			h.ipcs += c.ipcs
		}
	}
	ret := func(in *insn) bool { return len(in.succ) == 0 }
	p, ok, err := a.shortest(fn, []uint64{fn.entry}, ret, nil, nil, name)
	if err != nil {
		return nil, err
	}
	if ok {
		h.pathInsns, h.pathBytes = p.insns, p.bytes
	}
	h.busy = false
	return h, nil
}

// client fills in the client figures of s from the wrapper (bench_cK)
// and, if GCC did not inline it, the stub cfunc it calls.
func (a *staticAnalyzer) client(wrapper, cfunc string, s *Static) error {
	fn, err := a.function(wrapper)
	if err != nil {
		return err
	}
	sp, err := a.split(fn, cfunc)
	if err != nil {
		return err
	}
	s.BeforeInsns, s.BeforeBytes = sp.before.insns, sp.before.bytes
	s.AfterInsns, s.AfterBytes = sp.after.insns, sp.after.bytes
	s.IPCSites = sp.ipcs
	s.ClientInsns = s.BeforeInsns + s.AfterInsns
	s.ClientBytes = s.BeforeBytes + s.AfterBytes
	if s.IPCSites == 0 {
		return fmt.Errorf("%s: no Ipc call found (a call of __L4_Ipc or into the KIP)", wrapper)
	}
	return nil
}

// codeSplit is the code of a function with the stub helpers it calls,
// split at the Ipc: before holds what is reachable from the entry
// without passing an Ipc call (the call included), after the rest.
type codeSplit struct {
	before, after pathCost
	ipcs          int
}

// split splits the code of fn and of the stub helpers it calls (own
// names more functions to count with it: the stub if not inlined). A
// call of a helper that contains an Ipc counts like the Ipc: the
// helper's own before part with the call site's, its after part after.
func (a *staticAnalyzer) split(fn *function, own ...string) (codeSplit, error) {
	var sp codeSplit
	if len(fn.unresolved) > 0 {
		return sp, fmt.Errorf("%s: indirect jump at %#x with unknown targets", fn.name, fn.unresolved[0])
	}
	sub := map[uint64]codeSplit{} // call sites of helpers
	for _, addr := range fn.reach([]uint64{fn.entry}, nil) {
		in := fn.insns[addr]
		if in.callee != "" && !in.ipc && baseName(in.callee) != baseName(fn.name) && isHelper(in.callee, own...) {
			hfn, err := a.function(in.callee)
			if err != nil {
				return sp, err
			}
			if a.splitting[hfn.name] {
				return sp, fmt.Errorf("%s is recursive", hfn.name)
			}
			a.splitting[hfn.name] = true
			h, err := a.split(hfn, own...)
			delete(a.splitting, hfn.name)
			if err != nil {
				return sp, err
			}
			sub[addr] = h
		}
	}
	ipcLike := func(in *insn) bool { return in.ipc || sub[in.addr].ipcs > 0 }
	before := map[uint64]bool{}
	for _, addr := range fn.reach([]uint64{fn.entry}, ipcLike) {
		before[addr] = true
	}
	for _, addr := range fn.reach([]uint64{fn.entry}, nil) {
		in := fn.insns[addr]
		self := pathCost{1, in.n}
		if in.ipc {
			sp.ipcs++
		}
		h, isCall := sub[addr]
		switch {
		case !before[addr]:
			sp.after = sp.after.add(self).add(h.before).add(h.after)
		case isCall && h.ipcs > 0:
			sp.before = sp.before.add(self).add(h.before)
			sp.after = sp.after.add(h.after)
		default:
			sp.before = sp.before.add(self).add(h.before).add(h.after)
		}
		sp.ipcs += h.ipcs
	}
	return sp, nil
}

// serverCode is the analysed server loop of one interface.
type serverCode struct {
	fn           *function
	insns, bytes int
	err          error
}

// server analyses the server loop of one interface: bench_s_<loop>, or
// the loop function itself if GCC did not inline it there.
func (a *staticAnalyzer) server(loop string) *serverCode {
	sc := &serverCode{}
	fn, err := a.function("bench_s_" + loop)
	if err != nil {
		sc.err = err
		return sc
	}
	for _, addr := range fn.reach([]uint64{fn.entry}, nil) {
		if in := fn.insns[addr]; baseName(in.callee) == loop {
			// Not inlined (or a clone: <loop>.constprop.0).
			if fn, err = a.function(in.callee); err != nil {
				sc.err = err
				return sc
			}
			break
		}
	}
	sc.fn = fn
	if len(fn.unresolved) > 0 {
		sc.err = fmt.Errorf("%s: indirect jump at %#x with unknown targets", fn.name, fn.unresolved[0])
		return sc
	}
	for _, addr := range fn.reach([]uint64{fn.entry}, nil) {
		in := fn.insns[addr]
		sc.insns++
		sc.bytes += in.n
		if in.callee != "" && !in.ipc && isHelper(in.callee) {
			h, err := a.helper(in.callee)
			if err != nil {
				sc.err = err
				return sc
			}
			sc.insns += h.insns
			sc.bytes += h.bytes
		}
	}
	return sc
}

// serverPath fills in the server figures of s for the operation whose
// implementation is impl: the path from an Ipc return to the call of
// impl, and from its return to the next Ipc call. With executed (the
// instructions a measured round trip of the operation ran) the paths
// are the shortest through executed instructions: the path of the
// successful request and reply, counted statically. Without it they are
// the shortest in the whole loop, which can be an error reply that is
// shorter than the reply.
func (a *staticAnalyzer) serverPath(sc *serverCode, impl string, executed map[uint64]bool, s *Static) {
	if sc.err != nil {
		s.ServerNote = sc.err.Error()
		return
	}
	s.ServerLoopInsns, s.ServerLoopBytes = sc.insns, sc.bytes
	fn := sc.fn
	var afterIPC, calls, afterCall []uint64
	for _, addr := range fn.reach([]uint64{fn.entry}, nil) {
		in := fn.insns[addr]
		if in.ipc && len(in.succ) > 0 {
			afterIPC = append(afterIPC, in.succ...)
		}
		if baseName(in.callee) == impl {
			calls = append(calls, addr)
			afterCall = append(afterCall, in.succ...)
		}
	}
	if len(calls) == 0 {
		s.ServerNote = fmt.Sprintf("no direct call of %s in %s", impl, fn.name)
		return
	}
	s.ServerPathMethod = "shortest"
	var allowed func(*insn) bool
	if executed != nil {
		s.ServerPathMethod = "traced"
		allowed = func(in *insn) bool { return executed[in.addr] }
	}
	isImpl := func(in *insn) bool { return baseName(in.callee) == impl }
	isIPC := func(in *insn) bool { return in.ipc }
	// The paths neither pass an Ipc nor another operation's
	// implementation.
	stop := func(in *insn) bool { return in.ipc || strings.HasSuffix(baseName(in.callee), "_implementation") }
	to, ok1, err := a.shortest(fn, afterIPC, isImpl, stop, allowed, fn.name)
	if err != nil {
		s.ServerNote = err.Error()
		return
	}
	from, ok2, err := a.shortest(fn, afterCall, isIPC, stop, allowed, fn.name)
	if err != nil {
		s.ServerNote = err.Error()
		return
	}
	if !ok1 || !ok2 {
		s.ServerNote = fmt.Sprintf("no %s path from an Ipc through %s back to an Ipc in %s", s.ServerPathMethod, impl, fn.name)
		s.ServerPathMethod = ""
		return
	}
	s.ServerToImpl, s.ServerFromImpl = to.insns, from.insns
	s.ServerInsns = to.insns + from.insns
	s.ServerBytes = to.bytes + from.bytes
}

// weight is what an instruction counts on a path: itself, and for a
// call of a stub helper the helper's shortest path.
func (a *staticAnalyzer) weight(in *insn, self string) (pathCost, error) {
	w := pathCost{1, in.n}
	if in.callee != "" && !in.ipc && in.callee != self && isHelper(in.callee) {
		h, err := a.helper(in.callee)
		if err != nil {
			return w, err
		}
		w.insns += h.pathInsns
		w.bytes += h.pathBytes
	}
	return w, nil
}

// baseName is a function's C name without the suffix GCC gives its
// clones and parts (".constprop.0", ".isra.0", ".part.0", ".cold").
func baseName(sym string) string {
	name, _, _ := strings.Cut(sym, ".")
	return name
}

// pathCost is the length of a path in instructions and bytes.
type pathCost struct{ insns, bytes int }

func (p pathCost) add(q pathCost) pathCost { return pathCost{p.insns + q.insns, p.bytes + q.bytes} }

// shortest returns the path with the fewest instructions from one of
// starts to an instruction for which goal holds (both ends included),
// not going on from instructions for which stop holds, and only through
// instructions for which allowed (if not nil) holds. A call of a stub
// helper weighs as its own shortest path plus one.
func (a *staticAnalyzer) shortest(fn *function, starts []uint64, goal, stop, allowed func(*insn) bool, self string) (pathCost, bool, error) {
	weight := func(in *insn) (pathCost, error) { return a.weight(in, self) }
	dist := map[uint64]pathCost{}
	q := &pathQueue{}
	for _, s := range starts {
		in := fn.insns[s]
		if in == nil || (allowed != nil && !allowed(in)) {
			continue
		}
		w, err := weight(in)
		if err != nil {
			return pathCost{}, false, err
		}
		if d, ok := dist[s]; !ok || w.insns < d.insns {
			dist[s] = w
			heap.Push(q, pathItem{s, w})
		}
	}
	done := map[uint64]bool{}
	for q.Len() > 0 {
		it := heap.Pop(q).(pathItem)
		if done[it.addr] {
			continue
		}
		done[it.addr] = true
		in := fn.insns[it.addr]
		if goal(in) {
			return it.cost, true, nil
		}
		if stop != nil && stop(in) {
			continue
		}
		for _, nx := range in.succ {
			nin := fn.insns[nx]
			if allowed != nil && !allowed(nin) {
				continue
			}
			w, err := weight(nin)
			if err != nil {
				return pathCost{}, false, err
			}
			c := pathCost{it.cost.insns + w.insns, it.cost.bytes + w.bytes}
			if d, ok := dist[nx]; !ok || c.insns < d.insns {
				dist[nx] = c
				heap.Push(q, pathItem{nx, c})
			}
		}
	}
	return pathCost{}, false, nil
}

type pathItem struct {
	addr uint64
	cost pathCost
}

// pathQueue is a min-heap of path ends by instructions (then address,
// so that results do not depend on map order).
type pathQueue []pathItem

// Len, Less, Swap, Push and Pop implement heap.Interface.
func (q pathQueue) Len() int { return len(q) }
func (q pathQueue) Less(i, j int) bool {
	if q[i].cost.insns != q[j].cost.insns {
		return q[i].cost.insns < q[j].cost.insns
	}
	return q[i].addr < q[j].addr
}
func (q pathQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *pathQueue) Push(x any)   { *q = append(*q, x.(pathItem)) }
func (q *pathQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// reach returns, in address order, the instructions reachable from
// starts; instructions for which stop holds are included but not gone
// on from.
func (fn *function) reach(starts []uint64, stop func(*insn) bool) []uint64 {
	seen := map[uint64]bool{}
	work := append([]uint64(nil), starts...)
	for len(work) > 0 {
		a := work[len(work)-1]
		work = work[:len(work)-1]
		in := fn.insns[a]
		if in == nil || seen[a] {
			continue
		}
		seen[a] = true
		if stop != nil && stop(in) {
			continue
		}
		work = append(work, in.succ...)
	}
	out := make([]uint64, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
