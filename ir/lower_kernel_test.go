package ir

import (
	"strings"
	"testing"
)

func pagefaultOp() *Operation {
	// As IDL4 declares it (corpus idl4-examples/test.idl, resourcemon).
	return kernel(KernelPagefault, op("pagefault", nil,
		in("addr", tWord), in("ip", tWord), in("priv", tShort), out("fp", tFpage)))
}

func TestKernelPagefault(t *testing.T) {
	want := map[string]struct {
		label, mask uint64
		req         string
	}{
		"ia32":     {0xFFE0, 0xFFF0, "u=2 t=0 regs=1 | priv@0:16/4(tag):esi addr@1:0/32 ip@2:0/32"},
		"arm":      {0xFFE0, 0xFFF0, "u=2 t=0 regs=3 | priv@0:16/4(tag):r3 addr@1:0/32:r4 ip@2:0/32:r5"},
		"amd64":    {0xFFFFFFFFFFE0, 0xFFFFFFFFFFF0, "u=2 t=0 regs=3 | priv@0:16/4(tag):r9 addr@1:0/64:rax ip@2:0/64:rbx"},
		"go-amd64": {0xFFFFFFFFFFE0, 0xFFFFFFFFFFF0, "u=2 t=0 regs=3 | priv@0:16/4(tag):r9 addr@1:0/64:rax ip@2:0/64:rbx"},
		"go-arm64": {0xFFFFFFFFFFE0, 0xFFFFFFFFFFF0, "u=2 t=0 regs=3 | priv@0:16/4(tag):x3 addr@1:0/64:x4 ip@2:0/64:x5"},
	}
	for _, abi := range ABINames() {
		w := want[abi]
		ol := lowerOne(t, abi, pagefaultOp())
		if ol.Request.Label != w.label || ol.Request.LabelMask != w.mask {
			t.Errorf("%s: label %#x mask %#x, want %#x %#x", abi, ol.Request.Label, ol.Request.LabelMask, w.label, w.mask)
		}
		wantSig(t, abi+" request", ol.Request, w.req)
		// The reply is an ordinary reply: one map item.
		if got := sig(ol.Reply); !strings.HasPrefix(got, "u=0 t=2 regs=3 | | map fp@+0=MR1") || ol.Reply.Label != 0 {
			t.Errorf("%s: reply %s label %#x", abi, got, ol.Reply.Label)
		}
	}
	// A pager written with only the two words.
	ol := lowerOne(t, "ia32", kernel(KernelPagefault, op("pf", nil, in("addr", tWord), in("ip", tWord), out("fp", tFpage))))
	wantSig(t, "two words", ol.Request, "u=2 t=0 regs=1 | addr@1:0/32 ip@2:0/32")
	// 32-bit ints on amd64 (IDL4's test.idl) take the low half of the word.
	ol = lowerOne(t, "amd64", kernel(KernelPagefault, op("pf", nil, in("address", tLong), in("uip", tLong), in("priv", tShort), out("f", tFpage))))
	wantSig(t, "ints", ol.Request, "u=2 t=0 regs=3 | priv@0:16/4(tag):r9 address@1:0/32:rax uip@2:0/32:rbx")
}

func TestKernelOtherProtocols(t *testing.T) {
	irq := lowerOne(t, "arm", kernel(KernelInterrupt, op("interrupt", nil)))
	if irq.Request.Label != 0xFFF0 || irq.Request.FixedWords != 0 || irq.Reply == nil || irq.Reply.FixedWords != 0 {
		t.Errorf("interrupt: %s / %s label %#x", sig(irq.Request), sig(irq.Reply), irq.Request.Label)
	}

	s0 := lowerOne(t, "ia32", kernel(KernelSigma0RPC, op("request_pages", nil, in("req_fp", tWord), in("attr", tWord), out("fp", tFpage))))
	if s0.Request.Label != 0xFFA0 {
		t.Errorf("sigma0: label %#x", s0.Request.Label)
	}
	wantSig(t, "sigma0 request", s0.Request, "u=2 t=0 regs=1 | req_fp@1:0/32 attr@2:0/32")
	wantSig(t, "sigma0 reply", s0.Reply, "u=0 t=2 regs=3 | | map fp@+0=MR1")

	io := lowerOne(t, "amd64", kernel(KernelIOPagefault, op("iofault", nil, in("port", tFpage), in("ip", tWord), out("fp", tFpage))))
	if io.Request.Label != 0xFFFFFFFFFF86 || io.Request.LabelMask != 0xFFFFFFFFFFFF {
		t.Errorf("I/O fault: label %#x mask %#x", io.Request.Label, io.Request.LabelMask)
	}
	// The I/O fpage arrives as a plain word, not as a map item.
	wantSig(t, "io request", io.Request, "u=2 t=0 regs=3 | port@1:0/64:rax ip@2:0/64:rbx")

	// Preemption: the 64-bit clock takes MR1 and MR2 on 32-bit ABIs; no
	// reply.
	pre := lowerOne(t, "ia32", kernel(KernelPreemption, op("preempted", nil, in("clock", Basic(ULongLong)))))
	wantSig(t, "preemption", pre.Request, "u=2 t=0 regs=1 | clock@1:0/64")
	if pre.Reply != nil || pre.Request.Label != 0xFFD0 {
		t.Errorf("preemption: reply %v label %#x", pre.Reply, pre.Request.Label)
	}

	st := lowerOne(t, "arm", kernel(KernelStartup, op("start", nil, in("ip", tWord), in("sp", tWord))))
	wantSig(t, "startup", st.Request, "u=2 t=0 regs=3 | ip@1:0/32:r4 sp@2:0/32:r5")
	if st.Request.LabelMask != 0 || st.Reply != nil {
		t.Errorf("startup: mask %#x reply %v", st.Request.LabelMask, st.Reply)
	}
}

