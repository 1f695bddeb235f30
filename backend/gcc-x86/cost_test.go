package gccx86_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/runtime/hosted"
)

// Flags of BenchmarkStubCost.
var (
	costWrite = flag.Bool("cost.write", false, "BenchmarkStubCost: rewrite ../../bench/results.md and results.json")
	costDir   = flag.String("cost.dir", "", "BenchmarkStubCost: keep the programs, binaries and profiles in this directory")
)

const (
	costRounds = 1000 // round trips per measurement (and twice that for the check)
	costWarmUp = 20   // round trips before the first measurement
	// Payloads: variable-length in values carry payloadBytes bytes
	// (capped at their bound), strings payloadString.
	payloadBytes  = 64
	payloadString = "hello, world" // 12 characters
	costResults   = "../../bench"
)

// costDirs hold the IDL files whose operations are measured.
var costDirs = []string{"../../testdata/anchor", "../../testdata/ir", "../../examples/calc"}

// costFigures are the instructions of one round trip on one target.
type costFigures struct {
	Client int64 `json:"client"` // client stub: before and after the Ipc
	Server int64 `json:"server"` // server loop: Ipc return to the next Ipc
	Total  int64 `json:"total"`  // client + server
	// Library is what library functions called by the stubs (strlen,
	// memcpy, CORBA_alloc, ...) execute; not part of Total.
	Library      int64            `json:"library"`
	LibraryCalls map[string]int64 `json:"library_calls,omitempty"`
}

// costRow is one operation's line in the results.
type costRow struct {
	File   string `json:"file"` // IDL file, relative to the repository
	Op     string `json:"op"`   // interface.operation
	Anchor string `json:"anchor,omitempty"`
	Oneway bool   `json:"oneway,omitempty"`
	// Target and IDL4 are the ia32 -O2 budget and IDL4's count
	// (anchors only).
	Target      int                     `json:"target_ia32,omitempty"`
	IDL4        int                     `json:"idl4_ia32,omitempty"`
	Arch        map[string]*costFigures `json:"arch"`
	NotMeasured map[string]string       `json:"not_measured,omitempty"` // arch -> reason
}

// costReport is bench/results.json.
type costReport struct {
	Schema   string     `json:"schema"`
	Compiler string     `json:"compiler"`
	Valgrind string     `json:"valgrind"`
	Flags    string     `json:"flags"`
	Rounds   int        `json:"rounds"`
	Ops      []*costRow `json:"ops"`
}

// costOp is one operation of a measured program.
type costOp struct {
	k      int
	row    *costRow
	server string // C name of the interface's server loop
	op     *ir.Operation
	cfunc  string
	skip   string
}

