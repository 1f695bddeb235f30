// Package hosted builds and runs L4 programs on l4idl's hosted L4 X.2 IPC
// emulator: unmodified L4 user code (the <l4/...> headers, libl4, generated
// stubs) linked with the emulator in this directory becomes an ordinary
// static Linux executable, with one L4 address space per process and L4
// threads switched cooperatively on IPC. The emulator follows the ABI fact
// sheet (../shared/spec/l4-x2-abi.md): UTCBs through %gs:0, the KIP through
// `lock; nop', system calls through the KIP links with the register
// contracts of sections 9.2 (ia32) and 9.3 (amd64).
//
// Tests of other packages use it like this:
//
//	bin := hosted.Build(t, "ia32", "client.c", "server.c", "-Igen")
//	out, code := hosted.Run(t, "ia32", bin)
//
// ia32 programs run natively where the host kernel executes 32-bit code and
// under qemu-i386 where it does not (Command picks). Programs print with
// hosted_printf and fail with HOSTED_ASSERT (see hosted.h); the exit status
// says what happened (ExitFail, ExitDeadlock, ...).
//
// Build needs gcc (with gcc-multilib for ia32); running ia32 programs on a
// host without 32-bit support needs qemu-user. A test whose tool is missing
// fails when the CI environment variable is set and is skipped otherwise.
package hosted

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Exit statuses of a hosted program (hosted.h).
const (
	ExitFail        = 1 // hosted_fail, HOSTED_ASSERT or HOSTED_CHECK_EQ
	ExitDeadlock    = 2 // every thread blocked without a pending timeout
	ExitKDB         = 3 // the program entered the kernel debugger
	ExitUnsupported = 4 // the program used something not emulated
)

// Arches lists the architectures the emulator supports.
var Arches = []string{"ia32", "amd64"}

// RunTimeout bounds one Run of a hosted program.
var RunTimeout = 60 * time.Second

// Dir is the directory of the emulator's C and assembly sources
// (runtime/hosted/emu).
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "emu")
}

// runtimeDir is runtime/, home of include/ and libl4/.
func runtimeDir() string { return filepath.Join(Dir(), "..", "..") }

// libcDir holds the freestanding C library the emulator shares with the
// kernel's root-task runtime (runtime/libc).
func libcDir() string { return filepath.Join(runtimeDir(), "libc") }

// IncludeDirs are the -I directories every hosted compilation uses: the L4
// user API headers (runtime/include) and the emulator's (hosted.h).
func IncludeDirs() []string {
	return []string{filepath.Join(runtimeDir(), "include"), Dir()}
}

// Build compiles the emulator (emu/), libl4 (runtime/libl4, if present) and the
// given C or assembly sources for arch ("ia32" or "amd64") into one static
// executable and returns its path (inside t.TempDir()). Arguments that
// begin with '-' are extra gcc flags for the given sources (for example
// "-Idir", "-DNAME", "-O0", "-Werror"); later flags override the defaults
// (-O2 -g -std=gnu11 -Wall). Emulator and libl4 objects are cached across
// calls and processes, keyed by their content and flags. Build fails t on
// a compile or link error, and skips (fails under CI) when the toolchain
// for arch is missing.
func Build(t testing.TB, arch string, srcs ...string) string {
	t.Helper()
	bin, err := BuildProgram(arch, t.TempDir(), srcs...)
	if errors.Is(err, ErrToolMissing) {
		missing(t, strings.TrimSuffix(err.Error(), ": "+ErrToolMissing.Error()))
	}
	if err != nil {
		t.Fatalf("hosted.Build: %v", err)
	}
	return bin
}

// ErrToolMissing is wrapped by the errors of BuildProgram and
// ProgramCommand when a tool they need is not installed (scripts/test.sh
// installs them all).
var ErrToolMissing = errors.New("tool missing")