func TestKernelException(t *testing.T) {
	mk := func() *Operation {
		return kernel(KernelException, op("exc", nil, inout("ip", tWord), in("flags", tWord), out("no", tWord)))
	}
	for abi, u := range map[string]int{"ia32": 12, "amd64": 20, "arm": 6, "go-amd64": 20, "go-arm64": 6} {
		ol := lowerOne(t, abi, mk())
		if ol.Request.FixedWords != u || ol.Reply.FixedWords != u {
			t.Errorf("%s: u=%d/%d, want %d", abi, ol.Request.FixedWords, ol.Reply.FixedWords, u)
		}
		if ol.Request.Label&0xFFFF != 0xFFB0 {
			t.Errorf("%s: label %#x", abi, ol.Request.Label)
		}
		// The reply mirrors the request: ip and no at their MRs, the rest
		// echoed.
		if len(ol.Reply.Slots) != 2 || ol.Reply.Slots[0].MR != 1 || ol.Reply.Slots[1].MR != 3 {
			t.Errorf("%s: reply %s", abi, sig(ol.Reply))
		}
		if len(ol.Reply.EchoMRs) != u-2 || ol.Reply.EchoMRs[0] != 2 || ol.Reply.EchoMRs[1] != 4 {
			t.Errorf("%s: echo %v", abi, ol.Reply.EchoMRs)
		}
		// The request has ip and flags (no is out-only).
		if len(ol.Request.Slots) != 2 || ol.Request.Slots[1].Path != "flags" {
			t.Errorf("%s: request %s", abi, sig(ol.Request))
		}
	}
	// ARM's unknown-syscall form has 13 words.
	var ps []*Param
	for _, n := range []string{"pc", "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "sp", "lr", "insn", "cpsr"} {
		ps = append(ps, inout(n, tWord))
	}
	ol := lowerOne(t, "arm", kernel(KernelException, op("syscall", nil, ps...)))
	if ol.Request.FixedWords != 13 || len(ol.Reply.EchoMRs) != 0 {
		t.Errorf("arm syscall exception: u=%d echo %v", ol.Request.FixedWords, ol.Reply.EchoMRs)
	}
}

func TestKernelLabel(t *testing.T) {
	ia32, _ := LookupABI("ia32")
	amd64, _ := LookupABI("amd64")
	for _, c := range []struct {
		k           KernelMsg
		abi         *ABI
		label, mask uint64
	}{
		{KernelInterrupt, ia32, 0xFFF0, 0xFFFF},
		{KernelPagefault, ia32, 0xFFE0, 0xFFF0},
		{KernelPreemption, ia32, 0xFFD0, 0xFFFF},
		{KernelException, ia32, 0xFFB0, 0xFFFF},
		{KernelSigma0RPC, ia32, 0xFFA0, 0xFFFF},
		{KernelIOPagefault, ia32, 0xFF86, 0xFFFF},
		{KernelSigma0RPC, amd64, 0xFFFFFFFFFFA0, 0xFFFFFFFFFFFF},
		{KernelStartup, amd64, 0, 0},
	} {
		l, m, ok := KernelLabel(c.k, c.abi)
		if !ok || l != c.label || m != c.mask {
			t.Errorf("%s on %s: %#x/%#x/%v, want %#x/%#x", c.k, c.abi, l, m, ok, c.label, c.mask)
		}
	}
	if _, _, ok := KernelLabel(KernelNone, ia32); ok {
		t.Error("KernelNone has a label")
	}
}
