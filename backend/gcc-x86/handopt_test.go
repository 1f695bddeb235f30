package gccx86_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/backend/gcc-x86/internal/e2egen"
	"github.com/l4idl/l4idl/internal/stubcost"
	"github.com/l4idl/l4idl/runtime/hosted"
)

// handoptDir holds the hand-optimal stub sets: handoptDir/<target>/
// <base>_client.h and <base>_server.h for every anchor, and shared
// headers (any other .h) they include.
const handoptDir = "../../bench/handopt"

// TestHandoptE2E runs the end-to-end program (runE2EWith: every call,
// exception, misbehaving server and hostile request e2egen plans) of
// every anchor (testdata/anchor) on both targets against the
// hand-optimal stubs of bench/handopt, which must pass every check the
// generated stubs pass.
func TestHandoptE2E(t *testing.T) {
	for _, arch := range gccx86.Targets {
		for _, path := range idlFiles(t, []string{"../../testdata/anchor"}) {
			base := strings.TrimSuffix(filepath.Base(path), ".idl")
			arch, path := arch, path
			t.Run(arch+"/"+base, func(t *testing.T) {
				t.Parallel()
				runE2EWith(t, path, arch, base, func(t *testing.T, dir string) {
					writeHandopt(t, path, arch, base, dir)
				})
			})
		}
	}
}