// BuildProgram is Build for programs that are not tests (such as the
// examples): it builds the same executable as dir/prog.<arch> and returns
// its path, or an error that says what failed (wrapping ErrToolMissing
// when the toolchain for arch is not installed).
func BuildProgram(arch, dir string, srcs ...string) (string, error) {
	tc, err := toolchain(arch)
	if err != nil {
		return "", err
	}
	var objs []string
	for _, src := range runtimeSources(arch) {
		var extra []string
		if d := filepath.Dir(src); d == Dir() || d == libcDir() {
			extra = emulatorFlags
		}
		obj, err := tc.cachedObject(src, extra)
		if err != nil {
			return "", err
		}
		objs = append(objs, obj)
	}
	var userFlags, userSrcs []string
	for _, s := range srcs {
		if strings.HasPrefix(s, "-") {
			userFlags = append(userFlags, s)
		} else {
			userSrcs = append(userSrcs, s)
		}
	}
	if len(userSrcs) == 0 {
		return "", fmt.Errorf("no sources")
	}
	for i, src := range userSrcs {
		obj := filepath.Join(dir, fmt.Sprintf("%d_%s.o", i, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))))
		args := append(tc.cflags(), userFlags...)
		args = append(args, "-c", src, "-o", obj)
		if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			return "", fmt.Errorf("compiling %s for %s: %v\n%s", src, arch, err, out)
		}
		objs = append(objs, obj)
	}
	bin := filepath.Join(dir, "prog."+arch)
	args := []string{tc.mflag, "-static", "-nostdlib", "-no-pie", "-Wl,--no-warn-rwx-segments",
		"-Wl,-T," + filepath.Join(Dir(), "hosted.ld"), "-o", bin}
	args = append(args, objs...)
	args = append(args, "-lgcc")
	if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("linking %s: %v\n%s", bin, err, out)
	}
	return bin, nil
}

// Command returns the command that runs bin, a program that Build made for
// arch: the program itself, or qemu-i386 with it when the host cannot
// execute ia32 code. It skips (fails under CI) when neither works.
func Command(t testing.TB, arch, bin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd, err := ProgramCommand(arch, bin, args...)
	if err != nil {
		missing(t, strings.TrimSuffix(err.Error(), ": "+ErrToolMissing.Error()))
	}
	return cmd
}

// ProgramCommand is Command for programs that are not tests: it returns
// an error wrapping ErrToolMissing when the host can run bin neither
// natively nor under qemu-i386.
func ProgramCommand(arch, bin string, args ...string) (*exec.Cmd, error) {
	if arch == "ia32" && !canRunIA32Natively() {
		qemu, err := exec.LookPath("qemu-i386")
		if err != nil {
			return nil, fmt.Errorf("this host cannot execute ia32 programs and qemu-i386 (Debian package qemu-user) is not installed: %w", ErrToolMissing)
		}
		return exec.Command(qemu, append([]string{bin}, args...)...), nil
	}
	return exec.Command(bin, args...), nil
}

