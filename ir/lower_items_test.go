package ir

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/diag"
)

func TestExceptionReplies(t *testing.T) {
	notfound := exceptionT("notfound", field("code", tLong), field("reason", tChar))
	denied := exceptionT("denied", field("why", stringT(0)))
	empty := exceptionT("busy")
	mk := func() *Operation {
		return raises(op("ex", tLong, in("k", tLong)), notfound, denied, empty)
	}
	for _, abi := range ABINames() {
		ol := lowerOne(t, abi, mk())
		if len(ol.Exceptions) != 3 {
			t.Fatalf("%s: %d exception replies", abi, len(ol.Exceptions))
		}
		for k, e := range ol.Exceptions {
			if e.Label != uint64(k+1) || e.Dir != Reply {
				t.Errorf("%s: exception %d label %#x dir %v", abi, k, e.Label, e.Dir)
			}
		}
		if got := recvSig(ol.ReplyRecv); got != "strings [denied.why:0]" {
			t.Errorf("%s: client receive plan %s", abi, got)
		}
	}
	ol := lowerOne(t, "ia32", mk())
	wantSig(t, "notfound", ol.Exceptions[0], "u=2 t=0 regs=3 | notfound.code@1:0/32:ebx notfound.reason@2:0/8:ebp")
	wantSig(t, "denied", ol.Exceptions[1], "u=0 t=2 regs=3 | | string denied.why@+0=MR1 0B+nul")
	wantSig(t, "busy", ol.Exceptions[2], "u=0 t=0 regs=1 |")
	if s := ol.Exceptions[0].Slots[0]; s.Param != nil || s.Type != tLong {
		t.Errorf("exception member slot %+v", *s)
	}
}

func TestReplyLabels(t *testing.T) {
	if ExceptionLabel(0) != 1 || ExceptionLabel(4) != 5 {
		t.Error("exception labels are k+1")
	}
	for code, want := range map[int]uint64{SysErrUnknownOp: 0xFE01, SysErrMalformed: 0xFE02, SysErrNoBuffer: 0xFE03} {
		if got := SysErrorLabel(code); got != want {
			t.Errorf("SysErrorLabel(%d) = %#x, want %#x", code, got, want)
		}
		if got := SysErrorLabel(code); got&0xFF00 == 0xFF00 {
			t.Errorf("system error label %#x in the kernel range", got)
		}
	}
}

func TestServerReceivePlan(t *testing.T) {
	p := prog(iface("srv", 3,
		op("c", nil, in("data", seqT(tOctet, 1024))),
		op("h", nil, in("x", seqT(tOctet, 100)), in("y", stringT(200))),
		op("m", nil, in("f", tFpage)),
		op("n", nil, in("k", tLong)),
		op("g", nil, inout("s", stringT(0))),
	))
	l := lower(t, p, "ia32")
	il := l.Interfaces[0]
	// Position 0: 1024 bytes, 100 bytes, unbounded -> unbounded. Position
	// 1: only h's y (200 + NUL).
	if got := recvSig(il.ServerRecv); got != "strings window [c:data|h:x|g:s:0 h:y:201]" {
		t.Errorf("server receive plan %s", got)
	}
	if got := recvSig(findOp(t, l, "h").Request.Recv); got != "strings [x:100 y:201]" {
		t.Errorf("h request plan %s", got)
	}
	if got := recvSig(findOp(t, l, "g").ReplyRecv); got != "strings [s:0]" {
		t.Errorf("g client plan %s", got)
	}
	for _, it := range findOp(t, l, "h").Request.Items {
		if it.Buffer != map[string]int{"x": 0, "y": 1}[it.Path] {
			t.Errorf("%s in buffer %d", it.Path, it.Buffer)
		}
	}
	// Without strings or fpages a server accepts untyped words only.
	l = lower(t, prog(iface("plain", 4, op("n", nil, in("k", tLong)))), "arm")
	if r := l.Interfaces[0].ServerRecv; r.Strings || r.Window || len(r.Buffers) != 0 {
		t.Errorf("plain server plan %+v", r)
	}
}

