package stubcost

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/l4idl/l4idl/ir"
)

// dynResult is the dynamic outcome of one operation: figures or why not.
type dynResult struct {
	fig *Dynamic
	why string
	// executed holds the addresses of the instructions the measured
	// round trips ran (the first profile's).
	executed map[uint64]bool
}

// runDynamic runs a measuring program under callgrind (cmd writes its
// profiles to prof.N) and returns the figures of its operations.
func runDynamic(cmd *exec.Cmd, prof string, ops []*opRun, rounds int) (map[int]dynResult, error) {
	var out bytes.Buffer
	for try := 1; ; try++ {
		out.Reset()
		c := exec.Command(cmd.Path, cmd.Args[1:]...)
		if cmd.Env != nil {
			// valgrind's x86 tool under qemu-i386: a small, fixed
			// environment. With some stack layouts (they depend on the
			// size of the environment) valgrind stops with an internal
			// error ("the 'impossible' happened"); another padding of
			// the environment moves the stack. The figures do not
			// depend on it.
			for _, e := range cmd.Env {
				if strings.HasPrefix(e, "VALGRIND_") {
					c.Env = append(c.Env, e)
				}
			}
			c.Env = append(c.Env, "L4IDL_COST_PAD="+strings.Repeat("x", 40*(try-1)))
		}
		c.Stdout, c.Stderr = &out, &out
		err := c.Run()
		if err == nil {
			break
		}
		if try < 5 && strings.Contains(out.String(), "the 'impossible' happened") {
			continue
		}
		return nil, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.String())
	}
	status := map[int]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && (f[0] == "OK" || f[0] == "SKIP" || f[0] == "FAIL") {
			k, _ := strconv.Atoi(f[1])
			status[k] = line
		}
	}
	profile := func(i int) (*cgProfile, error) {
		name := fmt.Sprintf("%s.%d", prof, i)
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		p, err := parseCallgrind(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if !strings.Contains(p.trigger, "cost_dump") {
			return nil, fmt.Errorf("%s: dumped by %q, not by cost_dump", name, p.trigger)
		}
		return p, nil
	}
	// Dump i (from 1) is the i-th call of cost_dump: operations that have
	// a run function make two each, in order.
	res := map[int]dynResult{}
	dump := 0
	for _, o := range ops {
		if o.skip != "" {
			res[o.k] = dynResult{why: o.skip}
			continue
		}
		var figs [2]*Dynamic
		var firstProf *cgProfile
		for i := range figs {
			dump++
			p, err := profile(dump)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				firstProf = p
			}
			if figs[i], err = o.figures(p); err != nil {
				return nil, fmt.Errorf("%s: %v", o.name, err)
			}
		}
		st := status[o.k]
		if !strings.HasPrefix(st, "OK") {
			if st == "" {
				st = "no result"
			}
			res[o.k] = dynResult{why: "the call failed: " + st}
			continue
		}
		f, err := perRound(figs[0], figs[1], int64(rounds))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", o.name, err)
		}
		if f.Client == 0 || (f.Server == 0 && o.op.KernelMsg == ir.KernelNone) {
			return nil, fmt.Errorf("%s: no instructions counted (client %d, server %d)", o.name, f.Client, f.Server)
		}
		executed := map[uint64]bool{}
		for a, n := range firstProf.instr {
			if n > 0 {
				executed[a] = true
			}
		}
		res[o.k] = dynResult{fig: f, executed: executed}
	}
	return res, nil
}

// perRound turns the counts of rounds and 2*rounds round trips into the
// figures of one; every round trip must cost the same.
func perRound(a, b *Dynamic, rounds int64) (*Dynamic, error) {
	if 2*a.Client != b.Client || 2*a.Server != b.Server || 2*a.Library != b.Library ||
		a.Client%rounds != 0 || a.Server%rounds != 0 || a.Library%rounds != 0 {
		return nil, fmt.Errorf("the cost of a round trip is not constant: %d rounds %+v, %d rounds %+v",
			rounds, *a, 2*rounds, *b)
	}
	f := &Dynamic{Client: a.Client / rounds, Server: a.Server / rounds, Library: a.Library / rounds}
	f.Total = f.Client + f.Server
	if len(a.LibraryCalls) > 0 {
		f.LibraryCalls = map[string]int64{}
		for fn, n := range a.LibraryCalls {
			f.LibraryCalls[fn] = n / rounds
		}
	}
	return f, nil
}

// figures sums a profile into the costs of operation o: the self cost of
// the client wrapper (the inlined stub) and of the server loop, plus
// what non-inlined helpers of the generated code execute; library
// functions they call are counted apart; the Ipc (the KIP stub, the
// emulator) and the implementation are not counted.
func (o *opRun) figures(p *cgProfile) (*Dynamic, error) {
	client := map[string]bool{fmt.Sprintf("bench_c%d", o.k): true, o.cfunc: true}
	server := map[string]bool{"bench_s_" + o.server: true, o.server: true}
	f := &Dynamic{LibraryCalls: map[string]int64{}}
	add := func(fns map[string]bool, dst *int64) error {
		for fn := range fns {
			*dst += p.self[fn]
		}
		for e, n := range p.calls {
			if !fns[e.from] || fns[e.to] {
				continue
			}
			switch calleeClass(e.to) {
			case calleeGenerated:
				// Counted with its inclusive cost: it must not reach
				// the Ipc or the implementation.
				for e2 := range p.calls {
					if e2.from == e.to && e2.to != e.to && calleeClass(e2.to) != calleeGenerated && calleeClass(e2.to) != calleeLibrary {
						return fmt.Errorf("stub helper %s calls %s: its cost cannot be told apart", e.to, e2.to)
					}
				}
				*dst += n
			case calleeLibrary:
				f.Library += n
				f.LibraryCalls[e.to] += n
			case calleeExcluded:
			default:
				return fmt.Errorf("%s calls %s (%d instructions): neither generated code, a library function, the Ipc nor the implementation", e.from, e.to, n)
			}
		}
		return nil
	}
	if err := add(client, &f.Client); err != nil {
		return nil, err
	}
	if err := add(server, &f.Server); err != nil {
		return nil, err
	}
	if len(f.LibraryCalls) == 0 {
		f.LibraryCalls = nil
	}
	return f, nil
}

// Classes of functions that stub code calls.
const (
	calleeUnknown   = iota
	calleeGenerated // a support-header helper that was not inlined: counted
	calleeLibrary   // memcpy, strlen, CORBA_alloc: counted apart
	calleeExcluded  // the Ipc (libl4 slot, KIP stub, emulator) or the implementation
)

// calleeClass classifies a function that stub code calls.
func calleeClass(fn string) int {
	switch {
	case strings.HasPrefix(fn, "l4idl_"):
		return calleeGenerated
	case fn == "memcpy" || fn == "memmove" || fn == "memset" || fn == "memcmp" || fn == "strlen" ||
		fn == "CORBA_alloc" || fn == "CORBA_free":
		return calleeLibrary
	case strings.HasPrefix(fn, "__L4_") || strings.HasPrefix(fn, "hosted_") || strings.HasSuffix(fn, "_implementation"):
		return calleeExcluded
	}
	return calleeUnknown
}
