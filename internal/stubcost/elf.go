package stubcost

import (
	"debug/elf"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/arch/x86/x86asm"
)

// exe is an x86 executable (or object with final addresses) read with
// debug/elf: its symbols and code, for the static analysis.
type exe struct {
	f      *elf.File
	mode   int // 32 or 64 (x86asm's decoding mode)
	word   int // bytes of an address (jump table entries)
	syms   []elf.Symbol
	byName map[string]elf.Symbol
	kipLo  uint64 // the KIP section (.l4kip): system call stubs
	kipHi  uint64
}

// openExe reads the executable at path.
func openExe(path string) (*exe, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	e := &exe{f: f, byName: map[string]elf.Symbol{}}
	switch f.Machine {
	case elf.EM_386:
		e.mode, e.word = 32, 4
	case elf.EM_X86_64:
		e.mode, e.word = 64, 8
	default:
		f.Close()
		return nil, fmt.Errorf("%s: machine %v, want x86 (EM_386 or EM_X86_64)", path, f.Machine)
	}
	syms, err := f.Symbols()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	for _, s := range syms {
		if s.Value == 0 || s.Section == elf.SHN_UNDEF {
			continue
		}
		t := elf.ST_TYPE(s.Info)
		if t != elf.STT_FUNC && t != elf.STT_OBJECT && t != elf.STT_NOTYPE {
			continue
		}
		e.syms = append(e.syms, s)
		if _, dup := e.byName[s.Name]; !dup || t == elf.STT_FUNC {
			e.byName[s.Name] = s
		}
	}
	sort.SliceStable(e.syms, func(i, j int) bool { return e.syms[i].Value < e.syms[j].Value })
	if s := f.Section(".l4kip"); s != nil {
		e.kipLo, e.kipHi = s.Addr, s.Addr+s.Size
	}
	return e, nil
}

// Close closes the file.
func (e *exe) Close() error { return e.f.Close() }

// symbolAt returns the name of the symbol that holds addr (the nearest
// below it, of a size covering addr, or of size 0 at addr).
func (e *exe) symbolAt(addr uint64) string {
	i := sort.Search(len(e.syms), func(i int) bool { return e.syms[i].Value > addr }) - 1
	for ; i >= 0; i-- {
		s := e.syms[i]
		if s.Value == addr || addr < s.Value+s.Size {
			return s.Name
		}
		if s.Value < addr && s.Size != 0 {
			break
		}
	}
	return ""
}

// read returns n bytes at virtual address addr.
func (e *exe) read(addr uint64, n int) ([]byte, error) {
	for _, p := range e.f.Progs {
		if p.Type == elf.PT_LOAD && addr >= p.Vaddr && addr+uint64(n) <= p.Vaddr+p.Filesz {
			buf := make([]byte, n)
			if _, err := p.ReadAt(buf, int64(addr-p.Vaddr)); err != nil {
				return nil, err
			}
			return buf, nil
		}
	}
	for _, s := range e.f.Sections {
		if s.Type == elf.SHT_PROGBITS && s.Flags&elf.SHF_ALLOC != 0 && addr >= s.Addr && addr+uint64(n) <= s.Addr+s.Size {
			buf := make([]byte, n)
			if _, err := s.ReadAt(buf, int64(addr-s.Addr)); err != nil {
				return nil, err
			}
			return buf, nil
		}
	}
	return nil, fmt.Errorf("address %#x is not in the file", addr)
}

// readWord returns the address-sized word at addr.
func (e *exe) readWord(addr uint64) (uint64, error) {
	b, err := e.read(addr, e.word)
	if err != nil {
		return 0, err
	}
	if e.word == 4 {
		return uint64(binary.LittleEndian.Uint32(b)), nil
	}
	return binary.LittleEndian.Uint64(b), nil
}

// insn is one decoded instruction of a function.
type insn struct {
	addr   uint64
	n      int // length in bytes
	inst   x86asm.Inst
	succ   []uint64 // successors inside the function
	callee string   // for calls and tail jumps: the function (or slot) called
	ipc    bool     // a call of the Ipc (libl4 slot or KIP stub)
}

// function is the decoded code of one C function: its symbol and the
// split-off parts GCC names <name>.cold, <name>.part.N and so on.
type function struct {
	name  string
	entry uint64
	insns map[uint64]*insn
	// unresolved names indirect jumps whose targets are not known.
	unresolved []uint64
}

