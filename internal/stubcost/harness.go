package stubcost

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// Payloads of the measuring programs: variable-length in values carry
// PayloadBytes bytes (capped at their bound), strings PayloadString.
const (
	PayloadBytes  = 64
	PayloadString = "hello, world" // 12 characters
	// WarmUp is the number of round trips before the first measurement.
	WarmUp = 20
)

// opRun is one operation of a measuring program.
type opRun struct {
	k      int
	name   string // interface.operation
	op     *ir.Operation
	oneway bool
	server string // C name of the interface's server loop
	cfunc  string // C name of the client stub
	impl   string // C name of the implementation
	skip   string // why the operation is not measured
}

var (
	serverRE = regexp.MustCompile(`(?m)^static inline void (\w+_server)\((.*)\)$`)
	implRE   = regexp.MustCompile(`(?m)^(\S.*?[\s*])(\w+_implementation)\((.*)\);$`)
)

// programOps lists the operations of l's interfaces (imported and local
// interfaces have no stubs).
func programOps(l *ir.Layout) []*opRun {
	var ops []*opRun
	for _, il := range l.Interfaces {
		if il == nil || il.Iface == nil || il.Iface.Imported || il.Iface.Local {
			continue
		}
		iface := cmap.Flatten(il.Iface.Name)
		for _, ol := range il.Ops {
			op := ol.Op
			o := &opRun{k: len(ops), name: iface + "." + op.Name, op: op, oneway: op.Oneway,
				server: iface + "_server", cfunc: iface + "_" + cmap.Ident(op.Name)}
			o.impl = o.cfunc + "_implementation"
			if op.KernelMsg != ir.KernelNone {
				o.skip = "kernel message: no client stub"
			}
			ops = append(ops, o)
		}
	}
	return ops
}

// harness prints the measuring program of one stub set.
type harness struct {
	m      *cmap.Mapper
	abi    *ir.ABI
	rounds int
}

// costMarkers are the functions whose entry makes callgrind zero its
// counters and dump a profile (--zero-before, --dump-before; callgrind's
// client requests upset valgrind when it runs under qemu-i386).
const costMarkers = `volatile int cost_at;
__attribute__((noinline, noclone)) void cost_zero(int k) { cost_at = k; }
__attribute__((noinline, noclone)) void cost_dump(int k) { cost_at = -k; }

`

// costAllocator is the CORBA_alloc the stubs use for reply values no
// parameter holds: four fixed blocks in turn (constant cost per call;
// the program drops the values).
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

// programSources returns the C text of the measuring program (main) and
// of the empty implementations (impl) for the operations ops of an IDL
// file whose stub set is named base. serverH is l4idl's own server header
// for the file: it gives the server loops and the implementation
// prototypes (every variant has the same API), so the harness is the
// same whatever variant's stubs it is built with.
func (h *harness) programSources(rel, base, serverH string, ops []*opRun) (main, impl string) {
	var src strings.Builder
	fmt.Fprintf(&src, "/* Stub-cost measurement for %s (%s); made by internal/stubcost. */\n", rel, h.abi.Name)
	fmt.Fprintf(&src, "#include \"hosted.h\"\n#include \"%s_server.h\"\n#include \"%s_client.h\"\n\n", base, base)
	src.WriteString(costAllocator)
	src.WriteString(costMarkers)
	servers := serverRE.FindAllStringSubmatch(serverH, -1)
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
	var w strings.Builder
	fmt.Fprintf(&w, "/* Empty implementations for %s; made by internal/stubcost. */\n#include \"%s_server.h\"\n\n", rel, base)
	for _, m := range implRE.FindAllStringSubmatch(serverH, -1) {
		ret, name, params := strings.TrimSpace(m[1]), m[2], m[3]
		fmt.Fprintf(&w, "%s %s(%s)\n{\n", ret, name, params)
		switch {
		case ret == "void":
		case strings.HasSuffix(ret, "*"):
			fmt.Fprintf(&w, "\tstatic %s _empty[1];\n\treturn _empty;\n", strings.TrimSpace(strings.TrimSuffix(ret, "*")))
		default:
			fmt.Fprintf(&w, "\t%s _ret;\n\t__builtin_memset(&_ret, 0, sizeof _ret);\n\treturn _ret;\n", ret)
		}
		w.WriteString("}\n\n")
	}
	return src.String(), w.String()
}

