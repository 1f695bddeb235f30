package ir

import (
	"strings"
	"testing"
)

// anchorProgram is the running example of docs/message-layout.md.
func anchorProgram() *Program {
	point := structT("point", field("x", tLong), field("y", tLong), field("z", tLong))
	lenP := in("len", tLong)
	buf := in("buf", seqT(tChar, 0))
	buf.LengthIs = lenP
	buf.Pointers = 1
	return prog(iface("calc", 5,
		op("add", tLong, in("a", tLong), in("b", tLong)),
		op("b", nil, in("a1", tLong), in("a2", tLong), in("a3", tLong), in("a4", tLong), in("a5", tLong), in("a6", tLong),
			out("o1", tLong), out("o2", tLong)),
		op("c", nil, in("data", seqT(tOctet, 1024))),
		op("c2", nil, lenP, buf),
		op("d", nil, in("addr", tLong), out("page", tFpage)),
		oneway(op("e", nil, in("x", tLong))),
		op("f", nil, in("p", point)),
		op("g", nil, in("s", stringT(0))),
	))
}

// TestAnchorOps pins the layout of the anchor operations on every ABI.
func TestAnchorOps(t *testing.T) {
	type want struct{ req, rep string }
	cases := map[string]map[string]want{
		"ia32": {
			"add": {"u=2 t=0 regs=1 | a@1:0/32 b@2:0/32", "u=1 t=0 regs=2 | return@1:0/32:ebx"},
			"b": {"u=6 t=0 regs=1 | a1@1:0/32 a2@2:0/32 a3@3:0/32 a4@4:0/32 a5@5:0/32 a6@6:0/32",
				"u=2 t=0 regs=3 | o1@1:0/32:ebx o2@2:0/32:ebp"},
			"c":  {"u=0 t=2 regs=1 | | string data@+0=MR1 1024B", "u=0 t=0 regs=1 |"},
			"c2": {"u=1 t=2 regs=1 | len@1:0/32 | string buf@+0=MR2 0B count=len", "u=0 t=0 regs=1 |"},
			"d":  {"u=1 t=0 regs=1 | addr@1:0/32", "u=0 t=2 regs=3 | | map page@+0=MR1"},
			"e":  {"u=1 t=0 regs=1 | x@1:0/32", "none"},
			"f":  {"u=3 t=0 regs=1 | p.x@1:0/32 p.y@2:0/32 p.z@3:0/32", "u=0 t=0 regs=1 |"},
			"g":  {"u=0 t=2 regs=1 | | string s@+0=MR1 0B+nul", "u=0 t=0 regs=1 |"},
		},
		"amd64": {
			"add": {"u=2 t=0 regs=3 | a@1:0/32:rax b@2:0/32:rbx", "u=1 t=0 regs=2 | return@1:0/32:rax"},
			"b": {"u=6 t=0 regs=7 | a1@1:0/32:rax a2@2:0/32:rbx a3@3:0/32:r10 a4@4:0/32:r12 a5@5:0/32:r13 a6@6:0/32:r14",
				"u=2 t=0 regs=3 | o1@1:0/32:rax o2@2:0/32:rbx"},
			"c":  {"u=0 t=2 regs=3 | | string data@+0=MR1 1024B", "u=0 t=0 regs=1 |"},
			"c2": {"u=1 t=2 regs=4 | len@1:0/32:rax | string buf@+0=MR2 0B count=len", "u=0 t=0 regs=1 |"},
			"d":  {"u=1 t=0 regs=2 | addr@1:0/32:rax", "u=0 t=2 regs=3 | | map page@+0=MR1"},
			"e":  {"u=1 t=0 regs=2 | x@1:0/32:rax", "none"},
			"f":  {"u=3 t=0 regs=4 | p.x@1:0/32:rax p.y@2:0/32:rbx p.z@3:0/32:r10", "u=0 t=0 regs=1 |"},
			"g":  {"u=0 t=2 regs=3 | | string s@+0=MR1 0B+nul", "u=0 t=0 regs=1 |"},
		},
		"arm": {
			"add": {"u=2 t=0 regs=3 | a@1:0/32:r4 b@2:0/32:r5", "u=1 t=0 regs=2 | return@1:0/32:r4"},
			"b": {"u=6 t=0 regs=5 | a1@1:0/32:r4 a2@2:0/32:r5 a3@3:0/32:r6 a4@4:0/32:r7 a5@5:0/32 a6@6:0/32",
				"u=2 t=0 regs=3 | o1@1:0/32:r4 o2@2:0/32:r5"},
			"c":  {"u=0 t=2 regs=3 | | string data@+0=MR1 1024B", "u=0 t=0 regs=1 |"},
			"c2": {"u=1 t=2 regs=4 | len@1:0/32:r4 | string buf@+0=MR2 0B count=len", "u=0 t=0 regs=1 |"},
			"d":  {"u=1 t=0 regs=2 | addr@1:0/32:r4", "u=0 t=2 regs=3 | | map page@+0=MR1"},
			"e":  {"u=1 t=0 regs=2 | x@1:0/32:r4", "none"},
			"f":  {"u=3 t=0 regs=4 | p.x@1:0/32:r4 p.y@2:0/32:r5 p.z@3:0/32:r6", "u=0 t=0 regs=1 |"},
			"g":  {"u=0 t=2 regs=3 | | string s@+0=MR1 0B+nul", "u=0 t=0 regs=1 |"},
		},
		"go-arm64": {
			"add": {"u=2 t=0 regs=3 | a@1:0/32:x4 b@2:0/32:x5", "u=1 t=0 regs=2 | return@1:0/32:x4"},
			// 1+6 words do not fit MR0..MR4: two pairs share words.
			"b": {"u=4 t=0 regs=5 | a1@1:0/32:x4 a2@2:0/32:x5 a3@3:0/32:x6 a4@3:32/32:x6 a5@4:0/32:x7 a6@4:32/32:x7",
				"u=2 t=0 regs=3 | o1@1:0/32:x4 o2@2:0/32:x5"},
			"c":  {"u=0 t=2 regs=3 | | string data@+0=MR1 1024B", "u=0 t=0 regs=1 |"},
			"c2": {"u=1 t=2 regs=4 | len@1:0/32:x4 | string buf@+0=MR2 0B count=len", "u=0 t=0 regs=1 |"},
			"d":  {"u=1 t=0 regs=2 | addr@1:0/32:x4", "u=0 t=2 regs=3 | | map page@+0=MR1"},
			"e":  {"u=1 t=0 regs=2 | x@1:0/32:x4", "none"},
			"f":  {"u=3 t=0 regs=4 | p.x@1:0/32:x4 p.y@2:0/32:x5 p.z@3:0/32:x6", "u=0 t=0 regs=1 |"},
			"g":  {"u=0 t=2 regs=3 | | string s@+0=MR1 0B+nul", "u=0 t=0 regs=1 |"},
		},
	}
	// go-amd64 enters the kernel exactly like amd64.
	cases["go-amd64"] = cases["amd64"]
	for _, abi := range ABINames() {
		l := lower(t, anchorProgram(), abi)
		for name, w := range cases[abi] {
			ol := findOp(t, l, name)
			wantSig(t, abi+" "+name+" request", ol.Request, w.req)
			wantSig(t, abi+" "+name+" reply", ol.Reply, w.rep)
			if ol.Request.Label != ol.Op.Label || ol.Request.LabelMask != 1<<uint(l.ABI.LabelBits)-1 {
				t.Errorf("%s %s: request label %#x mask %#x", abi, name, ol.Request.Label, ol.Request.LabelMask)
			}
			if ol.Reply != nil && ol.Reply.Label != NormalReplyLabel {
				t.Errorf("%s %s: reply label %#x", abi, name, ol.Reply.Label)
			}
		}
	}
	if len(cases) != len(ABINames()) {
		t.Errorf("anchor table covers %d ABIs, want %d", len(cases), len(ABINames()))
	}
}

