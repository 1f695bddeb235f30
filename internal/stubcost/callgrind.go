package stubcost

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// A callgrind profile reduced to what the stub-cost benchmark needs: the
// self cost of every function and the inclusive cost of every call edge,
// in instructions (the Ir event).
type cgProfile struct {
	trigger string            // "desc: Trigger:" of the dump
	self    map[string]int64  // function -> instructions executed in it
	calls   map[cgEdge]int64  // caller, callee -> inclusive instructions
	count   map[cgEdge]int64  // caller, callee -> number of calls
	names   map[string]string // compressed id -> name
	// instr holds the self cost per instruction address, when the
	// profile has instruction positions (--dump-instr=yes).
	instr map[uint64]int64
}

type cgEdge struct{ from, to string }

// cgFuncName folds the names callgrind gives one function's code: the
// recursion suffix ("f'2") and GCC's split-off parts ("f.cold",
// "f.part.0").
func cgFuncName(name string) string {
	if i := strings.IndexByte(name, '\''); i > 0 {
		name = name[:i]
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	return name
}

var cgNameRE = regexp.MustCompile(`^\((\d+)\)(?: (.*))?$`)

// parseCallgrind reads a callgrind output file (format version 1, Ir
// the first event, positions "line" or "instr line"), as written with
// the default options or with --dump-instr=yes.
func parseCallgrind(r io.Reader) (*cgProfile, error) {
	p := &cgProfile{self: map[string]int64{}, calls: map[cgEdge]int64{}, count: map[cgEdge]int64{}, names: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	name := func(v string) (string, error) {
		m := cgNameRE.FindStringSubmatch(v)
		if m == nil {
			return v, nil // uncompressed
		}
		if m[2] != "" {
			p.names[m[1]] = m[2]
			return m[2], nil
		}
		n, ok := p.names[m[1]]
		if !ok {
			return "", fmt.Errorf("callgrind: name id (%s) used before its definition", m[1])
		}
		return n, nil
	}
	var fn, cfn string
	var pendingCall int64 = -1 // the next cost line is a call's inclusive cost
	events, positions := 0, 1
	instrPos := false // the first position is an instruction address
	var addr uint64   // the last instruction address
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || s[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(s, "="); ok && !strings.ContainsAny(k, " +-*") {
			var err error
			switch k {
			case "fn":
				if fn, err = name(v); err != nil {
					return nil, err
				}
				fn = cgFuncName(fn)
			case "cfn":
				if cfn, err = name(v); err != nil {
					return nil, err
				}
				cfn = cgFuncName(cfn)
			case "calls":
				n, err := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
				if err != nil {
					return nil, fmt.Errorf("callgrind line %d: %q", line, s)
				}
				pendingCall = n
			case "ob", "fl", "fi", "fe", "cob", "cfi", "cfl":
				if _, err := name(v); err != nil {
					return nil, err
				}
			case "jump", "jcnd":
				return nil, fmt.Errorf("callgrind line %d: jump records are not supported (run without --collect-jumps)", line)
			}
			continue
		}
		if k, v, ok := strings.Cut(s, ":"); ok && !strings.ContainsAny(k, " +-*") {
			switch k {
			case "positions":
				positions = len(strings.Fields(v))
				instrPos = positions > 0 && strings.Fields(v)[0] == "instr"
			case "events":
				events = len(strings.Fields(v))
				if events < 1 || strings.Fields(v)[0] != "Ir" {
					return nil, fmt.Errorf("callgrind: events %q, want Ir first", v)
				}
			case "desc":
				if t, ok := strings.CutPrefix(strings.TrimSpace(v), "Trigger:"); ok {
					p.trigger = strings.TrimSpace(t)
				}
			}
			continue
		}
		// A cost line: position(s) then the events; Ir is the first event.
		// Trailing events that are zero may be left out.
		f := strings.Fields(s)
		if len(f) < positions || events == 0 {
			return nil, fmt.Errorf("callgrind line %d: unexpected %q", line, s)
		}
		var ir int64
		if len(f) > positions {
			var err error
			if ir, err = strconv.ParseInt(f[positions], 10, 64); err != nil {
				return nil, fmt.Errorf("callgrind line %d: %q: %v", line, s, err)
			}
		}
		if instrPos {
			a, err := cgAddress(f[0], addr)
			if err != nil {
				return nil, fmt.Errorf("callgrind line %d: %q: %v", line, s, err)
			}
			addr = a
		}
		if pendingCall >= 0 {
			e := cgEdge{fn, cfn}
			p.calls[e] += ir
			p.count[e] += pendingCall
			pendingCall = -1
			continue
		}
		p.self[fn] += ir
		if instrPos {
			if p.instr == nil {
				p.instr = map[uint64]int64{}
			}
			p.instr[addr] += ir
		}
	}
	return p, sc.Err()
}

// cgAddress reads an instruction position: absolute ("0x8048000"),
// relative to the last one ("+3", "-2") or the same ("*").
func cgAddress(f string, last uint64) (uint64, error) {
	switch {
	case f == "*":
		return last, nil
	case strings.HasPrefix(f, "+"):
		n, err := strconv.ParseUint(f[1:], 0, 64)
		return last + n, err
	case strings.HasPrefix(f, "-"):
		n, err := strconv.ParseUint(f[1:], 0, 64)
		return last - n, err
	}
	return strconv.ParseUint(f, 0, 64)
}