// BenchmarkStubCost measures what the generated stubs cost per round
// trip, in instructions counted by callgrind: for every operation of the
// anchor, IR test and example IDL files, on ia32 and amd64 at -O2, a
// hosted program (runtime/hosted) makes round trips from a client loop to
// a server thread, and the instructions executed in generated code are
// divided by the number of round trips. bench/README.md describes the
// method; -cost.write rewrites bench/results.md and bench/results.json.
//
//	go test ./backend/gcc-x86 -run '^$' -bench StubCost -benchtime 1x -cost.write
//
// The figures do not depend on b.N: the measurement runs once.
func BenchmarkStubCost(b *testing.B) {
	rep := &costReport{Schema: "l4idl-stubcost/1", Rounds: costRounds,
		Flags: "gcc -O2 -std=gnu11 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-ipa-icf (runtime/hosted's flags)"}
	rep.Compiler = firstLine(exec.Command("gcc", "--version"))
	rep.Valgrind = firstLine(exec.Command("valgrind", "--version"))
	rows := map[string]*costRow{}
	var order []string
	type job struct {
		arch string
		ops  []*costOp
		cmd  *exec.Cmd
		prof string
	}
	var jobs []*job
	for _, arch := range []string{"ia32", "amd64"} {
		for _, path := range idlFiles(b, costDirs) {
			ops, cmd, prof := costProgram(b, path, arch)
			for _, o := range ops {
				key := o.row.File + " " + o.row.Op
				if r, ok := rows[key]; ok {
					o.row = r
				} else {
					rows[key] = o.row
					order = append(order, key)
				}
			}
			jobs = append(jobs, &job{arch, ops, cmd, prof})
		}
	}
	// The callgrind runs are independent: run them side by side.
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan bool, runtime.NumCPU())
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- true
			defer func() { <-sem }()
			errs[i] = runCost(j.arch, j.ops, j.cmd, j.prof)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Error(err)
		}
	}
	if b.Failed() {
		return
	}
	for _, key := range order {
		rep.Ops = append(rep.Ops, rows[key])
	}
	sort.SliceStable(rep.Ops, func(i, j int) bool {
		a, c := rep.Ops[i], rep.Ops[j]
		if (a.Anchor != "") != (c.Anchor != "") {
			return a.Anchor != ""
		}
		return a.Anchor < c.Anchor // "c" before "c2"; others keep their order
	})

	for _, r := range rep.Ops {
		for _, arch := range []string{"ia32", "amd64"} {
			f := r.Arch[arch]
			if f == nil {
				continue
			}
			b.Run(arch+"/"+strings.TrimSuffix(filepath.Base(r.File), ".idl")+"/"+r.Op, func(b *testing.B) {
				b.ReportMetric(0, "ns/op")
				b.ReportMetric(float64(f.Client), "client-instr/op")
				b.ReportMetric(float64(f.Server), "server-instr/op")
				b.ReportMetric(float64(f.Total), "instr/op")
				if f.Library != 0 {
					b.ReportMetric(float64(f.Library), "lib-instr/op")
				}
			})
		}
	}
	costCompare(b, rep)
	if *costWrite {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(costResults, "results.json"), append(data, '\n'), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(costResults, "results.md"), costMarkdown(rep), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

func firstLine(cmd *exec.Cmd) string {
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}

// costCompare logs where the figures differ from the checked-in ones.
func costCompare(b *testing.B, rep *costReport) {
	data, err := os.ReadFile(filepath.Join(costResults, "results.json"))
	if err != nil {
		b.Logf("no checked-in results to compare with: %v", err)
		return
	}
	var old costReport
	if err := json.Unmarshal(data, &old); err != nil {
		b.Logf("bench/results.json: %v", err)
		return
	}
	prev := map[string]*costRow{}
	for _, r := range old.Ops {
		prev[r.File+" "+r.Op] = r
	}
	same := true
	for _, r := range rep.Ops {
		p := prev[r.File+" "+r.Op]
		for _, arch := range []string{"ia32", "amd64"} {
			f := r.Arch[arch]
			var pf *costFigures
			if p != nil {
				pf = p.Arch[arch]
			}
			switch {
			case f == nil && pf == nil:
			case f == nil || pf == nil:
				same = false
				b.Logf("%s %s %s: measured now %v, before %v", arch, r.File, r.Op, f != nil, pf != nil)
			case f.Client != pf.Client || f.Server != pf.Server || f.Library != pf.Library:
				same = false
				b.Logf("%s %s %s: client %d (was %d), server %d (was %d), library %d (was %d)",
					arch, r.File, r.Op, f.Client, pf.Client, f.Server, pf.Server, f.Library, pf.Library)
			}
		}
	}
	if same && len(old.Ops) == len(rep.Ops) {
		b.Logf("figures equal to bench/results.json (%s)", old.Compiler)
	} else if old.Compiler != rep.Compiler {
		b.Logf("note: bench/results.json was made with %s, this run uses %s", old.Compiler, rep.Compiler)
	}
}

// costProgram generates the stubs of one IDL file for arch, writes and
// builds the measuring program and returns its operations and the
// callgrind command that runs it (writing profiles to prof.N).
func costProgram(b *testing.B, path, arch string) ([]*costOp, *exec.Cmd, string) {
	b.Helper()
	l := load(b, path, arch)
	base := strings.TrimSuffix(filepath.Base(path), ".idl")
	dir := b.TempDir()
	if *costDir != "" {
		dir = filepath.Join(*costDir, arch, base)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	for _, f := range generate(b, path, arch) {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	serverH, err := os.ReadFile(filepath.Join(dir, base+"_server.h"))
	if err != nil {
		b.Fatal(err)
	}
	rel := strings.TrimPrefix(filepath.ToSlash(path), "../../")
	h := &costHarness{m: cmap.New(l.ABI), abi: l.ABI}
	var ops []*costOp
	for _, il := range l.Interfaces {
		if il == nil || il.Iface == nil || il.Iface.Imported || il.Iface.Local {
			continue
		}
		for _, ol := range il.Ops {
			op := ol.Op
			row := &costRow{File: rel, Op: cmap.Flatten(il.Iface.Name) + "." + op.Name, Oneway: op.Oneway,
				Arch: map[string]*costFigures{}}
			if strings.HasPrefix(rel, "testdata/anchor/") {
				row.Anchor, _, _ = strings.Cut(base, "_")
				if t, ok := ia32Targets[base]; ok {
					row.Target, row.IDL4 = t[0], t[1]
				}
			}
			o := &costOp{k: len(ops), row: row, server: cmap.Flatten(il.Iface.Name) + "_server", op: op,
				cfunc: cmap.Flatten(il.Iface.Name) + "_" + cmap.Ident(op.Name)}
			if op.KernelMsg != ir.KernelNone {
				o.skip = "kernel message: no client stub"
			}
			ops = append(ops, o)
		}
	}
	var src strings.Builder
	fmt.Fprintf(&src, "/* Stub-cost measurement for %s (%s); made by BenchmarkStubCost. */\n", rel, arch)
	fmt.Fprintf(&src, "#include \"hosted.h\"\n#include \"%s_server.h\"\n#include \"%s_client.h\"\n\n", base, base)
	src.WriteString(costAllocator)
	src.WriteString(costMarkers)
	servers := serverRE.FindAllStringSubmatch(string(serverH), -1)
	for _, s := range servers {
		arg := ""
		if s[2] != "void" {
			arg = "L4_CompleteAddressSpace"
		}
		fmt.Fprintf(&src, "static L4_ThreadId_t srv_%s;\n", s[1])
		fmt.Fprintf(&src, "__attribute__((noinline, noclone)) void bench_s_%s(void) { %s(%s); }\n", s[1], s[1], arg)
	}
	for _, o := range ops {
		if o.skip == "" {
			h.opCode(&src, o)
		}
	}
	src.WriteString("\nint main(void)\n{\n")
	for _, s := range servers {
		fmt.Fprintf(&src, "\tsrv_%s = hosted_thread_create(bench_s_%s);\n", s[1], s[1])
	}
	for _, o := range ops {
		if o.skip == "" {
			fmt.Fprintf(&src, "\trun%d();\n", o.k)
		}
	}
	src.WriteString("\treturn 0;\n}\n")

	// Implementations that do nothing: what they execute is not counted.
	var impl strings.Builder
	fmt.Fprintf(&impl, "/* Empty implementations for %s; made by BenchmarkStubCost. */\n#include \"%s_server.h\"\n\n", rel, base)
	for _, m := range implRE.FindAllStringSubmatch(string(serverH), -1) {
		ret, name, params := strings.TrimSpace(m[1]), m[2], m[3]
		fmt.Fprintf(&impl, "%s %s(%s)\n{\n", ret, name, params)
		switch {
		case ret == "void":
		case strings.HasSuffix(ret, "*"):
			fmt.Fprintf(&impl, "\tstatic %s _empty[1];\n\treturn _empty;\n", strings.TrimSpace(strings.TrimSuffix(ret, "*")))
		default:
			fmt.Fprintf(&impl, "\t%s _ret;\n\t__builtin_memset(&_ret, 0, sizeof _ret);\n\treturn _ret;\n", ret)
		}
		impl.WriteString("}\n\n")
	}
	mainC := filepath.Join(dir, "cost_main.c")
	implC := filepath.Join(dir, "cost_impl.c")
	if err := os.WriteFile(mainC, []byte(src.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(implC, []byte(impl.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	// -fno-ipa-icf: GCC would merge identical stubs and wrappers (an
	// inherited operation's stubs are identical), and the profile could
	// not tell them apart.
	bin := hosted.Build(b, arch, mainC, implC, "-I"+dir, "-fno-ipa-icf")
	if *costDir != "" {
		data, err := os.ReadFile(bin)
		if err != nil {
			b.Fatal(err)
		}
		keep := filepath.Join(dir, "prog."+arch)
		if err := os.WriteFile(keep, data, 0o755); err != nil {
			b.Fatal(err)
		}
		bin = keep
	}
	prof := filepath.Join(dir, "callgrind.out")
	old, _ := filepath.Glob(prof + "*")
	for _, f := range old {
		os.Remove(f)
	}
	cmd := hosted.ValgrindCommand(b, arch, bin, []string{"--tool=callgrind", "--callgrind-out-file=" + prof,
		"--zero-before=cost_zero", "--dump-before=cost_dump"})
	return ops, cmd, prof
}

// costMarkers are the functions whose entry makes callgrind zero its
// counters and dump a profile (--zero-before, --dump-before; callgrind's
// client requests upset valgrind when it runs under qemu-i386).
const costMarkers = `volatile int cost_at;
__attribute__((noinline, noclone)) void cost_zero(int k) { cost_at = k; }
__attribute__((noinline, noclone)) void cost_dump(int k) { cost_at = -k; }

`

var implRE = regexp.MustCompile(`(?m)^(\S.*?[\s*])(\w+_implementation)\((.*)\);$`)

// costAllocator is the CORBA_alloc the stubs use for reply values no
// parameter holds: four fixed blocks in turn (constant cost per call;
// the benchmark drops the values).
const costAllocator = `static long long cost_pool[4][2048];
static unsigned cost_next;
void *CORBA_alloc(unsigned long size)
{
	if (size > sizeof cost_pool[0])
		return (void *)0;
	return cost_pool[cost_next++ & 3];
}
void CORBA_free(void *ptr) { (void)ptr; }

`

// costHarness prints the C code that calls one operation.
type costHarness struct {
	m   *cmap.Mapper
	abi *ir.ABI
}

// elemCount returns how many elements of a variable value of type t
// carry payloadBytes, within its bound.
func (h *costHarness) elemCount(t *ir.Type) int64 {
	u := t.Underlying()
	eb := ir.Sizeof(u.Elem, h.abi)
	if eb <= 0 {
		eb = 1
	}
	n := max(payloadBytes/eb, 1)
	if u.Len > 0 {
		n = min(n, u.Len)
	}
	return n
}

// opCode prints the client wrapper bench_c<k> (the stub, not inlined
// into the loop, so that its instructions are told apart) and run<k>,
// which warms up and measures costRounds and 2*costRounds round trips.
func (h *costHarness) opCode(w *strings.Builder, o *costOp) {
	op := o.op
	k := o.k
	ret, _ := h.m.ReturnType(op.Result)
	params := []string{"CORBA_Object _service"}
	args := []string{"_service"}
	for _, p := range op.Params {
		params = append(params, h.m.ParamDecl(p, cmap.ClientSide))
		args = append(args, cmap.Ident(p.Name))
	}
	params = append(params, "CORBA_Environment *_env")
	args = append(args, "_env")
	retKw := "return "
	if ret == "void" {
		retKw = ""
	}
	fmt.Fprintf(w, "\n/* %s */\n__attribute__((noinline, noclone)) %s bench_c%d(%s)\n{\n\t%s%s(%s);\n}\n",
		op.Signature(), ret, k, strings.Join(params, ", "), retKw, o.cfunc, strings.Join(args, ", "))

	// Arguments: counts of DCE buffers first.
	counts := map[*ir.Param]int64{}
	for _, p := range op.Params {
		if cmap.ParamClass(p) == cmap.DCEBuffer {
			n := h.elemCount(p.Type)
			for _, c := range []*ir.Param{p.LengthIs, p.SizeIs} {
				if c != nil {
					counts[c] = n
				}
			}
		}
	}
	var decls, callArgs []string
	callArgs = append(callArgs, "srv_"+o.server)
	for _, p := range op.Params {
		v := "a_" + cmap.Ident(p.Name)
		u := p.Type.Underlying()
		in := p.Dir == ir.In
		switch cmap.ParamClass(p) {
		case cmap.Scalar, cmap.Handle, cmap.FpageItem, cmap.Aggregate, cmap.ArrayValue:
			decls = append(decls, h.m.Decl(p.Type, v)+";", "__builtin_memset(&"+v+", 0, sizeof "+v+");")
			if n, ok := counts[p]; ok {
				decls = append(decls, fmt.Sprintf("%s = %d;", v, n))
			}
			switch cmap.ParamClass(p) {
			case cmap.ArrayValue:
				callArgs = append(callArgs, v)
			case cmap.Aggregate:
				callArgs = append(callArgs, "&"+v)
			default:
				if in {
					callArgs = append(callArgs, v)
				} else {
					callArgs = append(callArgs, "&"+v)
				}
			}
		case cmap.StringValue:
			ct := "CORBA_char"
			if u.Kind == ir.WString {
				ct = "CORBA_wchar"
			}
			s := payloadString
			if u.Len > 0 && int64(len(s)) > u.Len {
				s = s[:u.Len]
			}
			var lit []string
			for _, c := range s {
				lit = append(lit, fmt.Sprintf("'%c'", c))
			}
			lit = append(lit, "0")
			init := "{ " + strings.Join(lit, ", ") + " }"
			if in {
				decls = append(decls, fmt.Sprintf("static const %s %s[] = %s;", ct, v, init))
			} else {
				decls = append(decls, fmt.Sprintf("static %s %s[L4IDL_STRING_MAX] = %s;", ct, v, init))
			}
			callArgs = append(callArgs, v)
		case cmap.SeqValue:
			n := h.elemCount(p.Type)
			capacity := u.Len
			if capacity == 0 {
				capacity = max(n, 256)
			}
			length := n
			if p.Dir == ir.Out {
				length = 0
			}
			decls = append(decls,
				"static "+h.m.Decl(u.Elem, fmt.Sprintf("%s_buf[%d]", v, capacity))+";",
				h.m.Decl(p.Type, v)+";",
				"__builtin_memset(&"+v+", 0, sizeof "+v+");",
				fmt.Sprintf("%s._buffer = %s_buf;", v, v),
				fmt.Sprintf("%s._maximum = %d;", v, capacity),
				fmt.Sprintf("%s._length = %d;", v, length))
			callArgs = append(callArgs, "&"+v)
		case cmap.DCEBuffer:
			n := h.elemCount(p.Type)
			decls = append(decls, "static "+h.m.Decl(u.Elem, fmt.Sprintf("%s[%d]", v, max(n, u.Len)))+";")
			callArgs = append(callArgs, v)
		default:
			o.skip = fmt.Sprintf("parameter %s: no value", p.Name)
			return
		}
	}
	callArgs = append(callArgs, "&env")
	call := fmt.Sprintf("(void)bench_c%d(%s);", k, strings.Join(callArgs, ", "))
	fmt.Fprintf(w, "static void run%d(void)\n{\n", k)
	for _, d := range decls {
		fmt.Fprintf(w, "\t%s\n", d)
	}
	fmt.Fprintf(w, "\tCORBA_Environment env = idl4_default_environment;\n")
	fmt.Fprintf(w, "\tidl4_set_rcv_window(&env, L4_CompleteAddressSpace);\n")
	fmt.Fprintf(w, "\tfor (int i = 0; i < %d; i++)\n\t\t%s\n", costWarmUp, call)
	fmt.Fprintf(w, "\tint ok = env._major == CORBA_NO_EXCEPTION;\n")
	fmt.Fprintf(w, "\tif (!ok)\n\t\thosted_printf(\"SKIP %d major %%d minor %%#x\\n\", env._major, env._minor);\n", k)
	// Two profiles per operation, always (dump i belongs to operation
	// i/2 in the order of main).
	for _, n := range []int{costRounds, 2 * costRounds} {
		fmt.Fprintf(w, "\tcost_zero(%d);\n\tfor (int i = 0; ok && i < %d; i++)\n\t\t%s\n\tcost_dump(%d);\n", k, n, call, k)
	}
	fmt.Fprintf(w, "\tif (!ok)\n\t\treturn;\n")
	fmt.Fprintf(w, "\tif (env._major != CORBA_NO_EXCEPTION) {\n\t\thosted_printf(\"FAIL %d major %%d minor %%#x\\n\", env._major, env._minor);\n\t\treturn;\n\t}\n", k)
	fmt.Fprintf(w, "\thosted_printf(\"OK %d\\n\");\n}\n", k)
}

// runCost runs one program under callgrind and fills in its operations'
// rows for arch.
func runCost(arch string, ops []*costOp, cmd *exec.Cmd, prof string) error {
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
		return fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.String())
	}
	status := map[int]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && (f[0] == "OK" || f[0] == "SKIP" || f[0] == "FAIL") {
			k, _ := strconv.Atoi(f[1])
			status[k] = line
		}
	}
	// Dump i (from 1) is the i-th call of cost_dump: operations that have
	// a run function make two each, in order.
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
	per := map[int][2]*cgProfile{} // k -> profiles for costRounds, 2*costRounds
	dump := 0
	for _, o := range ops {
		if o.skip != "" {
			continue
		}
		var ps [2]*cgProfile
		for i := range ps {
			dump++
			p, err := profile(dump)
			if err != nil {
				return err
			}
			ps[i] = p
		}
		per[o.k] = ps
	}
	for _, o := range ops {
		if o.skip != "" {
			o.notMeasured(arch, o.skip)
			continue
		}
		st := status[o.k]
		if !strings.HasPrefix(st, "OK") {
			if st == "" {
				st = "no result"
			}
			o.notMeasured(arch, "the call failed: "+st)
			continue
		}
		var figs [2]*costFigures
		for i, p := range per[o.k] {
			f, err := o.figures(p)
			if err != nil {
				return fmt.Errorf("%s %s %s: %v", arch, o.row.File, o.row.Op, err)
			}
			figs[i] = f
		}
		a, b := figs[0], figs[1]
		if 2*a.Client != b.Client || 2*a.Server != b.Server || 2*a.Library != b.Library ||
			a.Client%costRounds != 0 || a.Server%costRounds != 0 || a.Library%costRounds != 0 {
			return fmt.Errorf("%s %s %s: the cost of a round trip is not constant: %d rounds %+v, %d rounds %+v",
				arch, o.row.File, o.row.Op, costRounds, *a, 2*costRounds, *b)
		}
		a.Client /= costRounds
		a.Server /= costRounds
		a.Library /= costRounds
		a.Total = a.Client + a.Server
		for fn, n := range a.LibraryCalls {
			a.LibraryCalls[fn] = n / costRounds
		}
		if a.Client == 0 || (a.Server == 0 && o.op.KernelMsg == ir.KernelNone) {
			return fmt.Errorf("%s %s %s: no instructions counted (client %d, server %d)", arch, o.row.File, o.row.Op, a.Client, a.Server)
		}
		o.row.Arch[arch] = a
	}
	return nil
}

func (o *costOp) notMeasured(arch, why string) {
	if o.row.NotMeasured == nil {
		o.row.NotMeasured = map[string]string{}
	}
	o.row.NotMeasured[arch] = why
}

// figures sums a profile into the costs of operation o: the self cost of
// the client wrapper (the inlined stub) and of the server loop, plus
// what non-inlined helpers of the generated code execute; library
// functions they call are counted apart; the Ipc (the KIP stub, the
// emulator) and the implementation are not counted.
func (o *costOp) figures(p *cgProfile) (*costFigures, error) {
	client := map[string]bool{fmt.Sprintf("bench_c%d", o.k): true, o.cfunc: true}
	server := map[string]bool{"bench_s_" + o.server: true, o.server: true}
	f := &costFigures{LibraryCalls: map[string]int64{}}
	add := func(fns map[string]bool, dst *int64) error {
		for fn := range fns {
			*dst += p.self[fn]
		}
		for e, n := range p.calls {
			if !fns[e.from] || fns[e.to] {
				continue
			}
			switch costCallee(e.to) {
			case "generated":
				*dst += n
			case "library":
				f.Library += n
				f.LibraryCalls[e.to] += n
			case "excluded":
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

// costCallee classifies a function that generated code calls.
func costCallee(fn string) string {
	switch {
	case strings.HasPrefix(fn, "l4idl_"):
		return "generated" // a support-header helper GCC did not inline
	case fn == "memcpy" || fn == "memmove" || fn == "memset" || fn == "memcmp" || fn == "strlen" ||
		fn == "CORBA_alloc" || fn == "CORBA_free":
		return "library"
	case strings.HasPrefix(fn, "__L4_") || strings.HasPrefix(fn, "hosted_") || strings.HasSuffix(fn, "_implementation"):
		return "excluded" // the Ipc (libl4 slot, KIP stub, emulator) or the implementation
	}
	return ""
}

// costMethod heads bench/results.md.
const costMethod = `Instructions per round trip executed in generated code, counted by
callgrind (valgrind's Ir event) over the hosted L4 X.2 emulator
(runtime/hosted), gcc -O2. For each operation a program made by
BenchmarkStubCost calls the client stub through a wrapper that is not
inlined (bench_cK: the stub is inlined into it), from a loop, with a server
thread running the generated dispatch loop (bench_s_<iface>) and empty
implementations in another file. After %d warm-up round trips, the program
zeroes callgrind's counters, makes %d round trips, dumps the profile, and
does the same with %d round trips (the figures must be exactly twice the
first, so every round trip costs the same). Counted: the self cost of the
wrapper (the client stub before and after the Ipc, with the wrapper's own
entry, register saves and return) and of the server loop (from the Ipc
return to the next Ipc, including the call of the implementation and the
reply), and support-header helpers they call. Not counted: the Ipc itself
(from the "call" into the libl4 slot / KIP stub on, i.e. the emulator), the
implementation, and the client loop. Library functions the stubs call
(strlen for strings; memcpy, CORBA_alloc where a type needs them) are
listed apart in "lib" and are not in the totals; here they are the hosted
emulator's simple byte-loop versions. Payloads: variable-length in values
carry %d bytes (within their bound), strings %d characters.`

func costMarkdown(rep *costReport) []byte {
	var w bytes.Buffer
	w.WriteString("# Stub cost per round trip\n\n")
	w.WriteString("Made by `go test ./backend/gcc-x86 -run '^$' -bench StubCost -benchtime 1x -cost.write`\n")
	w.WriteString("(see README.md); do not edit.\n\n")
	fmt.Fprintf(&w, costMethod+"\n\n", costWarmUp, costRounds, 2*costRounds, payloadBytes, len(payloadString))
	fmt.Fprintf(&w, "Toolchain: %s; %s.\n\n", rep.Compiler, rep.Valgrind)
	fig := func(r *costRow, arch string) (c, s, t, lib string) {
		f := r.Arch[arch]
		if f == nil {
			return "-", "-", "-", "-"
		}
		lib = "0"
		if f.Library != 0 {
			var parts []string
			for fn, n := range f.LibraryCalls {
				parts = append(parts, fmt.Sprintf("%d %s", n, fn))
			}
			sort.Strings(parts)
			lib = strings.Join(parts, ", ")
		}
		return fmt.Sprint(f.Client), fmt.Sprint(f.Server), fmt.Sprint(f.Total), lib
	}
	w.WriteString("## Anchors (testdata/anchor)\n\n")
	w.WriteString("| | operation | ia32 client | ia32 server | ia32 total | target | IDL4 | amd64 client | amd64 server | amd64 total | lib ia32 / amd64 |\n")
	w.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, r := range rep.Ops {
		if r.Anchor == "" {
			continue
		}
		ic, is, it, il := fig(r, "ia32")
		ac, as, at, al := fig(r, "amd64")
		target, idl4 := "", ""
		if r.Target > 0 {
			target, idl4 = fmt.Sprint(r.Target), fmt.Sprint(r.IDL4)
			if f := r.Arch["ia32"]; f != nil && f.Total > int64(r.Target) {
				it = "**" + it + "**"
			}
			if f, g := r.Arch["amd64"], r.Arch["ia32"]; f != nil && g != nil && f.Total > g.Total {
				at = "**" + at + "**"
			}
		}
		fmt.Fprintf(&w, "| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n",
			r.Anchor, r.Op, opNote(r), ic, is, it, target, idl4, ac, as, at, il, al)
	}
	w.WriteString("\nBold: over the ia32 target, or amd64 over ia32.\n\n")
	w.WriteString("## Other operations (testdata/ir, examples)\n\n")
	w.WriteString("| file | operation | ia32 client | ia32 server | ia32 total | amd64 client | amd64 server | amd64 total | lib ia32 / amd64 |\n")
	w.WriteString("|---|---|--:|--:|--:|--:|--:|--:|---|\n")
	var not []string
	for _, r := range rep.Ops {
		for _, arch := range []string{"ia32", "amd64"} {
			if why, ok := r.NotMeasured[arch]; ok {
				not = append(not, fmt.Sprintf("- %s %s (%s): %s", r.File, r.Op, arch, why))
			}
		}
		if r.Anchor != "" || (r.Arch["ia32"] == nil && r.Arch["amd64"] == nil) {
			continue
		}
		ic, is, it, il := fig(r, "ia32")
		ac, as, at, al := fig(r, "amd64")
		fmt.Fprintf(&w, "| %s | %s%s | %s | %s | %s | %s | %s | %s | %s / %s |\n",
			strings.TrimSuffix(filepath.Base(r.File), ".idl"), r.Op, opNote(r), ic, is, it, ac, as, at, il, al)
	}
	if len(not) > 0 {
		w.WriteString("\n## Not measured\n\n")
		w.WriteString(strings.Join(not, "\n") + "\n")
	}
	return w.Bytes()
}

func opNote(r *costRow) string {
	if r.Oneway {
		return " (oneway)"
	}
	return ""
}