// TestAnchorDetails checks the fields the one-line summaries leave out.
func TestAnchorDetails(t *testing.T) {
	l := lower(t, anchorProgram(), "amd64")

	c := findOp(t, l, "c").Request.Items[0]
	if c.ElemBytes != 1 || c.MaxBytes != 1024 || c.NulTerminated || c.Buffer != 0 || c.Words != 2 {
		t.Errorf("c: item %+v", *c)
	}
	if got := recvSig(findOp(t, l, "c").Request.Recv); got != "strings [data:1024]" {
		t.Errorf("c: receive plan %s", got)
	}

	c2 := findOp(t, l, "c2")
	if it := c2.Request.Items[0]; it.CountPath != "len" || it.ElemBytes != 1 || it.MaxBytes != 0 || it.Param != c2.Op.Params[1] {
		t.Errorf("c2: item %+v", *it)
	}

	d := findOp(t, l, "d")
	if got := recvSig(d.Reply.Recv); got != "window []" {
		t.Errorf("d: reply receive plan %s", got)
	}
	if got := recvSig(d.ReplyRecv); got != "window []" {
		t.Errorf("d: client receive plan %s", got)
	}
	if d.Request.Recv.Window || d.Request.Recv.Strings {
		t.Errorf("d: request needs no acceptor: %+v", d.Request.Recv)
	}

	g := findOp(t, l, "g").Request.Items[0]
	if !g.NulTerminated || g.ElemBytes != 1 || g.MaxBytes != 0 {
		t.Errorf("g: item %+v", *g)
	}

	add := findOp(t, l, "add")
	if s := add.Request.Slots[0]; s.Param != add.Op.Params[0] || s.Type != tLong || s.Words != 1 || s.Role != ValueSlot {
		t.Errorf("add: slot %+v", *s)
	}
	if got := add.Request.Regs; strings.Join(got, ",") != "r9,rax,rbx" {
		t.Errorf("add: request registers %v", got)
	}
	if r := add.Reply.Slots[0]; r.Param != nil || r.Path != "return" {
		t.Errorf("add: return slot %+v", *r)
	}

	if got := recvSig(l.Interfaces[0].ServerRecv); got != "strings [c:data|c2:buf|g:s:0]" {
		t.Errorf("server receive plan %s", got)
	}
	if e := findOp(t, l, "e"); e.Reply != nil || len(e.Exceptions) != 0 {
		t.Errorf("oneway e has a reply")
	}
}
