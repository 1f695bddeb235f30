package gccx86_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/l4idl/l4idl/backend/gcc-x86/internal/e2egen"
	"github.com/l4idl/l4idl/runtime/hosted"
	"github.com/l4idl/l4idl/runtime/kernel"
)

// e2eKernelPerBoot is how many end-to-end programs share one root task.
// Each program brings about 2.2 to 3.5 MiB of static buffers (its arena,
// string buffers), and a root-task image must stay below 32 MiB
// (kernel.RootTaskEnd - kernel.RootTaskBase).
const e2eKernelPerBoot = 6

// kernelProg is one generated end-to-end program.
type kernelProg struct {
	base, src string
	checks    []string
}

// TestE2EKernel runs the end-to-end programs of TestE2E (ia32) on l4idl's
// own L4 kernel in QEMU instead of the hosted emulator. Several programs
// are linked into one root task (main renamed per program, see
// e2eKernelPerBoot) with the kernel implementation of hosted.h
// (runtime/kernel/user/hosted), which starts every server in a new
// address space paged by the root task. So each call, string and mapping
// crosses address spaces and page tables on a real kernel (e2egen's
// Config.Kernel: fpages are real pages, mapped into a receive window the
// pager never maps and read there; hostile strings also point at memory
// the sender's pager never maps), and the
// hostile requests hit servers that must answer them with errors and go
// on serving. Every boot must plan-check all its programs' checks exactly
// once and all ok and end cleanly ("KDB: done"); otherwise the test fails
// with the serial log. L4IDL_E2E_KERNEL_DIR=DIR keeps the sources.
//
// It lives here and not in runtime/kernel because the program generator
// is internal to this package.
func TestE2EKernel(t *testing.T) {
	const arch = "ia32"
	dir := t.TempDir()
	if d := os.Getenv("L4IDL_E2E_KERNEL_DIR"); d != "" {
		dir = d
	}
	var progs []kernelProg
	for _, path := range idlFiles(t, e2eDirs) {
		base := strings.TrimSuffix(filepath.Base(path), ".idl")
		sub := filepath.Join(dir, base)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range generate(t, path, arch) {
			if err := os.WriteFile(filepath.Join(sub, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		prog, err := e2egen.Generate(load(t, path, arch), e2egen.Config{Base: base, Name: base + " " + arch, Kernel: true})
		if err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(sub, "e2e_"+base+".c")
		if err := os.WriteFile(src, prog.Source, 0o644); err != nil {
			t.Fatal(err)
		}
		progs = append(progs, kernelProg{base: base, src: src, checks: prog.Checks})
	}
	for i := 0; i < len(progs); i += e2eKernelPerBoot {
		group := progs[i:min(i+e2eKernelPerBoot, len(progs))]
		name := fmt.Sprintf("boot%d", i/e2eKernelPerBoot+1)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runE2EKernel(t, filepath.Join(dir, name), group)
		})
	}
}

// runE2EKernel links the programs into one root task, boots it and checks
// the output.
func runE2EKernel(t *testing.T, dir string, progs []kernelProg) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var srcs, names, want []string
	var decls, calls strings.Builder
	for k, p := range progs {
		// One translation unit per program with its main renamed; the
		// program's directory is searched first for its stub headers.
		// CORBA_alloc and CORBA_free are weak (l4idl_corba.h): renamed
		// too, or the linker would silently give every program the
		// first program's allocator and arena. Other global names
		// (implementations) would clash loudly at link time.
		wrapper := filepath.Join(dir, fmt.Sprintf("prog%02d_%s.c", k, p.base))
		src := fmt.Sprintf("#define main e2e_main_%[1]d\n#define CORBA_alloc e2e_CORBA_alloc_%[1]d\n#define CORBA_free e2e_CORBA_free_%[1]d\n#include %[2]q\n", k, p.src)
		if err := os.WriteFile(wrapper, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, wrapper)
		names = append(names, p.base)
		want = append(want, p.checks...)
		fmt.Fprintf(&decls, "int e2e_main_%d(void);\n", k)
		fmt.Fprintf(&calls, "\tu_printf(\"# program %s\\n\");\n\trc |= e2e_main_%d();\n\tu_kill_all();\n", p.base, k)
	}
	driver := filepath.Join(dir, "driver.c")
	drv := "#include \"user.h\"\n" + decls.String() +
		"int main(void)\n{\n\tint rc = 0;\n" + calls.String() + "\treturn rc;\n}\n"
	if err := os.WriteFile(driver, []byte(drv), 0o644); err != nil {
		t.Fatal(err)
	}
	srcs = append(srcs, driver, filepath.Join(kernel.UserDir(), "hosted", "hosted.c"))
	start := time.Now()
	root, err := kernel.BuildRootTask(filepath.Join(dir, "build"), srcs, "-I"+hosted.Dir(), "-Wno-unused-parameter")
	built := time.Since(start)
	if errors.Is(err, kernel.ErrToolMissing) {
		kernel.Missing(t, err.Error())
	}
	if err != nil {
		t.Fatalf("building the root task: %v", err)
	}
	k, s0 := kernel.MustBuild(t)
	res, err := kernel.Boot(context.Background(), kernel.BootOptions{Kernel: k, Sigma0: s0, RootTask: root, Timeout: 100 * time.Second})
	if errors.Is(err, kernel.ErrToolMissing) {
		kernel.Missing(t, err.Error())
	}
	if err != nil {
		t.Fatalf("booting: %v", err)
	}
	booted := time.Since(start) - built
	problems := e2eVerdict(res.Log, want)
	if res.Ending != kernel.EndKDB || res.KDB != "done" {
		problems = append([]string{fmt.Sprintf("run ended with %s (KDB %q, qemu exit status %d), want \"KDB: done\"", res.Ending, res.KDB, res.ExitCode)}, problems...)
	}
	if len(problems) > 0 {
		if len(problems) > 60 {
			problems = append(problems[:60], fmt.Sprintf("... and %d more", len(problems)-60))
		}
		t.Fatalf("programs %s: %d problems\n%s\n--- serial log ---\n%s", strings.Join(names, " "),
			len(problems), strings.Join(problems, "\n"), e2eOutput(res.Log))
	}
	t.Logf("programs %s: %d checks passed on the kernel (build %v, boot %v)", strings.Join(names, " "), len(want),
		built.Round(time.Millisecond), booted.Round(time.Millisecond))
}