// errorsOf lowers a single operation and returns its diagnostics.
func errorsOf(t *testing.T, abi string, o *Operation) string {
	t.Helper()
	_, errs := lowerErrs(t, prog(iface("t", 1, o)), abi)
	if !errs.HasErrors() {
		t.Errorf("%s: no error for %s", abi, o.Name)
	}
	return diagText(errs)
}

func wantError(t *testing.T, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("diagnostics lack %q:\n%s", p, got)
		}
	}
}

func TestInexpressibleMessages(t *testing.T) {
	// 70 scalars do not fit 63 words on a 32-bit ABI, but the last ones
	// travel in a record item (lower_record_test.go); what no record can
	// help is in TestRecordInexpressible.
	if m := lowerOne(t, "ia32", op("wide", nil, longs("a", 70)...)).Request; m.FixedWords+m.TypedWords > MaxPayloadWords {
		t.Errorf("70 longs: %s", sig(m))
	}

	// 17 strings need 17 receive buffers.
	var ps []*Param
	for i := 0; i < 17; i++ {
		ps = append(ps, in(fmt.Sprintf("s%d", i), stringT(0)))
	}
	wantError(t, errorsOf(t, "amd64", op("strs", nil, ps...)), "carries 17 string items", "at most 16")

	// 32 fpages: at most 31 map items fit.
	var fps []*Param
	for i := 0; i < 32; i++ {
		fps = append(fps, in(fmt.Sprintf("f%d", i), tFpage))
	}
	got := errorsOf(t, "arm", op("maps", nil, fps...))
	wantError(t, got, "carries 32 map/grant items", "at most 31")
	if strings.Contains(got, "needs") {
		t.Errorf("the item count explains the size; no second error wanted:\n%s", got)
	}

	// Values that cannot be sent, reported at the parameter.
	nat := &Type{Kind: Native, Name: []string{"handle_t"}}
	p := in("h", nat)
	wantError(t, errorsOf(t, "ia32", op("nat", nil, p)),
		fmt.Sprintf("test.idl:%d:1: error: parameter \"h\" of operation \"nat\" has native type handle_t", p.Pos.Line))
	wantError(t, errorsOf(t, "ia32", op("vd", nil, in("v", tVoid))), "parameter \"v\" of operation \"vd\" has type void")
	wantError(t, errorsOf(t, "ia32", op("ss", nil, in("v", seqT(stringT(0), 4)))), "whose elements are not plain data")

	// A struct that contains itself (the checker rejects it; lowering
	// must still stop).
	self := structT("node")
	self.Fields = []*Field{field("v", tLong), field("next", self)}
	wantError(t, errorsOf(t, "ia32", op("rec", nil, in("n", self))), "n.next (in parameter \"n\") of operation \"rec\" has type node, which contains itself")

	// A string item longer than its 22-bit length field.
	wantError(t, errorsOf(t, "ia32", op("huge", nil, in("b", seqT(tOctet, 1<<22)))), "more than the 22-bit length field")

	// Absurd bounds saturate instead of overflowing.
	wantError(t, errorsOf(t, "amd64", op("vast", nil, in("a", arrayT(tOctet, 1<<62)), in("q", seqT(tLong, 1<<62)))),
		"parameter \"a\" of operation \"vast\" may hold 1152921504606846976 bytes", "parameter \"q\" of operation \"vast\" may hold 1152921504606846976 bytes")

	// Oneway operations cannot return anything.
	wantError(t, errorsOf(t, "ia32", oneway(op("ow", tLong, in("a", tLong)))), "oneway operation \"ow\" cannot return values")

	// User labels may not use the kernel range.
	o := op("k", nil)
	i := iface("t", 1, o)
	o.Label = 0xFF05
	_, errs := lowerErrs(t, prog(i), "ia32")
	wantError(t, diagText(errs), "label 0xFF05 of operation \"k\" falls in 0xFF00..0xFFFF")
	o.Label = 0x10000
	_, errs = lowerErrs(t, prog(i), "arm")
	wantError(t, diagText(errs), "does not fit the 16-bit label field of arm")
	if _, errs = lowerErrs(t, prog(i), "amd64"); errs.HasErrors() {
		t.Errorf("a 17-bit label fits amd64's 48-bit field:\n%s", diagText(errs))
	}
}

