package gccx86

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
)

// archSupport is the target part of the support header: how the stubs
// reach the UTCB. P = *(%gs:0) is the address of MR0 on ia32 and amd64
// (ABI sheet §6.1, §6.2); word -9 from P is the ErrorCode TCR and word
// -16-i is BR i on both (4- and 8-byte words).
const archSupport = `/*
 * Internal: the UTCB pointer P (address of MR0).  Not volatile: P does
 * not change during a thread's life, so the compiler may keep it.
 */
#if defined(__x86_64__)
static inline L4_Word_t *l4idl_utcb(void)
{
    L4_Word_t *p;
    __asm__ ("movq %%gs:0, %0" : "=r" (p));
    return p;
}
#elif defined(__i386__)
static inline L4_Word_t *l4idl_utcb(void)
{
    L4_Word_t *p;
    __asm__ ("movl %%gs:0, %0" : "=r" (p));
    return p;
}
#else
#error "l4idl_corba.h: generated for ia32 and amd64 only"
#endif

/*
 * The calling convention of the operations' implementations (the server
 * loop calls them; <name>_server.h declares them): on ia32 the first
 * three arguments travel in EAX, EDX and ECX instead of on the stack.
 * The ia32 server header defines each implementation's name as a macro
 * that adds it, so definitions get it without spelling it out.  amd64
 * passes six arguments in registers anyway.
 */
#if defined(__i386__) && !defined(__x86_64__)
#define L4IDL_IMPL              __attribute__((regparm(3)))
#else
#define L4IDL_IMPL
#endif

#if defined(__x86_64__)
/*
 * Internal: a server loop calls this on its cold path (a failed Ipc) so
 * that the function around the loop is never a leaf, even when the
 * implementations are inlined into it.  GCC and Clang keep data below
 * the stack pointer (the 128-byte red zone) only in leaf functions, so
 * the loop's Ipc need not step over it.
 */
static __attribute__((noinline, unused)) void l4idl_nonleaf(void)
{
    __asm__ __volatile__ ("" ::: "memory");
}
#endif

#define L4IDL_TCR_ERROR         (-9)    /* ErrorCode, word index from P */
#define L4IDL_BR(i)             (-16 - (i)) /* buffer register i */

/* Ipc timeouts words: send never/receive never, send zero/receive never. */
#define L4IDL_TIMEOUTS_NEVER    ((L4_Word_t)0)
#define L4IDL_TIMEOUTS_REPLY    ((L4_Word_t)0x04000000)

`

// ipc describes one Ipc system call site.
type ipc struct {
	// to, from, timeouts are C expressions of the Ipc arguments.
	to, from, timeouts string
	// nSend is how many MR variables (_mr0..) carry the message sent in
	// registers; nRecv how many hold the received message afterwards.
	nSend, nRecv int
	// fromOut is the variable that receives the sender's id ("" = none).
	fromOut string
	// nonLeaf is set for the amd64 server loop, which calls
	// l4idl_nonleaf: its function makes a call, so the compiler keeps
	// nothing in the red zone and the Ipc need not step over it.
	nonLeaf bool
	// carry is a variable that must survive the call (ia32 client
	// stubs: the pointer to the only returned value; amd64 client
	// stubs: _env): the asm passes it on the stack ("" = none). On
	// amd64 it travels in RCX, which the kernel destroys, so that GCC
	// need not spill it (every callee-saved register is an MR).
	carry string
	// env is the client's CORBA_Environment pointer ("" = none, then
	// timeouts is used). The asm itself turns it into the timeouts
	// word: the environment's _timeout, or 0 (never/never) for NULL.
	// On ia32 the pointer goes into ECX and jecxz tests and branches in
	// one (NULL already is the never/never word); on amd64 R8 is zeroed
	// and jrcxz skips the load. GCC, given the C conditional, spends
	// four or five instructions on it.
	env string
	// envOnly is set by emitIpcAmd64 when env is in RCX only for the
	// timeouts and need not survive the Ipc.
	envOnly bool
}

// envTimeoutsOffset is the asm operand giving the offset of _timeout in
// CORBA_Environment (ipc.env).
const envTimeoutsOffset = `[to] "i" (__builtin_offsetof(CORBA_Environment, _timeout))`