// Run runs bin (see Command) with a time limit of RunTimeout and returns
// its standard output followed by its standard error, and its exit status
// (-1 if a signal killed it; the output then ends with a line naming the
// signal). It fails t if the program cannot be started or runs too long.
func Run(t testing.TB, arch, bin string, args ...string) (output string, exitCode int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), RunTimeout)
	defer cancel()
	cmd := Command(t, arch, bin, args...)
	cmd = exec.CommandContext(ctx, cmd.Path, cmd.Args[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := stdout.String() + stderr.String()
	if ctx.Err() != nil {
		t.Fatalf("%s %v: still running after %v\n%s", bin, args, RunTimeout, out)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running %s: %v", bin, err)
	}
	code := cmd.ProcessState.ExitCode()
	if code < 0 {
		out += fmt.Sprintf("\n[%s]\n", cmd.ProcessState)
	}
	return out, code
}

// ValgrindCommand returns the command that runs bin, a program that Build
// made for arch, under valgrind with the options vgArgs (for example
// "--tool=callgrind", "--callgrind-out-file=PATH") and the program
// arguments args (see ValgrindProgramCommand). It skips (fails under CI)
// when valgrind, or qemu-i386 where needed, is missing.
func ValgrindCommand(t testing.TB, arch, bin string, vgArgs []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd, err := ValgrindProgramCommand(arch, bin, vgArgs, args...)
	if err != nil {
		missing(t, strings.TrimSuffix(err.Error(), ": "+ErrToolMissing.Error()))
	}
	return cmd
}

// ValgrindProgramCommand is ValgrindCommand for programs that are not
// tests. "--sigill-diagnostics=no" comes first: every KernelInterface is
// a deliberate SIGILL. Where the host cannot execute ia32 code, valgrind's
// x86 tool itself runs under qemu-i386 (valgrind then translates the ia32
// program as usual, inside qemu; instruction counts are those of the ia32
// program). The error wraps ErrToolMissing when valgrind, or qemu-i386
// where needed, is not installed.
func ValgrindProgramCommand(arch, bin string, vgArgs []string, args ...string) (*exec.Cmd, error) {
	launcher, err := exec.LookPath("valgrind")
	if err != nil {
		return nil, fmt.Errorf("valgrind is not installed: %w", ErrToolMissing)
	}
	opts := append([]string{"--sigill-diagnostics=no"}, vgArgs...)
	if arch != "ia32" || canRunIA32Natively() {
		return exec.Command(launcher, append(append(opts, bin), args...)...), nil
	}
	qemu, err := exec.LookPath("qemu-i386")
	if err != nil {
		return nil, fmt.Errorf("this host cannot execute ia32 programs and qemu-i386 (Debian package qemu-user) is not installed: %w", ErrToolMissing)
	}
	tool := "memcheck"
	for _, a := range vgArgs {
		if strings.HasPrefix(a, "--tool=") {
			tool = strings.TrimPrefix(a, "--tool=")
		}
	}
	lib := os.Getenv("VALGRIND_LIB")
	if lib == "" {
		for _, d := range []string{"/usr/libexec/valgrind", "/usr/lib/x86_64-linux-gnu/valgrind", "/usr/lib/valgrind", "/usr/local/libexec/valgrind"} {
			if _, err := os.Stat(filepath.Join(d, tool+"-x86-linux")); err == nil {
				lib = d
				break
			}
		}
	}
	if lib == "" {
		return nil, fmt.Errorf("valgrind's x86 tool %s-x86-linux is not installed: %w", tool, ErrToolMissing)
	}
	cmd := exec.Command(qemu, append(append([]string{filepath.Join(lib, tool+"-x86-linux")}, append(opts, bin)...), args...)...)
	cmd.Env = append(os.Environ(), "VALGRIND_LAUNCHER="+launcher, "VALGRIND_LIB="+lib)
	return cmd, nil
}

// ---- toolchain ---------------------------------------------------------

type tools struct {
	arch    string
	mflag   string // -m32 or -m64
	version string // gcc -v output, part of the cache key
	cache   string // object cache directory
}

var (
	toolsMu   sync.Mutex
	toolsByID = map[string]*tools{}
	toolsErr  = map[string]error{}
)

// missing skips the test, or fails it when CI is set.
func missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("hosted: %s (required in CI; scripts/test.sh installs it)", msg)
	}
	t.Skipf("hosted: %s", msg)
}

// toolchain returns the (cached) toolchain for arch, or an error wrapping
// ErrToolMissing when it is not installed.
func toolchain(arch string) (*tools, error) {
	var mflag string
	switch arch {
	case "ia32":
		mflag = "-m32"
	case "amd64":
		mflag = "-m64"
	default:
		return nil, fmt.Errorf("unknown architecture %q (want ia32 or amd64)", arch)
	}
	toolsMu.Lock()
	defer toolsMu.Unlock()
	if tc := toolsByID[arch]; tc != nil {
		return tc, nil
	}
	if err := toolsErr[arch]; err != nil {
		return nil, err
	}
	tc, err := probeToolchain(arch, mflag)
	if err != nil {
		err = fmt.Errorf("%v: %w", err, ErrToolMissing)
		toolsErr[arch] = err
		return nil, err
	}
	toolsByID[arch] = tc
	return tc, nil
}

func probeToolchain(arch, mflag string) (*tools, error) {
	if _, err := exec.LookPath("gcc"); err != nil {
		return nil, fmt.Errorf("gcc is not installed")
	}
	v, err := exec.Command("gcc", "-v").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("gcc -v: %v", err)
	}
	tmp, err := os.MkdirTemp("", "l4idl-hosted-probe-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "probe.c")
	if err := os.WriteFile(src, []byte("int probe(long long a, long long b) { return (int)(a / b); }\n"), 0o644); err != nil {
		return nil, err
	}
	if out, err := exec.Command("gcc", mflag, "-c", src, "-o", filepath.Join(tmp, "probe.o")).CombinedOutput(); err != nil {
		hint := ""
		if arch == "ia32" {
			hint = " (install gcc-multilib)"
		}
		return nil, fmt.Errorf("gcc %s cannot compile%s: %v\n%s", mflag, hint, err, out)
	}
	cache := filepath.Join(os.TempDir(), fmt.Sprintf("l4idl-hosted-cache-%d", os.Getuid()))
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, err
	}
	return &tools{arch: arch, mflag: mflag, version: string(v), cache: cache}, nil
}

