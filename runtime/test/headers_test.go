// Package test checks l4idl's L4 X.2 user API headers (runtime/include)
// and libl4 (runtime/libl4) with the C compilers of the host: every header
// compiles, alone and together, as C99, GNU C11 and C++17 for ia32 and
// amd64 with warnings as errors; and a hosted program (testdata/check.c)
// runs the helpers, the UTCB and KIP accessors and every system-call
// binding against a fake UTCB, a fake KIP and fake kernel stubs, checking
// the numbers of the ABI fact sheet.
//
// The tests need gcc, g++, clang and clang++ with 32-bit support
// (gcc-multilib, g++-multilib) and, where the kernel cannot run ia32
// binaries, qemu-i386 (qemu-user).  A missing tool skips the tests that
// need it, or fails them when the environment variable CI is set.
package test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	includeDir = "../include"
	libl4Dir   = "../libl4"
	dataDir    = "testdata"
)

// requireTool skips the test when the program is missing, or fails it
// when CI is set.
func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		missing(t, fmt.Sprintf("%s not found in PATH", name))
	}
}

// missing reports a missing prerequisite: fatal under CI, a skip otherwise.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (needed when CI is set; scripts/test.sh installs it)", why)
	}
	t.Skipf("%s; skipping", why)
}

// run runs a command with a timeout and returns its combined output.
func run(dir string, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}

// commonFlags are the warning flags of every compile.
var commonFlags = []string{"-Wall", "-Wextra", "-Werror"}