// emitIpc prints the Ipc call. MR k lives in the C variable _mr<k> for
// the registers of the ABI; the rest of the message is in the UTCB
// (_utcb). On ia32 (ABI sheet §9.2) EAX = to, ECX = timeouts, EDX = from
// specifier, ESI = MR0, EDI = P; the call returns the sender in EAX, MR0
// in ESI, MR1 in EBX and MR2 in EBP. EBP is saved around the call (it
// may be GCC's frame pointer) and MR2 is moved to ECX, which the kernel
// destroys anyway. On amd64 (§9.3) RSI = to, RDX = from specifier, R8 =
// timeouts, R9, RAX, RBX, R10, R12..R15 = MR0..MR7 both ways; RCX, R11,
// RDX, R8 and RBP are destroyed (RBP is saved on the stack below the red
// zone, which the call's return address would otherwise overwrite). A
// send-only Ipc (from specifier nilthread) leaves the sender's MRs, and
// so MR1..MR7's registers, as they were (§7): they are not clobbers.
func (g *gen) emitIpc(f *cgen.File, c ipc) {
	if g.abi.Name == "amd64" {
		g.emitIpcAmd64(f, c)
	} else {
		g.emitIpcIa32(f, c)
	}
}

// emitIpcIa32 prints the ia32 Ipc. A carried value (c.carry) crosses it
// on the stack: the call leaves no register free for it, and pushing it
// from EBX inside the asm and popping it into EDX, which the kernel
// destroys anyway, is cheaper than a spill slot GCC would have to
// allocate. (A second one would not pay: GCC's register pressure then
// spills another value.)
func (g *gen) emitIpcIa32(f *cgen.File, c ipc) {
	f.Block("", "", func() {
		var outs, ins, asm []string
		clob := []string{`"memory"`, `"cc"`}
		carry := c.carry != ""
		if carry {
			f.P("__typeof__(", c.carry, ") _k;")
		}
		f.P("L4_Word_t _a = ", c.to, ", _d = ", c.from, ";")
		outs = append(outs, `"+a" (_a)`, `"+S" (_mr0)`)
		switch {
		case c.nRecv >= 2:
			outs = append(outs, `"=b" (_mr1)`)
		case carry:
			f.P("L4_Word_t _b;")
			outs = append(outs, `"=b" (_b)`)
		default:
			clob = append(clob, `"ebx"`)
		}
		timeouts := c.timeouts
		if c.env != "" {
			timeouts = "(L4_Word_t)(" + c.env + ")"
			asm = append(asm, `"jecxz 1f\n\t"`, `"movl %c[to](%%ecx), %%ecx\n"`, `"1:\t"`)
			ins = append(ins, envTimeoutsOffset)
		}
		asm = append(asm, `"pushl %%ebp\n\t"`)
		if carry {
			ins = append(ins, `"b" (`+c.carry+`)`)
			asm = append(asm, `"pushl %%ebx\n\t"`, `"call __L4_Ipc\n\t"`, `"popl %%edx\n\t"`)
		} else {
			asm = append(asm, `"call __L4_Ipc\n\t"`)
		}
		if c.nRecv >= 3 {
			outs = append(outs, `"=c" (_mr2)`)
			ins = append(ins, `"c" (`+timeouts+`)`)
			asm = append(asm, `"movl %%ebp, %%ecx\n\t"`)
		} else {
			f.P("L4_Word_t _c = ", timeouts, ";")
			outs = append(outs, `"+c" (_c)`)
		}
		asm = append(asm, `"popl %%ebp"`)
		if carry {
			outs = append(outs, `"=d" (_k)`)
			ins = append(ins, `"d" (_d)`)
		} else {
			outs = append(outs, `"+d" (_d)`)
		}
		ins = append(ins, `"D" (_utcb)`)
		f.P("__asm__ __volatile__ (")
		f.In()
		for _, a := range asm {
			f.P(a)
		}
		f.P(": ", join(outs))
		f.P(": ", join(ins))
		f.P(": ", join(clob), ");")
		f.Out()
		if c.fromOut != "" {
			f.P(c.fromOut, " = _a;")
		}
		if carry {
			f.P(c.carry, " = _k;")
			if c.nRecv < 2 {
				f.P("(void)_b;")
			}
		} else {
			f.P("(void)_d;")
		}
	})
}

var amd64Regs = []string{"r9", "rax", "rbx", "r10", "r12", "r13", "r14", "r15"}

