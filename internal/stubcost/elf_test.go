package stubcost

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// knownAsm is a hand-written executable whose static figures are known:
// a client wrapper bench_c0 with an Ipc call, an error path, alignment
// padding and a .cold part, and a server loop that dispatches through a
// jump table to two implementations. WORD, AX, SI, BX, IPC, TABLE and
// WORDDIR differ per target.
const knownAsm = `
	.text
	.globl ipc_entry
	.type ipc_entry,@function
ipc_entry:
	ret
	.size ipc_entry,.-ipc_entry

	.globl bench_c0
	.type bench_c0,@function
bench_c0:
	push %BX
	mov $1, %eax
	test %eax, %eax
	je 1f
	IPC
	cmp $1, %esi
	jne bench_c0.cold
	pop %BX
	ret
1:	xor %eax, %eax
	pop %BX
	ret
	.p2align 4
	.size bench_c0,.-bench_c0

	.section .text.unlikely,"ax",@progbits
	.type bench_c0.cold,@function
bench_c0.cold:
	mov $2, %eax
	pop %BX
	ret
	.size bench_c0.cold,.-bench_c0.cold

	.text
	.globl bench_c1, x_op
	.type bench_c1,@function
bench_c1:
	push %BX
	call x_op
	pop %BX
	ret
	.size bench_c1,.-bench_c1
	.type x_op,@function
x_op:
	mov $3, %eax
	IPC
	cmp $1, %esi
	ret
	.size x_op,.-x_op

	.globl x_a_implementation, x_b_implementation, x_c_implementation
	.type x_a_implementation,@function
x_a_implementation:
	ret
	.size x_a_implementation,.-x_a_implementation
	.type x_b_implementation,@function
x_b_implementation:
	ret
	.size x_b_implementation,.-x_b_implementation
	.type x_c_implementation,@function
x_c_implementation:
	ret
	.size x_c_implementation,.-x_c_implementation

	.globl bench_s_x_server
	.type bench_s_x_server,@function
bench_s_x_server:
	push %BX
2:	IPC
	mov %SI, %AX
	and $3, %AX
	jmp *table(,%AX,WORD)
op0:	call x_a_implementation
	test %AX, %AX
	jne 3f
	mov %AX, %BX
	mov %AX, %BX
	jmp 2b
3:	jmp 2b
op1:	nop
	nop
	call x_b_implementation
	jmp 2b
op2:	jmp 2b
	.size bench_s_x_server,.-bench_s_x_server

	.section .rodata
	.p2align 3
table:	WORDDIR op0, op1, op2, op2
SLOT
`