func TestKernelErrors(t *testing.T) {
	wantError(t, errorsOf(t, "ia32", kernel(KernelPagefault, op("pf", nil, in("a", tWord), in("b", tWord), in("c", tWord), in("d", tWord)))),
		"declares more parameters than the pagefault message carries")
	wantError(t, errorsOf(t, "ia32", kernel(KernelInterrupt, op("irq", nil, in("a", tWord)))),
		"needs 1 word, but the interrupt message on ia32 carries u=0")
	wantError(t, errorsOf(t, "arm", kernel(KernelException, op("exc", nil, longs("r", 14)...))),
		"carries u=6 or u=13")
	wantError(t, errorsOf(t, "ia32", kernel(KernelPagefault, op("pf", nil, in("a", stringT(0))))),
		"parameter \"a\" of kernel message operation \"pf\" must be a scalar")
	wantError(t, errorsOf(t, "ia32", kernel(KernelPreemption, op("pre", tLong))),
		"expects no reply to a preemption message")
	wantError(t, errorsOf(t, "ia32", raises(kernel(KernelPagefault, op("pf", nil)), exceptionT("e"))),
		"cannot raise exceptions")
	wantError(t, errorsOf(t, "ia32", kernel(KernelMsg("bogus"), op("b", nil))), `unknown kernel message "bogus"`)
	wantError(t, errorsOf(t, "ia32", kernel(KernelException, op("x", tLong))), "cannot return a value")
}