func (g *gen) emitIpcAmd64(f *cgen.File, c ipc) {
	// The environment pointer travels in RCX (the carried value, if
	// any, is that pointer: client.go).
	if c.env != "" && c.carry == "" {
		c.carry = c.env
		c.envOnly = true
	}
	if c.env != "" && c.carry != c.env {
		c.timeouts = "(" + c.env + " ? " + c.env + "->_timeout : L4IDL_TIMEOUTS_NEVER)"
		c.env = ""
	}
	f.Block("", "", func() {
		var outs []string
		clob := []string{`"r11"`, `"memory"`, `"cc"`}
		if c.carry == "" {
			clob = append([]string{`"rcx"`}, clob...)
		}
		for k, r := range amd64Regs {
			v := "_r" + r
			switch {
			case k < c.nSend:
				f.P("register L4_Word_t ", v, " __asm__(\"", r, "\") = ", mrVar(k), ";")
				outs = append(outs, `"+r" (`+v+`)`)
			case k < c.nRecv:
				f.P("register L4_Word_t ", v, " __asm__(\"", r, "\");")
				outs = append(outs, `"=r" (`+v+`)`)
			case c.from == "0":
				// Send only: the kernel leaves the sender's MRs as they
				// were (sheet §7), and MR1..MR7 are the registers.
			default:
				clob = append(clob, `"`+r+`"`)
			}
		}
		// RDI returns P (§9.3): a client stub need not keep the UTCB
		// pointer elsewhere across the call. (A server loop keeps it
		// in a callee-saved register for the implementations' calls
		// anyway; there the output would only add a move.)
		client := c.carry != "" || c.from != "~(L4_Word_t)0"
		if client {
			f.P("register L4_Word_t *_rdi __asm__(\"rdi\");")
		}
		f.P("register L4_Word_t _rsi __asm__(\"rsi\") = ", c.to, ";")
		f.P("register L4_Word_t _rdx __asm__(\"rdx\") = ", c.from, ";")
		var ins []string
		if c.env != "" {
			f.P("register L4_Word_t _r8 __asm__(\"r8\");")
			outs = append(outs, `"+r" (_rsi)`, `"+r" (_rdx)`, `"=&r" (_r8)`)
			ins = append(ins, envTimeoutsOffset)
		} else {
			f.P("register L4_Word_t _r8 __asm__(\"r8\") = ", c.timeouts, ";")
			outs = append(outs, `"+r" (_rsi)`, `"+r" (_rdx)`, `"+r" (_r8)`)
		}
		if c.carry != "" {
			f.P("register __typeof__(", c.carry, ") _rcx __asm__(\"rcx\") = ", c.carry, ";")
			outs = append(outs, `"+r" (_rcx)`)
		}
		if client {
			outs = append(outs, `"=r" (_rdi)`)
		} else {
			clob = append(clob, `"rdi"`)
		}
		f.P("__asm__ __volatile__ (")
		f.In()
		if c.env != "" {
			f.P(`"xorl %%r8d, %%r8d\n\t"`)
			f.P(`"jrcxz 1f\n\t"`)
			f.P(`"movq %c[to](%%rcx), %%r8\n"`)
			f.P(`"1:\t"`)
		}
		if !c.nonLeaf {
			f.P(`"leaq -128(%%rsp), %%rsp\n\t"`)
		}
		f.P(`"pushq %%rbp\n\t"`)
		if c.carry != "" && !c.envOnly {
			f.P(`"pushq %%rcx\n\t"`)
			f.P(`"call *__L4_Ipc(%%rip)\n\t"`)
			f.P(`"popq %%rcx\n\t"`)
		} else {
			f.P(`"call *__L4_Ipc(%%rip)\n\t"`)
		}
		if c.nonLeaf {
			f.P(`"popq %%rbp"`)
		} else {
			f.P(`"popq %%rbp\n\t"`)
			f.P(`"leaq 128(%%rsp), %%rsp"`)
		}
		f.P(": ", join(outs))
		if len(ins) > 0 {
			f.P(": ", join(ins))
		} else {
			f.P(":")
		}
		f.P(": ", join(clob), ");")
		f.Out()
		if client {
			f.P("_utcb = _rdi;")
		}
		if c.carry != "" {
			if c.envOnly {
				f.P("(void)_rcx;")
			} else {
				f.P(c.carry, " = _rcx;")
			}
		}
		var unused []string
		for k := 0; k < c.nRecv && k < len(amd64Regs); k++ {
			f.P(mrVar(k), " = _r", amd64Regs[k], ";")
			if k > 0 {
				unused = append(unused, "(void)"+mrVar(k)+";")
			}
		}
		if len(unused) > 0 {
			f.P(strings.Join(unused, " "))
		}
		if c.fromOut != "" {
			f.P(c.fromOut, " = _rsi;")
		}
		f.P("(void)_rdx; (void)_r8;")
	})
}

func join(xs []string) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s
}

// declMRs prints the declarations of the MR register variables _mr0..
// _mr<n-1> (initialised to 0 when init is set).
func declMRs(f *cgen.File, n int, init bool) {
	s := "L4_Word_t "
	for k := 0; k < n; k++ {
		if k > 0 {
			s += ", "
		}
		s += mrVar(k)
		if init {
			s += " = 0"
		}
	}
	f.P(s, ";")
	_ = fmt.Sprint
}