// buildKnown assembles and links knownAsm for arch.
func buildKnown(t *testing.T, arch string) string {
	t.Helper()
	var r *strings.Replacer
	if arch == "ia32" {
		r = strings.NewReplacer("WORDDIR", ".long", "WORD", "4", "%AX", "%eax", "%SI", "%esi", "%BX", "%ebx",
			"IPC", "call __L4_Ipc", "SLOT", "\t.text\n\t.globl __L4_Ipc\n\t.type __L4_Ipc,@function\n__L4_Ipc:\n\tret\n\t.size __L4_Ipc,.-__L4_Ipc\n")
	} else {
		r = strings.NewReplacer("WORDDIR", ".quad", "WORD", "8", "%AX", "%rax", "%SI", "%rsi", "%BX", "%rbx",
			"IPC", "call *__L4_Ipc(%rip)", "SLOT", "\t.data\n\t.globl __L4_Ipc\n\t.type __L4_Ipc,@object\n__L4_Ipc:\t.quad ipc_entry\n\t.size __L4_Ipc,8\n")
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		needTool(t, "gcc is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "known.S")
	if err := os.WriteFile(src, []byte(r.Replace(knownAsm)), 0o644); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{"ia32": "-m32", "amd64": "-m64"}[arch]
	bin := filepath.Join(dir, "known")
	if out, err := exec.Command(gcc, m, "-nostdlib", "-static", "-no-pie", "-Wl,-e,bench_c0", "-o", bin, src).CombinedOutput(); err != nil {
		needTool(t, "gcc "+m+" cannot assemble and link (gcc-multilib?): "+err.Error()+"\n"+string(out))
	}
	return bin
}

// needTool skips the test, or fails it under CI.
func needTool(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (required in CI; scripts/test.sh installs it)", msg)
	}
	t.Skip(msg)
}

func TestStaticKnownExecutable(t *testing.T) {
	for _, arch := range []string{"ia32", "amd64"} {
		t.Run(arch, func(t *testing.T) {
			e, err := openExe(buildKnown(t, arch))
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			a := newStaticAnalyzer(e)
			var s Static
			if err := a.client("bench_c0", "x_a", &s); err != nil {
				t.Fatal(err)
			}
			// Before: push, mov, test, je, the Ipc call, and the error
			// path xor, pop, ret. After: cmp, jne, pop, ret and the cold
			// part's mov, pop, ret. The padding is not code.
			ipcLen := map[string]int{"ia32": 5, "amd64": 6}[arch]
			want := Static{BeforeInsns: 8, AfterInsns: 7, ClientInsns: 15, IPCSites: 1,
				BeforeBytes: 1 + 5 + 2 + 2 + ipcLen + 2 + 1 + 1,
				AfterBytes:  3 + 6 + 1 + 1 + 5 + 1 + 1}
			want.ClientBytes = want.BeforeBytes + want.AfterBytes
			if s != want {
				t.Errorf("client:\n got %+v\nwant %+v", s, want)
			}

			// A stub GCC did not inline: its code before the Ipc with
			// the wrapper's before the call, the rest after.
			var s1 Static
			if err := a.client("bench_c1", "x_op", &s1); err != nil {
				t.Fatal(err)
			}
			if s1.BeforeInsns != 4 || s1.AfterInsns != 4 || s1.ClientInsns != 8 || s1.IPCSites != 1 {
				t.Errorf("stub not inlined: %+v", s1)
			}
			var s2 Static
			if err := a.client("bench_c1", "nosuch", &s2); err == nil || !strings.Contains(err.Error(), "no Ipc call found") {
				t.Errorf("the stub not counted with its wrapper: error %v, figures %+v", err, s2)
			}

			sc := a.server("x_server")
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			// The loop: push, Ipc, mov, and, jmp*, call a, test, jne,
			// mov, mov, jmp, jmp, nop, nop, call b, jmp, jmp.
			if sc.insns != 17 {
				t.Errorf("server loop: %d instructions, want 17", sc.insns)
			}
			var sa, st, sb, sc2 Static
			a.serverPath(sc, "x_a_implementation", nil, &sa)
			a.serverPath(sc, "x_b_implementation", nil, &sb)
			a.serverPath(sc, "x_c_implementation", nil, &sc2)
			// a, shortest: mov, and, jmp*, call | test, jne (taken: the
			// error path), jmp, Ipc call.
			if sa.ServerToImpl != 4 || sa.ServerFromImpl != 4 || sa.ServerInsns != 8 || sa.ServerNote != "" || sa.ServerPathMethod != "shortest" {
				t.Errorf("shortest path of a: %+v", sa)
			}
			// a, traced: the round trip did not run the error path
			// (3: jmp 2b), so the path is test, jne (not taken), mov,
			// mov, jmp, Ipc call.
			executed := map[uint64]bool{}
			var errPath uint64
			for addr, in := range sc.fn.insns {
				executed[addr] = true
				if in.callee == "x_a_implementation" {
					jne := sc.fn.insns[sc.fn.insns[in.succ[0]].succ[0]]
					errPath = jne.succ[1]
				}
			}
			delete(executed, errPath)
			a.serverPath(sc, "x_a_implementation", executed, &st)
			if st.ServerToImpl != 4 || st.ServerFromImpl != 6 || st.ServerInsns != 10 || st.ServerNote != "" || st.ServerPathMethod != "traced" {
				t.Errorf("traced path of a: %+v", st)
			}
			// b: mov, and, jmp*, nop, nop, call | jmp, Ipc call.
			if sb.ServerToImpl != 6 || sb.ServerFromImpl != 2 || sb.ServerInsns != 8 || sb.ServerNote != "" {
				t.Errorf("path of b: %+v", sb)
			}
			if sb.ServerBytes <= 0 || sb.ServerLoopInsns != 17 {
				t.Errorf("path of b: bytes %d, loop %d", sb.ServerBytes, sb.ServerLoopInsns)
			}
			if !strings.Contains(sc2.ServerNote, "no direct call of x_c_implementation") {
				t.Errorf("c is never called, but: %+v", sc2)
			}
			if _, err := e.function("nosuch"); err == nil {
				t.Error("a missing function gave no error")
			}
		})
	}
}