// function decodes the function name.
func (e *exe) function(name string) (*function, error) {
	s, ok := e.byName[name]
	if !ok || elf.ST_TYPE(s.Info) != elf.STT_FUNC {
		return nil, fmt.Errorf("no function %s in the executable", name)
	}
	fn := &function{name: name, entry: s.Value, insns: map[uint64]*insn{}}
	type span struct{ lo, hi uint64 }
	var spans []span
	for _, t := range e.syms {
		if elf.ST_TYPE(t.Info) == elf.STT_FUNC && (t.Name == name || strings.HasPrefix(t.Name, name+".")) && t.Size > 0 {
			spans = append(spans, span{t.Value, t.Value + t.Size})
		}
	}
	inside := func(a uint64) bool {
		for _, sp := range spans {
			if a >= sp.lo && a < sp.hi {
				return true
			}
		}
		return false
	}
	for _, sp := range spans {
		code, err := e.read(sp.lo, int(sp.hi-sp.lo))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		for off := 0; off < len(code); {
			in, err := x86asm.Decode(code[off:], e.mode)
			if err != nil {
				return nil, fmt.Errorf("%s+%#x: cannot decode: %v", name, uint64(off)+sp.lo-s.Value, err)
			}
			fn.insns[sp.lo+uint64(off)] = &insn{addr: sp.lo + uint64(off), n: in.Len, inst: in}
			off += in.Len
		}
	}
	for _, in := range fn.insns {
		next := in.addr + uint64(in.n)
		target, direct := e.branchTarget(in)
		switch op := in.inst.Op; {
		case op == x86asm.RET || op == x86asm.LRET || op == x86asm.UD2 || op == x86asm.HLT || op == x86asm.IRET:
		case op == x86asm.CALL:
			in.succ = []uint64{next}
			if direct {
				in.callee = e.symbolAt(target)
				in.ipc = e.isIPC(target, in.callee)
			} else if slot, ok := e.memSlot(in); ok {
				in.callee = e.symbolAt(slot)
				in.ipc = e.isIPC(slot, in.callee)
			}
		case op == x86asm.JMP:
			switch {
			case direct && inside(target):
				in.succ = []uint64{target}
			case direct:
				in.callee = e.symbolAt(target) // a tail call
				in.ipc = e.isIPC(target, in.callee)
			default:
				if slot, ok := e.memSlot(in); ok {
					in.callee = e.symbolAt(slot) // a tail call through a slot
					in.ipc = e.isIPC(slot, in.callee)
				} else if ts := e.jumpTable(in, inside); len(ts) > 0 {
					in.succ = ts
				} else {
					fn.unresolved = append(fn.unresolved, in.addr)
				}
			}
		case isCondJump(op):
			in.succ = []uint64{next}
			if direct && inside(target) {
				in.succ = append(in.succ, target)
			}
		default:
			in.succ = []uint64{next}
		}
		// A successor outside the function (after a call that does not
		// return) is dropped.
		k := 0
		for _, a := range in.succ {
			if _, ok := fn.insns[a]; ok {
				in.succ[k] = a
				k++
			}
		}
		in.succ = in.succ[:k]
	}
	return fn, nil
}

// isIPC tells whether a call to addr (symbol name) enters the Ipc: the
// libl4 slot __L4_Ipc (or __L4_Lipc) or a system call stub of the KIP.
func (e *exe) isIPC(addr uint64, name string) bool {
	if name == "__L4_Ipc" || name == "__L4_Lipc" {
		return true
	}
	return e.kipHi > e.kipLo && addr >= e.kipLo && addr < e.kipHi
}

// branchTarget returns the target of a direct (relative) branch.
func (e *exe) branchTarget(in *insn) (uint64, bool) {
	if r, ok := in.inst.Args[0].(x86asm.Rel); ok {
		return uint64(int64(in.addr) + int64(in.n) + int64(r)), true
	}
	return 0, false
}

// memSlot returns the address of the memory word an indirect call or
// jump reads its target from, when it is a fixed address (absolute, or
// RIP-relative).
func (e *exe) memSlot(in *insn) (uint64, bool) {
	m, ok := in.inst.Args[0].(x86asm.Mem)
	if !ok || m.Index != 0 {
		return 0, false
	}
	switch m.Base {
	case 0:
		return uint64(m.Disp) & e.mask(), true
	case x86asm.RIP:
		return uint64(int64(in.addr) + int64(in.n) + m.Disp), true
	}
	return 0, false
}

func (e *exe) mask() uint64 {
	if e.word == 4 {
		return 0xffffffff
	}
	return ^uint64(0)
}

// jumpTable resolves `jmp *TABLE(,%reg,word)` (non-PIC switch tables of
// absolute addresses): the entries from TABLE on, as long as they point
// into the function.
func (e *exe) jumpTable(in *insn, inside func(uint64) bool) []uint64 {
	m, ok := in.inst.Args[0].(x86asm.Mem)
	if !ok || m.Base != 0 || m.Index == 0 || int(m.Scale) != e.word {
		return nil
	}
	table := uint64(m.Disp) & e.mask()
	seen := map[uint64]bool{}
	var out []uint64
	for i := 0; i < 4096; i++ {
		t, err := e.readWord(table + uint64(i*e.word))
		if err != nil || !inside(t) {
			break
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func isCondJump(op x86asm.Op) bool {
	switch op {
	case x86asm.JA, x86asm.JAE, x86asm.JB, x86asm.JBE, x86asm.JCXZ, x86asm.JE, x86asm.JECXZ,
		x86asm.JG, x86asm.JGE, x86asm.JL, x86asm.JLE, x86asm.JNE, x86asm.JNO, x86asm.JNP,
		x86asm.JNS, x86asm.JO, x86asm.JP, x86asm.JRCXZ, x86asm.JS, x86asm.LOOP, x86asm.LOOPE, x86asm.LOOPNE:
		return true
	}
	return false
}