// elemCount returns how many elements of a variable value of type t
// carry PayloadBytes, within its bound.
func (h *harness) elemCount(t *ir.Type) int64 {
	u := t.Underlying()
	eb := ir.Sizeof(u.Elem, h.abi)
	if eb <= 0 {
		eb = 1
	}
	n := max(PayloadBytes/eb, 1)
	if u.Len > 0 {
		n = min(n, u.Len)
	}
	return n
}

// opCode prints the client wrapper bench_c<k> (the stub, not inlined
// into the loop, so that its instructions are told apart) and run<k>,
// which warms up and measures h.rounds and 2*h.rounds round trips.
func (h *harness) opCode(w *strings.Builder, o *opRun) {
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
	var body strings.Builder
	fmt.Fprintf(&body, "\n/* %s */\n__attribute__((noinline, noclone)) %s bench_c%d(%s)\n{\n\t%s%s(%s);\n}\n",
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
	if holdsPointer(op.Result, map[*ir.Type]bool{}) {
		o.skip = "result: strings or sequences inside a constructed value (the harness makes only flat values)"
		return
	}
	var decls, callArgs []string
	callArgs = append(callArgs, "srv_"+o.server)
	for _, p := range op.Params {
		v := "a_" + cmap.Ident(p.Name)
		u := p.Type.Underlying()
		in := p.Dir == ir.In
		if holdsPointer(p.Type, map[*ir.Type]bool{}) {
			// A zero-filled value (the client's, or the empty
			// implementation's) would carry NULL strings or sequence
			// buffers; the harness makes no values for them.
			o.skip = fmt.Sprintf("parameter %s: strings or sequences inside a constructed value (the harness makes only flat values)", p.Name)
			return
		}
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
			s := PayloadString
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
	w.WriteString(body.String())
	callArgs = append(callArgs, "&env")
	call := fmt.Sprintf("(void)bench_c%d(%s);", k, strings.Join(callArgs, ", "))
	fmt.Fprintf(w, "static void run%d(void)\n{\n", k)
	for _, d := range decls {
		fmt.Fprintf(w, "\t%s\n", d)
	}
	fmt.Fprintf(w, "\tCORBA_Environment env = idl4_default_environment;\n")
	fmt.Fprintf(w, "\tidl4_set_rcv_window(&env, L4_CompleteAddressSpace);\n")
	fmt.Fprintf(w, "\tfor (int i = 0; i < %d; i++)\n\t\t%s\n", WarmUp, call)
	fmt.Fprintf(w, "\tint ok = env._major == CORBA_NO_EXCEPTION;\n")
	fmt.Fprintf(w, "\tif (!ok)\n\t\thosted_printf(\"SKIP %d major %%d minor %%#x\\n\", env._major, env._minor);\n", k)
	// Two profiles per operation, always (dump i belongs to operation
	// i/2 in the order of main).
	for _, n := range []int{h.rounds, 2 * h.rounds} {
		fmt.Fprintf(w, "\tcost_zero(%d);\n\tfor (int i = 0; ok && i < %d; i++)\n\t\t%s\n\tcost_dump(%d);\n", k, n, call, k)
	}
	fmt.Fprintf(w, "\tif (!ok)\n\t\treturn;\n")
	fmt.Fprintf(w, "\tif (env._major != CORBA_NO_EXCEPTION) {\n\t\thosted_printf(\"FAIL %d major %%d minor %%#x\\n\", env._major, env._minor);\n\t\treturn;\n\t}\n", k)
	fmt.Fprintf(w, "\thosted_printf(\"OK %d\\n\");\n}\n", k)
}

// holdsPointer tells whether a value of a constructed type t (struct,
// union, array, sequence) holds a string or a sequence (a pointer the
// stubs follow) in a member, arm or element.
func holdsPointer(t *ir.Type, seen map[*ir.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	u := t.Underlying()
	switch u.Kind {
	case ir.Struct:
		for _, f := range u.Fields {
			if f != nil && (isPointer(f.Type) || holdsPointer(f.Type, seen)) {
				return true
			}
		}
	case ir.Union:
		for _, a := range u.Arms {
			if a != nil && a.Field != nil && (isPointer(a.Field.Type) || holdsPointer(a.Field.Type, seen)) {
				return true
			}
		}
	case ir.Array, ir.Sequence:
		return isPointer(u.Elem) || holdsPointer(u.Elem, seen)
	}
	return false
}

func isPointer(t *ir.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().Kind {
	case ir.String, ir.WString, ir.Sequence:
		return true
	}
	return false
}