// writeHandopt writes the hand-optimal stub set of one anchor into dir:
// the support header l4idl_corba.h from the generator (the API both
// share), then bench/handopt/<arch>/<base>_client.h, _server.h and the
// shared headers there. A missing hand-optimal file fails the test.
func writeHandopt(t *testing.T, path, arch, base, dir string) {
	t.Helper()
	for _, f := range generate(t, path, arch) {
		if strings.HasSuffix(f.Name, "_client.h") || strings.HasSuffix(f.Name, "_server.h") ||
			strings.HasSuffix(f.Name, "_template.c") {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join(handoptDir, arch)
	for _, name := range []string{base + "_client.h", base + "_server.h"} {
		if _, err := os.Stat(filepath.Join(src, name)); err != nil {
			t.Fatalf("no hand-optimal stubs: %v", err)
		}
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		name := e.Name()
		own := name == base+"_client.h" || name == base+"_server.h"
		shared := strings.HasSuffix(name, ".h") && !strings.HasSuffix(name, "_client.h") && !strings.HasSuffix(name, "_server.h")
		if e.IsDir() || (!own && !shared) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// redZoneRE matches a memory operand below the stack pointer.
var redZoneRE = regexp.MustCompile(`-0x[0-9a-f]+\(%rsp\)`)

// TestHandoptRedZone checks what the amd64 hand-optimal stubs rely on
// instead of stepping over the red zone at every Ipc site (bench/handopt/
// amd64/l4idl_handopt.h): no function that contains an Ipc call keeps
// data below RSP, where the call's return address would land. For each
// anchor it builds the end-to-end program and internal/stubcost's
// measuring program (each client stub alone in a wrapper: the context in
// which GCC is most tempted to treat a function as a leaf) with the
// hand-optimal stubs and reads the disassembly of every function (with
// its split-off cold parts) that calls __L4_Ipc.
func TestHandoptRedZone(t *testing.T) {
	objdump := needTool(t, "objdump")
	for _, path := range idlFiles(t, []string{"../../testdata/anchor"}) {
		base := strings.TrimSuffix(filepath.Base(path), ".idl")
		path := path
		t.Run(base, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeHandopt(t, path, "amd64", base, dir)
			prog, err := e2egen.Generate(load(t, path, "amd64"), e2egen.Config{Base: base, Name: base + " amd64"})
			if err != nil {
				t.Fatal(err)
			}
			src := filepath.Join(dir, "e2e_"+base+".c")
			if err := os.WriteFile(src, prog.Source, 0o644); err != nil {
				t.Fatal(err)
			}
			bins := []string{hosted.Build(t, "amd64", src, "-I"+dir, "-Wno-unused-parameter")}
			work := t.TempDir()
			if _, err := stubcost.Measure(stubcost.Config{Files: []string{path}, Targets: []string{"amd64"},
				Variants: []stubcost.Variant{stubcost.HandoptVariant(handoptDir)}, IncludeDirs: []string{includeDir},
				WorkDir: work, NoDyn: true}); errors.Is(err, hosted.ErrToolMissing) && os.Getenv("CI") == "" {
				t.Skip(err)
			} else if err != nil {
				t.Fatal(err)
			}
			progs, _ := filepath.Glob(filepath.Join(work, "amd64", base, "*", "prog.amd64"))
			if len(progs) == 0 {
				t.Fatalf("internal/stubcost left no measuring program in %s", work)
			}
			checked := 0
			for _, bin := range append(bins, progs...) {
				checked += checkRedZone(t, objdump, bin)
			}
			if checked == 0 {
				t.Fatal("no function calls __L4_Ipc: the check found nothing to check")
			}
		})
	}
}

// checkRedZone reports every memory operand below RSP in a function of
// bin that calls __L4_Ipc, and returns how many such functions it read.
func checkRedZone(t *testing.T, objdump, bin string) int {
	t.Helper()
	out, err := exec.Command(objdump, "-d", "--no-show-raw-insn", bin).Output()
	if err != nil {
		t.Fatalf("objdump %s: %v", bin, err)
	}
	funcs := parseObjdump(string(out))
	parts := map[string][]string{} // function -> its parts (f, f.cold, ...)
	for name := range funcs {
		whole, _, _ := strings.Cut(name, ".")
		parts[whole] = append(parts[whole], name)
	}
	checked := 0
	for whole, names := range parts {
		ipc := false
		for _, n := range names {
			for _, in := range funcs[n] {
				ipc = ipc || strings.Contains(in.args, "<__L4_Ipc>")
			}
		}
		if !ipc || strings.HasPrefix(whole, "__L4_") || strings.HasPrefix(whole, "hosted_") {
			continue
		}
		checked++
		for _, n := range names {
			for _, in := range funcs[n] {
				// lea -0x80(%rsp),%rsp steps over the red zone (the
				// test program's own raw Ipc does): no data.
				if redZoneRE.MatchString(in.args) && !(in.op == "lea" && strings.HasSuffix(in.args, ",%rsp")) {
					t.Errorf("%s: %s: %x: %s %s: data in the red zone of a function with an Ipc call",
						filepath.Base(bin), n, in.addr, in.op, in.args)
				}
			}
		}
	}
	return checked
}

// handoptOutlined builds the hand-optimal client stubs as functions of
// their own (see L4IDL_HO_CLIENT in bench/handopt/*/l4idl_handopt.h).
const handoptOutlined = "-DL4IDL_HO_CLIENT=static __attribute__((noinline, unused))"

// TestHandoptE2EOpt runs the end-to-end programs of the anchors with the
// hand-optimal stubs at -O1 and -O3, and at -O2 with every client stub a
// function of its own: the stubs' inline assembly meets other register
// allocations and inlining decisions there than at runtime/hosted's -O2,
// and must be right under all of them. An outlined stub has its
// arguments in its own stack frame, as in the measuring programs'
// wrappers (an ESP-relative asm operand that a push inside the asm
// invalidates shows there).
func TestHandoptE2EOpt(t *testing.T) {
	for _, opt := range []string{"-O1", "-O3", handoptOutlined} {
		name := opt
		if opt == handoptOutlined {
			name = "outlined"
		}
		for _, arch := range gccx86.Targets {
			for _, path := range idlFiles(t, []string{"../../testdata/anchor"}) {
				base := strings.TrimSuffix(filepath.Base(path), ".idl")
				opt, arch, path := opt, arch, path
				t.Run(name+"/"+arch+"/"+base, func(t *testing.T) {
					t.Parallel()
					dir := t.TempDir()
					writeHandopt(t, path, arch, base, dir)
					prog, err := e2egen.Generate(load(t, path, arch), e2egen.Config{Base: base, Name: base + " " + arch})
					if err != nil {
						t.Fatal(err)
					}
					src := filepath.Join(dir, "e2e_"+base+".c")
					if err := os.WriteFile(src, prog.Source, 0o644); err != nil {
						t.Fatal(err)
					}
					bin := hosted.Build(t, arch, src, "-I"+dir, opt, "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter")
					out, code := hosted.Run(t, arch, bin)
					if problems := e2eVerdict(out, prog.Checks); code != 0 || len(problems) > 0 {
						t.Errorf("%s (%s, %s): exit status %d\n%s\n--- program output ---\n%s",
							base, arch, opt, code, strings.Join(problems, "\n"), e2eOutput(out))
					}
				})
			}
		}
	}
}