// cflags are the flags of every compilation, emulator and program alike.
func (tc *tools) cflags() []string {
	f := []string{tc.mflag, "-std=gnu11", "-O2", "-g", "-ffreestanding",
		"-fno-pic", "-fno-pie", "-fno-stack-protector", "-Wall"}
	for _, d := range IncludeDirs() {
		f = append(f, "-I"+d)
	}
	return f
}

// runtimeSources lists the emulator's and libl4's sources for arch.
func runtimeSources(arch string) []string {
	dir := Dir()
	srcs, _ := filepath.Glob(filepath.Join(dir, "*.c"))
	libc, _ := filepath.Glob(filepath.Join(libcDir(), "*.c"))
	srcs = append(srcs, libc...)
	srcs = append(srcs,
		filepath.Join(dir, "kip.S"),
		filepath.Join(dir, "entry_"+arch+".S"),
		filepath.Join(dir, "crt_"+arch+".S"))
	libl4 := filepath.Join(runtimeDir(), "libl4")
	for _, d := range []string{libl4, filepath.Join(libl4, arch)} {
		for _, pat := range []string{"*.c", "*.S"} {
			m, _ := filepath.Glob(filepath.Join(d, pat))
			srcs = append(srcs, m...)
		}
	}
	return srcs
}

// headerDigest hashes every header a runtime source may include.
var headerDigest = sync.OnceValue(func() string {
	h := sha256.New()
	roots := []string{filepath.Join(runtimeDir(), "include"), Dir(), filepath.Join(runtimeDir(), "libl4"), libcDir()}
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".h") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			fmt.Fprintf(h, "%s %d\n", path, len(data))
			h.Write(data)
			return nil
		})
	}
	return hex.EncodeToString(h.Sum(nil))
})

// emulatorFlags are the extra flags of the emulator's own sources. The
// emulator must not use the x87/SSE registers, which belong to the user
// threads (sched.c switches them with the threads).
var emulatorFlags = []string{"-Wextra", "-Werror", "-fno-tree-loop-distribute-patterns", "-mgeneral-regs-only"}

// cachedObject compiles a runtime source once per content and flags.
func (tc *tools) cachedObject(src string, extra []string) (string, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	args := append(tc.cflags(), extra...)
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", tc.version, strings.Join(args, " "), src, headerDigest())
	h.Write(data)
	key := hex.EncodeToString(h.Sum(nil))[:32]
	obj := filepath.Join(tc.cache, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+"-"+tc.arch+"-"+key+".o")
	if _, err := os.Stat(obj); err == nil {
		return obj, nil
	}
	f, err := os.CreateTemp(tc.cache, filepath.Base(obj)+".*.tmp")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	f.Close()
	args = append(args, "-c", src, "-o", tmp)
	if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("compiling %s for %s: %v\n%s", src, tc.arch, err, out)
	}
	if err := os.Rename(tmp, obj); err != nil {
		return "", err
	}
	return obj, nil
}

// ---- running ia32 --------------------------------------------------------

var (
	nativeOnce sync.Once
	nativeOK   bool
)

// canRunIA32Natively reports whether this host executes a static ia32
// program (some kernels are built or booted without 32-bit support).
func canRunIA32Natively() bool {
	nativeOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "l4idl-hosted-ia32-")
		if err != nil {
			return
		}
		defer os.RemoveAll(tmp)
		src := filepath.Join(tmp, "exit.c")
		bin := filepath.Join(tmp, "exit")
		prog := "void _start(void) { __asm__ volatile(\"int $0x80\" : : \"a\"(1), \"b\"(0)); }\n"
		if os.WriteFile(src, []byte(prog), 0o644) != nil {
			return
		}
		if exec.Command("gcc", "-m32", "-static", "-nostdlib", "-ffreestanding", "-fno-pie", "-no-pie", "-o", bin, src).Run() != nil {
			return
		}
		nativeOK = exec.Command(bin).Run() == nil
	})
	return nativeOK
}