// headers returns the header paths relative to includeDir, sorted.
func headers(t *testing.T) []string {
	t.Helper()
	var hs []string
	err := filepath.WalkDir(includeDir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".h") {
			rel, err := filepath.Rel(includeDir, path)
			if err != nil {
				return err
			}
			hs = append(hs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(hs)
	if len(hs) < 10 {
		t.Fatalf("found only %d headers under %s", len(hs), includeDir)
	}
	return hs
}

type lang struct {
	name  string
	cxx   bool
	flags []string
}

var langs = []lang{
	{"c99", false, []string{"-std=c99"}},
	{"gnu11", false, []string{"-std=gnu11"}},
	{"c++17", true, []string{"-x", "c++", "-std=c++17"}},
}

type compiler struct{ cc, cxx string }

var compilers = []compiler{{"gcc", "g++"}, {"clang", "clang++"}}

// TestCompileMatrix compiles testdata/all_headers.c, which uses every
// inline function of every header, with gcc and clang as C99, GNU C11 and
// C++17, for -m32 and -m64, at -O0 and -O2, with -Wall -Wextra -Werror
// -pedantic.  Object code is generated (-c), so every inline asm must also
// be register-allocatable at both optimisation levels.
func TestCompileMatrix(t *testing.T) {
	src, err := filepath.Abs(filepath.Join(dataDir, "all_headers.c"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range compilers {
		for _, l := range langs {
			for _, m := range []string{"-m32", "-m64"} {
				for _, o := range []string{"-O0", "-O2"} {
					c, l, m, o := c, l, m, o
					t.Run(strings.Join([]string{c.cc, l.name, m, o}, "/"), func(t *testing.T) {
						t.Parallel()
						compileObject(t, c, l, src, m, o, "-pedantic")
					})
				}
			}
		}
	}
	// Code models that change the register pressure on ia32: PIC (EBX is
	// the GOT pointer) and a forced frame pointer (EBP taken) at -O2.
	for _, c := range compilers {
		for _, extra := range [][]string{{"-O0", "-fPIC"}, {"-O2", "-fPIC"}, {"-O2", "-fno-omit-frame-pointer"}} {
			c, extra := c, extra
			t.Run(strings.Join(append([]string{c.cc, "gnu11", "-m32"}, extra...), "/"), func(t *testing.T) {
				t.Parallel()
				compileObject(t, c, langs[1], src, append([]string{"-m32", "-pedantic"}, extra...)...)
			})
		}
	}
}

func compileObject(t *testing.T, c compiler, l lang, src string, flags ...string) {
	t.Helper()
	cc := c.cc
	if l.cxx {
		cc = c.cxx
	}
	requireTool(t, cc)
	args := append(append([]string{}, commonFlags...), l.flags...)
	args = append(args, flags...)
	args = append(args, "-I", includeDir, "-c", src, "-o", filepath.Join(t.TempDir(), "out.o"))
	if out, err := run(".", cc, args...); err != nil {
		t.Fatalf("%s %s: %v\n%s", cc, strings.Join(args, " "), err, out)
	}
}

// TestHeadersSelfContained compiles each header on its own (C99 and
// C++17, both word sizes): a header must include what it needs.  (The
// architecture headers are empty for the other architecture.)
func TestHeadersSelfContained(t *testing.T) {
	requireTool(t, "gcc")
	requireTool(t, "g++")
	dir := t.TempDir()
	for _, h := range headers(t) {
		for _, m := range []string{"-m32", "-m64"} {
			h, m := h, m
			t.Run(h+"/"+m, func(t *testing.T) {
				t.Parallel()
				src := filepath.Join(dir, strings.NewReplacer("/", "_", ".", "_").Replace(h)+m+".c")
				text := fmt.Sprintf("#include <%s>\n#include <%s>\nint l4idl_header_test;\n", h, h)
				if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				for _, l := range []lang{langs[0], langs[2]} {
					cc := "gcc"
					if l.cxx {
						cc = "g++"
					}
					args := append(append(append([]string{}, commonFlags...), l.flags...),
						m, "-pedantic", "-I", includeDir, "-fsyntax-only", src)
					if out, err := run(".", cc, args...); err != nil {
						t.Errorf("%s %s: %v\n%s", cc, strings.Join(args, " "), err, out)
					}
				}
			})
		}
	}
}

// TestIDLView checks that l4/types.h still reads as plain C without
// unions, bit-fields or functions when __L4IDL__ is defined (the view of
// l4idl's IDL front end).
func TestIDLView(t *testing.T) {
	requireTool(t, "gcc")
	for _, m := range []string{"-m32", "-m64"} {
		args := []string{m, "-D__L4IDL__", "-E", "-P", "-I", includeDir, "-x", "c", filepath.Join(includeDir, "l4", "types.h")}
		out, err := run(".", "gcc", args...)
		if err != nil {
			t.Fatalf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		for _, word := range []string{"union", "inline", "__asm__", "__extension__"} {
			if bytes.Contains(out, []byte(word)) {
				t.Errorf("%s: l4/types.h with __L4IDL__ contains %q", m, word)
			}
		}
		if regexp.MustCompile(`:\s*\d+\s*[;,]`).Match(out) {
			t.Errorf("%s: l4/types.h with __L4IDL__ declares bit-fields", m)
		}
		for _, typ := range []string{"L4_ThreadId_t", "L4_Fpage_t", "L4_MsgTag_t", "L4_Time_t", "L4_Clock_t"} {
			if !bytes.Contains(out, []byte("} "+typ+";")) {
				t.Errorf("%s: l4/types.h with __L4IDL__ does not declare %s", m, typ)
			}
		}
	}
}

// inlineFunc matches the name of an inline function definition.
var inlineFunc = regexp.MustCompile(`(?m)^L4_INLINE\s+[^(;]*?\b(\w+)\s*\(`)

// ipcMacro matches the instantiations of the Ipc/Lipc definition macros.
var ipcMacro = regexp.MustCompile(`(?m)^__L4_(?:IA32|AMD64)_IPC\((\w+),`)

// TestEveryFunctionExercised checks that all_headers.c names every public
// inline function of the headers, so the compile matrix covers it.
func TestEveryFunctionExercised(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(dataDir, "all_headers.c"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, h := range headers(t) {
		text, err := os.ReadFile(filepath.Join(includeDir, filepath.FromSlash(h)))
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range []*regexp.Regexp{inlineFunc, ipcMacro} {
			for _, m := range re.FindAllSubmatch(text, -1) {
				if name := string(m[1]); strings.HasPrefix(name, "L4_") {
					names[name] = h
				}
			}
		}
	}
	if len(names) < 250 {
		t.Fatalf("found only %d inline functions in the headers", len(names))
	}
	for name, h := range names {
		if !bytes.Contains(src, []byte("F("+name+")")) {
			t.Errorf("%s: %s is not in all_functions[] of testdata/all_headers.c", h, name)
		}
	}
}

// asmStatements returns the bodies of the volatile asm statements in text
// (from the opening parenthesis to the matching closing one, skipping
// string literals) and their line numbers.
func asmStatements(text string) (bodies []string, lines []int) {
	const start = "__asm__ __volatile__("
	for i := strings.Index(text, start); i >= 0; {
		j, depth, inString := i+len(start), 1, false
		for ; j < len(text) && depth > 0; j++ {
			switch c := text[j]; {
			case inString && c == '\\':
				j++
			case c == '"':
				inString = !inString
			case !inString && c == '(':
				depth++
			case !inString && c == ')':
				depth--
			}
		}
		bodies = append(bodies, text[i+len(start):j])
		lines = append(lines, 1+strings.Count(text[:i], "\n"))
		next := strings.Index(text[j:], start)
		if next < 0 {
			break
		}
		i = j + next
	}
	return bodies, lines
}

// TestAsmClobbersMemory checks that every asm statement that enters the
// kernel (a call of a system-call stub or a debugger trap) clobbers
// "memory" and "cc": the kernel reads and writes the UTCB and, for string
// items, arbitrary user memory.  A missing "memory" rarely shows in a
// test run, so it is checked in the source.
func TestAsmClobbersMemory(t *testing.T) {
	count := 0
	for _, h := range []string{"l4/ia32/syscalls.h", "l4/amd64/syscalls.h", "l4/kdebug.h"} {
		text, err := os.ReadFile(filepath.Join(includeDir, filepath.FromSlash(h)))
		if err != nil {
			t.Fatal(err)
		}
		bodies, lines := asmStatements(string(text))
		for i, body := range bodies {
			if !strings.Contains(body, "call") && !strings.Contains(body, "__L4_AMD64_CALL") && !strings.Contains(body, "int $3") {
				continue
			}
			count++
			if !strings.Contains(body, `"memory"`) || !strings.Contains(body, `"cc"`) {
				t.Errorf("%s:%d: asm entering the kernel lacks a \"memory\" or \"cc\" clobber", h, lines[i])
			}
		}
	}
	// Ipc/Lipc (one macro), 9 other calls on each architecture, and the
	// two debugger forms.
	if count != 22 {
		t.Errorf("found %d kernel-entering asm statements, want 22", count)
	}
}

// build describes one build of the hosted check program.
type build struct {
	name  string
	cc    string
	arch  string // "ia32" or "amd64"
	flags []string
}

var builds = []build{
	{"gcc-amd64-O0", "gcc", "amd64", []string{"-O0"}},
	{"gcc-amd64-O2", "gcc", "amd64", []string{"-O2"}},
	{"gcc-amd64-O2-realgs", "gcc", "amd64", []string{"-O2", "-DTEST_REAL_GS"}},
	{"gcc-ia32-O0", "gcc", "ia32", []string{"-O0"}},
	{"gcc-ia32-O2", "gcc", "ia32", []string{"-O2"}},
	{"clang-amd64-O2", "clang", "amd64", []string{"-O2"}},
	{"clang-amd64-O0-realgs", "clang", "amd64", []string{"-O0", "-DTEST_REAL_GS"}},
	{"clang-ia32-O0", "clang", "ia32", []string{"-O0"}},
	{"clang-ia32-O2", "clang", "ia32", []string{"-O2"}},
}

var passLine = regexp.MustCompile(`(?m)^PASS (\d+) checks$`)

// TestRuntime builds testdata/check.c with libl4 and the fake kernel for
// ia32 and amd64 and runs it: bit layouts, L4_TimePeriod, error decoding,
// items and buffers, KIP accessors against a KIP laid out per section 8,
// TCR offsets per section 6, the lazy system-call initialisation and the
// register contract of every system call (sections 9.2, 9.3).
func TestRuntime(t *testing.T) {
	for _, b := range builds {
		b := b
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			requireTool(t, b.cc)
			m := "-m64"
			if b.arch == "ia32" {
				m = "-m32"
			}
			requireLinkable(t, b.cc, m)
			exe := filepath.Join(t.TempDir(), "check")
			args := append(append([]string{}, commonFlags...), m, "-fno-pie", "-no-pie")
			args = append(args, b.flags...)
			args = append(args, "-I", includeDir,
				filepath.Join(dataDir, "check.c"),
				filepath.Join(libl4Dir, b.arch, "syscalls.S"),
				filepath.Join(dataDir, "fakekernel_"+b.arch+".S"),
				"-o", exe)
			if out, err := run(".", b.cc, args...); err != nil {
				t.Fatalf("%s %s: %v\n%s", b.cc, strings.Join(args, " "), err, out)
			}
			out, err := runProgram(t, b.arch, exe)
			if err != nil {
				t.Fatalf("%s: %v\n%s", exe, err, out)
			}
			mm := passLine.FindSubmatch(out)
			if mm == nil {
				t.Fatalf("%s: no PASS line\n%s", exe, out)
			}
			if n, _ := strconv.Atoi(string(mm[1])); n < 550 {
				t.Fatalf("%s: only %d checks ran\n%s", exe, n, out)
			}
		})
	}
}

var (
	linkProbe   sync.Map // "cc m" -> error
	nativeIA32  error
	nativeProbe sync.Once
)

// requireLinkable checks that cc can link a C program for m (for -m32
// that needs gcc-multilib's 32-bit C library).
func requireLinkable(t *testing.T, cc, m string) {
	t.Helper()
	key := cc + " " + m
	v, ok := linkProbe.Load(key)
	if !ok {
		dir := t.TempDir()
		src := filepath.Join(dir, "probe.c")
		if err := os.WriteFile(src, []byte("#include <stdio.h>\nint main(void) { return puts(\"\") < 0; }\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := run(dir, cc, m, src, "-o", filepath.Join(dir, "probe"))
		if err != nil {
			err = fmt.Errorf("%v\n%s", err, out)
		}
		v, _ = linkProbe.LoadOrStore(key, err)
	}
	if err, _ := v.(error); err != nil {
		missing(t, fmt.Sprintf("%s %s cannot link a C program (install gcc-multilib): %v", cc, m, err))
	}
}

// runProgram runs exe; an ia32 program runs under qemu-i386 when the
// kernel cannot execute it.
func runProgram(t *testing.T, arch, exe string) ([]byte, error) {
	t.Helper()
	if arch == "ia32" {
		nativeProbe.Do(func() {
			_, nativeIA32 = run(".", exe)
		})
		if errors.Is(nativeIA32, syscall.ENOEXEC) || isExecFormat(nativeIA32) {
			requireTool(t, "qemu-i386")
			return run(".", "qemu-i386", exe)
		}
	}
	return run(".", exe)
}

func isExecFormat(err error) bool {
	return err != nil && strings.Contains(err.Error(), "exec format error")
}