// TestLowerDeterministic lowers the same program twice and compares the
// text dumps.
func TestLowerDeterministic(t *testing.T) {
	for _, abi := range ABINames() {
		var a, b bytes.Buffer
		if err := lower(t, anchorProgram(), abi).WriteText(&a); err != nil {
			t.Fatal(err)
		}
		if err := lower(t, anchorProgram(), abi).WriteText(&b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() || a.Len() == 0 {
			t.Errorf("%s: two lowerings differ", abi)
		}
	}
}

func TestLowerNil(t *testing.T) {
	abi, _ := LookupABI("ia32")
	if l := Lower(nil, abi, nil); l == nil || len(l.Interfaces) != 0 {
		t.Error("Lower(nil) should return an empty layout")
	}
	var list diag.List
	if l := Lower(anchorProgram(), nil, &list); l == nil || !list.HasErrors() {
		t.Error("Lower without an ABI must report it")
	}
	l, errs := lowerErrs(t, prog(iface("t", 1, op("bad", nil, &Param{Name: "p", Dir: In}))), "ia32")
	if l == nil || !errs.HasErrors() {
		t.Error("a parameter \"without\" a type must be reported")
	}
}

func TestFpageSequence(t *testing.T) {
	mk := func(grant bool) *Operation {
		n := in("n", tShort)
		v := in("v", seqT(tFpage, 3))
		w := in("w", seqT(tFpage, 2))
		w.SizeIs = n
		w.Grant = grant
		return op("fs", nil, v, n, w)
	}
	// One map item per element up to the bound; the count travels as a
	// length slot (v) or is the size_is parameter (w).
	items := " | map v[0]@+0=MR2 (v#0 count=len) map v[1]@+2=MR4 (v#1 count=len) map v[2]@+4=MR6 (v#2 count=len)" +
		" map w[0]@+6=MR8 (w#0 count=n) map w[1]@+8=MR10 (w#1 count=n)"
	want := map[string]string{
		"ia32":  "u=1 t=10 regs=1 | n@1:0/16 len(v)@1:16/8" + items,
		"amd64": "u=1 t=10 regs=8 | n@1:0/16:rax len(v)@1:16/8:rax" + items,
	}
	for abi, w := range want {
		m := lowerOne(t, abi, mk(false)).Request
		wantSig(t, abi, m, w)
		if got := recvSig(m.Recv); got != "window []" {
			t.Errorf("%s: receive plan %s", abi, got)
		}
	}
	m := lowerOne(t, "ia32", mk(true)).Request
	if it := m.Items[4]; it.Kind != GrantItem || it.Path != "w[1]" || it.Param.Name != "w" || it.Type != tFpage || it.SeqIndex != 1 {
		t.Errorf("grant element %+v", *it)
	}
	if it := m.Items[0]; it.Kind != MapItem {
		t.Errorf("v is not [grant]: %+v", *it)
	}
	if s := m.Slots[1]; s.Role != LengthSlot || s.Path != "v" || s.Type.Kind != Octet {
		t.Errorf("length slot %+v", *s)
	}

	// Inside a union arm the items are always sent, with the arm.
	u := unionT("pick", tLong, arm(field("pages", seqT(tFpage, 2)), 1), arm(field("x", tLong), 2))
	wantSig(t, "in an arm", lowerOne(t, "ia32", op("ua", nil, in("u", u))).Request,
		"u=2 t=4 regs=1 | disc(u)@1:0/32 len(u.pages)@2:0/8 u.x@2:0/32 | map u.pages[0]@+0=MR3 (u.pages#0 count=len) map u.pages[1]@+2=MR5 (u.pages#1 count=len)")

	// No fixed layout: unbounded, or more map items than a message holds.
	wantError(t, errorsOf(t, "ia32", op("ub", nil, in("f", seqT(tFpage, 0)))),
		"parameter \"f\" of operation \"ub\" has type sequence<fpage>: an unbounded sequence of fpages cannot be sent",
		"give it a bound (max_is or sequence<fpage, N>)")
	wantError(t, errorsOf(t, "amd64", op("big", nil, out("f", seqT(tFpage, 32)))),
		"parameter \"f\" of operation \"big\" has type sequence<fpage, 32>: each fpage travels as a map item of two words, so at most 31 fit in one message")
	// 31 fit alone (62 words), not with a count word and another value.
	if m := lowerOne(t, "ia32", op("max", nil, in("f", seqT(tFpage, 31)))).Request; m.FixedWords != 1 || m.TypedWords != 62 {
		t.Errorf("31 fpages: %s", sig(m))
	}
	wantError(t, errorsOf(t, "ia32", op("over", nil, in("f", seqT(tFpage, 31)), in("x", tLongLong))), "the request of operation \"over\" needs 65 words after MR0 (u=3, t=62)")
}

// TestFpageSequenceFromIDL lowers the declarations the corpus uses: a
// DCE sized fpage array bounded by max_is and a CORBA bounded sequence.
func TestFpageSequenceFromIDL(t *testing.T) {
	p, _ := checkOK(t, `const unsigned long max_fp = 4;
[uuid(7)] interface io {
  long request_region([in] unsigned short addr, [out] unsigned long *num,
                      [out, size_is(num), max_is(max_fp)] fpage regions[]);
  void give(in sequence<fpage, 2> pages);
  typedef union { int a; char b; } t_union;
  void cu(out t_union b);
};`)
	l := lower(t, p, "ia32")
	wantSig(t, "request_region reply", findOp(t, l, "request_region").Reply,
		"u=2 t=8 regs=3 | return@1:0/32:ebx num@2:0/32:ebp | map regions[0]@+0=MR3 (regions#0 count=num) map regions[1]@+2=MR5 (regions#1 count=num)"+
			" map regions[2]@+4=MR7 (regions#2 count=num) map regions[3]@+6=MR9 (regions#3 count=num)")
	wantSig(t, "give request", findOp(t, l, "give").Request,
		"u=1 t=4 regs=1 | len(pages)@1:0/8 | map pages[0]@+0=MR2 (pages#0 count=len) map pages[1]@+2=MR4 (pages#1 count=len)")
	wantSig(t, "cu reply", findOp(t, l, "cu").Reply, "u=1 t=0 regs=2 | b@1*1(4B):ebx")
}
