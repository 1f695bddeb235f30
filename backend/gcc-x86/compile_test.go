package gccx86_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/ir"
)

// needTool returns the path of a tool, or fails (when CI is set) or skips
// the test when it is missing.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (scripts/test.sh installs it)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// writeGenerated generates every IDL file of dirs for target into dir and
// returns the name of one C file that includes, for each IDL file, its
// template (which includes the server header) and then its client header:
// all generated files compile together in one translation unit, which
// also checks that each server header stands alone, that a client header
// can follow it, and that files generated from different IDL files
// coexist (one compiler run per configuration keeps the matrix fast).
func writeGenerated(t *testing.T, dir, target string, dirs []string) string {
	t.Helper()
	var text strings.Builder
	for _, path := range idlFiles(t, dirs) {
		base := strings.TrimSuffix(filepath.Base(path), ".idl")
		for _, f := range generate(t, path, target) {
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		fmt.Fprintf(&text, "#include \"%s_template.c\"\n#include \"%s_client.h\"\n", base, base)
	}
	unit := filepath.Join(dir, "all.c")
	if err := os.WriteFile(unit, []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return unit
}

// TestCompileMatrix compiles the generated client, server and template
// of every anchor, IR test and example file with gcc (and clang when
// installed) for both targets, two language standards, three
// optimisation levels, with and without PIE, warnings as errors.
func TestCompileMatrix(t *testing.T) {
	compilers := []string{needTool(t, "gcc")}
	if p, err := exec.LookPath("clang"); err == nil {
		compilers = append(compilers, p)
	}
	inc, err := filepath.Abs(includeDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"ia32", "amd64"} {
		gen := t.TempDir()
		unit := writeGenerated(t, gen, target, compileDirs)
		m := "-m32"
		if target == "amd64" {
			m = "-m64"
		}
		for _, cc := range compilers {
			for _, std := range []string{"c99", "gnu11"} {
				for _, opt := range []string{"-O0", "-O2", "-Os"} {
					for _, pie := range []string{"-fPIE", "-fno-PIE"} {
						cc, std, opt, pie := cc, std, opt, pie
						name := fmt.Sprintf("%s/%s/%s/%s%s%s", target, filepath.Base(cc), std, m, opt, pie)
						t.Run(name, func(t *testing.T) {
							t.Parallel()
							args := []string{m, "-std=" + std, opt, pie, "-Wall", "-Wextra", "-Werror",
								"-I", gen, "-I", inc, "-c", "-o", filepath.Join(t.TempDir(), "all.o"), unit}
							cmd := exec.Command(cc, args...)
							if out, err := cmd.CombinedOutput(); err != nil {
								t.Fatalf("%s %s: %v\n%s", cc, strings.Join(args, " "), err, out)
							}
						})
					}
				}
			}
		}
	}
}

// ia32Targets are the instruction budgets for a whole round trip
// (client and server stubs) on ia32 at -O2, and IDL4's counts, per anchor.
var ia32Targets = map[string][2]int{
	"a_calc": {57, 95}, "b_six": {72, 120}, "c_blk": {58, 97}, "c2_blkdce": {56, 93},
	"d_mapper": {62, 104}, "e_notifier": {47, 78}, "f_geo": {56, 93}, "g_con": {77, 129},
}

var protoRE = regexp.MustCompile(`(?m)^static inline (.+?) *\b(\w+)\((.*)\)$`)

// TestStubCost compiles every anchor's client stub at -O2 (no PIC),
// wrapped in a function that is not inlined, and counts the instructions
// on its fall-through path (conditional branches not taken: the path of a
// successful call; the kernel's Ipc stub is not counted). The counts are
// logged; on ia32 a client stub must stay within the budget of a whole
// round trip.
func TestStubCost(t *testing.T) {
	cc := needTool(t, "gcc")
	objdump := needTool(t, "objdump")
	inc, _ := filepath.Abs(includeDir)
	for _, target := range []string{"ia32", "amd64"} {
		dir := t.TempDir()
		m := "-m32"
		if target == "amd64" {
			m = "-m64"
		}
		var src strings.Builder
		var stubs []string
		var servers []serverBench
		for _, path := range idlFiles(t, []string{"../../testdata/anchor"}) {
			base := strings.TrimSuffix(filepath.Base(path), ".idl")
			for _, f := range generate(t, path, target) {
				if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				if strings.HasSuffix(f.Name, "_template.c") {
					servers = append(servers, serverBench{base: base, file: f.Name, tag: requestTag(load(t, path, target))})
				}
				if !strings.HasSuffix(f.Name, "_client.h") {
					continue
				}
				fmt.Fprintf(&src, "#include \"%s\"\n", f.Name)
				for _, p := range protoRE.FindAllStringSubmatch(string(f.Data), -1) {
					ret, name, params := p[1], p[2], p[3]
					var args []string
					for _, prm := range strings.Split(params, ",") {
						f := regexp.MustCompile(`(\w+)(\[[^\]]*\])*\s*$`).FindStringSubmatch(strings.TrimSpace(prm))
						args = append(args, f[1])
					}
					retKw := "return "
					if ret == "void" {
						retKw = ""
					}
					fmt.Fprintf(&src, "__attribute__((noinline)) %s bench_%s__%s(%s) { %s%s(%s); }\n", ret, base, name, params, retKw, name, strings.Join(args, ", "))
					stubs = append(stubs, "bench_"+base+"__"+name)
				}
			}
		}
		for _, sb := range servers {
			fmt.Fprintf(&src, "#include \"%s\"\n", sb.file)
		}
		// One function per server loop, started with a closed window.
		for _, m := range serverRE.FindAllStringSubmatch(allHeaders(t, dir), -1) {
			arg := ""
			if m[2] != "void" {
				arg = "l4idl_l4fpage(0)"
			}
			fmt.Fprintf(&src, "void run_%s(void) { %s(%s); }\n", m[1], m[1], arg)
		}
		if err := os.WriteFile(filepath.Join(dir, "bench.c"), []byte(src.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		obj := filepath.Join(dir, "bench.o")
		args := []string{m, "-O2", "-fno-pic", "-fno-PIE", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-I", dir, "-I", inc, "-c", "-o", obj, filepath.Join(dir, "bench.c")}
		if out, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", cc, strings.Join(args, " "), err, out)
		}
		out, err := exec.Command(objdump, "-d", "--no-show-raw-insn", obj).Output()
		if err != nil {
			t.Fatalf("objdump: %v", err)
		}
		funcs := parseObjdump(string(out))
		clientN := map[string]int{}
		for _, s := range stubs {
			insns, ok := funcs[s]
			if !ok {
				t.Errorf("%s: %s not found in the object", target, s)
				continue
			}
			n, path := fallThrough(insns)
			anchor := strings.SplitN(strings.TrimPrefix(s, "bench_"), "__", 2)
			clientN[anchor[0]] = n
			t.Logf("%-6s %-34s %3d instructions on the fall-through path (incl. call overhead of the wrapper)", target, anchor[1], n)
			if testing.Verbose() {
				t.Logf("  %s", strings.Join(path, "; "))
			}
			if b, ok := ia32Targets[anchor[0]]; ok && target == "ia32" {
				t.Logf("       round-trip budget %d (IDL4: %d)", b[0], b[1])
				if n > b[0] {
					t.Errorf("%s client stub alone takes %d instructions, more than the round-trip budget %d", anchor[1], n, b[0])
				}
			}
		}
		for _, sb := range servers {
			for name, code := range funcs {
				if !strings.HasPrefix(name, "run_") || !strings.Contains(allServer(t, dir, sb.base), strings.TrimPrefix(name, "run_")+"(") {
					continue
				}
				if c, ok := funcs[strings.TrimPrefix(name, "run_")]; ok {
					code = c // the loop was not inlined into run_
				}
				n, ok := serverPath(code, sb.tag)
				if !ok {
					t.Errorf("%s: cannot trace the server loop %s", target, name)
					continue
				}
				t.Logf("%-6s %-34s %3d instructions per request (server loop, Ipc return to next Ipc call)", target, strings.TrimPrefix(name, "run_"), n)
				if b, ok := ia32Targets[sb.base]; ok && target == "ia32" {
					t.Logf("       round trip %s: client %d + server %d = %d (budget %d, IDL4 %d)", sb.base, clientN[sb.base], n, clientN[sb.base]+n, b[0], b[1])
				}
			}
		}
	}
}

type insn struct {
	addr uint64
	op   string
	args string
}

var insnRE = regexp.MustCompile(`^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$`)
var funcRE = regexp.MustCompile(`^[0-9a-f]+ <([^>]+)>:$`)

// parseObjdump returns the instructions of each function.
func parseObjdump(text string) map[string][]insn {
	funcs := map[string][]insn{}
	var cur string
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if m := funcRE.FindStringSubmatch(line); m != nil {
			cur = m[1]
			continue
		}
		if m := insnRE.FindStringSubmatch(line); m != nil && cur != "" {
			a, _ := strconv.ParseUint(m[1], 16, 64)
			funcs[cur] = append(funcs[cur], insn{a, m[2], m[3]})
		}
	}
	return funcs
}

// fallThrough counts the instructions executed from a function's entry
// when no conditional branch is taken, following unconditional jumps
// inside the function, up to a return or a jump out of it.
func fallThrough(code []insn) (int, []string) {
	at := map[uint64]int{}
	for i, in := range code {
		at[in.addr] = i
	}
	n := 0
	var path []string
	for i := 0; i < len(code) && n < 1000; {
		in := code[i]
		n++
		path = append(path, in.op)
		switch {
		case strings.HasPrefix(in.op, "ret"):
			return n, path
		case in.op == "jmp":
			a, err := strconv.ParseUint(strings.Fields(in.args)[0], 16, 64)
			j, ok := at[a]
			if err != nil || !ok {
				return n, path // tail call
			}
			i = j
			continue
		}
		i++
	}
	return n, path
}

// TestRoundTripAmd64 compiles the stubs of examples/calc for amd64 with a
// harness that plays the kernel (testdata/roundtrip_amd64.c) and runs it
// on this machine: client stubs against hand-made replies (results, user
// exception, IPC error, bounds, receive window), the server loop against
// hand-made requests (dispatch, exception reply, malformed and unknown
// requests, inline strings, string and map items, oneway, failed Ipc).
func TestRoundTripAmd64(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the harness runs on amd64 Linux")
	}
	cc := needTool(t, "gcc")
	dir := t.TempDir()
	for _, f := range generate(t, "../../examples/calc/calc.idl", "amd64") {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inc, _ := filepath.Abs(includeDir)
	for _, opt := range []string{"-O0", "-O2", "-Os"} {
		bin := filepath.Join(dir, "harness"+opt)
		args := []string{"-m64", opt, "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-I", dir, "-I", inc, "-o", bin, "testdata/roundtrip_amd64.c"}
		if out, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", cc, strings.Join(args, " "), err, out)
		}
		out, err := exec.Command(bin).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "ok (0 failures)") {
			t.Errorf("%s: %v\n%s", opt, err, out)
		}
	}
}

// serverBench is an anchor whose server loop is measured.
type serverBench struct {
	base, file string
	tag        uint64
}

var serverRE = regexp.MustCompile(`(?m)^static inline void (\w+_server)\((.*)\)$`)

// allHeaders returns the text of every server header in dir.
func allHeaders(t *testing.T, dir string) string {
	fs, _ := filepath.Glob(filepath.Join(dir, "*_server.h"))
	var b strings.Builder
	for _, f := range fs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// allServer returns the text of one anchor's server header.
func allServer(t *testing.T, dir, base string) string {
	data, err := os.ReadFile(filepath.Join(dir, base+"_server.h"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// requestTag returns the tag of the first operation's request.
func requestTag(l *ir.Layout) uint64 {
	for _, il := range l.Interfaces {
		for _, ol := range il.Ops {
			m := ol.Request
			return m.Label<<16 | uint64(m.TypedWords)<<6 | uint64(m.FixedWords)
		}
	}
	return 0
}

// serverPath counts the instructions a server loop executes for one
// well-formed request: from the instruction after the Ipc call (the call
// right after "push %ebp"/"push %rbp") until that call again, taking the
// branch that compares equal to the request's tag and falling through
// every other conditional branch.
func serverPath(code []insn, tag uint64) (int, bool) {
	at := map[uint64]int{}
	call := -1
	for i, in := range code {
		at[in.addr] = i
		if call < 0 && strings.HasPrefix(in.op, "call") && i > 0 && strings.HasPrefix(code[i-1].op, "push") && strings.Contains(code[i-1].args, "bp") {
			call = i
		}
	}
	if call < 0 {
		return 0, false
	}
	hexTag := fmt.Sprintf("$0x%x,", tag)
	n := 0
	for i := call + 1; n < 1000; {
		if i >= len(code) {
			return 0, false
		}
		in := code[i]
		n++
		if i == call {
			return n, true
		}
		target := func() (int, bool) {
			a, err := strconv.ParseUint(strings.Fields(in.args)[0], 16, 64)
			j, ok := at[a]
			return j, err == nil && ok
		}
		switch {
		case in.op == "jmp":
			j, ok := target()
			if !ok {
				return 0, false
			}
			i = j
			continue
		case strings.HasPrefix(in.op, "j") && i > 0 && strings.HasPrefix(code[i-1].op, "cmp") && strings.HasPrefix(code[i-1].args, hexTag):
			if in.op == "je" {
				j, ok := target()
				if !ok {
					return 0, false
				}
				i = j
				continue
			}
		case strings.HasPrefix(in.op, "ret"):
			return 0, false
		}
		i++
	}
	return 0, false
}
