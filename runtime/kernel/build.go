package kernel

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// ErrToolMissing is wrapped by errors of Build, BuildRootTask and Boot when
// a tool they need (gcc with -m32 support, qemu-system-i386) is not
// installed. Tests turn it into Missing.
var ErrToolMissing = errors.New("tool missing")

// Link addresses fixed by the boot conventions (README.md).
const (
	Sigma0Base   = 0x00400000 // sigma0's text starts here (virtual = physical)
	RootTaskBase = 0x00800000 // root tasks are linked here
	RootTaskEnd  = 0x02800000 // a root task image must end below this
)

// Dir is the directory of this package (runtime/kernel).
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// runtimeDir is runtime/, home of include/ and libl4/.
func runtimeDir() string { return filepath.Join(Dir(), "..") }

// UserDir is the user-level runtime linked into every root task built by
// BuildRootTask (crt0, linker script root.ld, libc, TAP helpers).
func UserDir() string { return filepath.Join(Dir(), "user") }

// IncludeDirs are the -I directories of every user-level compilation: the
// L4 user API headers (runtime/include) and the user runtime.
func IncludeDirs() []string {
	return []string{filepath.Join(runtimeDir(), "include"), UserDir()}
}

// kernelCFlags are the flags of the kernel's own sources.
var kernelCFlags = []string{"-m32", "-std=gnu11", "-O2", "-g", "-ffreestanding", "-nostdlib",
	"-fno-pic", "-fno-pie", "-fno-stack-protector", "-fno-builtin", "-mno-sse", "-mno-mmx",
	"-mno-80387", "-mgeneral-regs-only", "-fno-tree-loop-distribute-patterns",
	"-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter"}

// UserCFlags are the default flags of user-level (sigma0, root task)
// compilations; extra flags given to BuildRootTask come after them.
var UserCFlags = []string{"-m32", "-std=gnu11", "-O2", "-g", "-ffreestanding", "-nostdlib",
	"-fno-pic", "-fno-pie", "-fno-stack-protector", "-fno-tree-loop-distribute-patterns", "-Wall"}

var (
	probeOnce sync.Once
	probeErr  error
	gccID     string
)

// probe checks that gcc can build 32-bit freestanding code.
func probe() error {
	probeOnce.Do(func() {
		if _, err := exec.LookPath("gcc"); err != nil {
			probeErr = fmt.Errorf("gcc is not installed: %w", ErrToolMissing)
			return
		}
		v, err := exec.Command("gcc", "-v").CombinedOutput()
		if err != nil {
			probeErr = fmt.Errorf("gcc -v: %v: %w", err, ErrToolMissing)
			return
		}
		gccID = string(v)
		tmp, err := os.MkdirTemp("", "l4idl-kernel-probe-")
		if err != nil {
			probeErr = err
			return
		}
		defer os.RemoveAll(tmp)
		src := filepath.Join(tmp, "p.c")
		os.WriteFile(src, []byte("long long f(long long a, long long b) { return a / b; }\n"), 0o644)
		if out, err := exec.Command("gcc", "-m32", "-c", src, "-o", filepath.Join(tmp, "p.o")).CombinedOutput(); err != nil {
			probeErr = fmt.Errorf("gcc -m32 cannot compile (install gcc-multilib): %v\n%s: %w", err, out, ErrToolMissing)
		}
	})
	return probeErr
}

// cacheDir is where built images are kept, keyed by content.
func cacheDir() (string, error) {
	d := filepath.Join(os.TempDir(), fmt.Sprintf("l4idl-kernel-cache-%d", os.Getuid()))
	return d, os.MkdirAll(d, 0o755)
}

// sourcesIn lists the .c and .S files of dir, sorted.
func sourcesIn(dir string) []string {
	var srcs []string
	for _, pat := range []string{"*.c", "*.S"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		srcs = append(srcs, m...)
	}
	sort.Strings(srcs)
	return srcs
}

// digest hashes the named files (content and name), every header in the
// header directories and the flags.
func digest(files, headerDirs, flags []string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", gccID, strings.Join(flags, " "))
	hashFile := func(p string) error {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", p, len(data))
		h.Write(data)
		return nil
	}
	for _, f := range files {
		if err := hashFile(f); err != nil {
			return "", err
		}
	}
	for _, d := range headerDirs {
		filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() && (strings.HasSuffix(p, ".h") || strings.HasSuffix(p, ".ld")) {
				return hashFile(p)
			}
			return nil
		})
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// link compiles srcs with cflags and links them with ldflags into out,
// through a temporary directory; out is only created on success.
func link(out string, srcs, cflags, ldflags []string) error {
	tmp, err := os.MkdirTemp(filepath.Dir(out), "build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var objs []string
	for i, src := range srcs {
		obj := filepath.Join(tmp, fmt.Sprintf("%02d_%s.o", i, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))))
		args := append(append([]string{}, cflags...), "-c", src, "-o", obj)
		if o, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("compiling %s: %v\n%s", src, err, o)
		}
		objs = append(objs, obj)
	}
	bin := filepath.Join(tmp, filepath.Base(out))
	args := append([]string{"-m32", "-static", "-nostdlib", "-no-pie", "-Wl,--no-warn-rwx-segments", "-Wl,--build-id=none", "-o", bin}, ldflags...)
	args = append(args, objs...)
	args = append(args, "-lgcc")
	if o, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("linking %s: %v\n%s", out, err, o)
	}
	return os.Rename(bin, out)
}

var buildMu sync.Mutex

// Build compiles the kernel (src/) and sigma0 (sigma0/) and returns the
// paths of their ELF images. Results are cached across calls and
// processes, keyed by the content of every source, header and linker
// script and by the compiler version.
func Build() (kernelELF, sigma0ELF string, err error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	if err := probe(); err != nil {
		return "", "", err
	}
	cache, err := cacheDir()
	if err != nil {
		return "", "", err
	}
	ksrc := filepath.Join(Dir(), "src")
	kflags := append(append([]string{}, kernelCFlags...), "-I"+ksrc)
	kernelELF, err = cachedLink(cache, "kernel", sourcesIn(ksrc), []string{ksrc}, kflags,
		[]string{"-Wl,-T," + filepath.Join(ksrc, "kernel.ld")})
	if err != nil {
		return "", "", err
	}
	s0 := filepath.Join(Dir(), "sigma0")
	sflags := append(append([]string{}, UserCFlags...), "-I"+filepath.Join(runtimeDir(), "include"), "-I"+s0)
	s0srcs := append(sourcesIn(s0), filepath.Join(runtimeDir(), "libl4", "ia32", "syscalls.S"))
	sigma0ELF, err = cachedLink(cache, "sigma0", s0srcs, []string{s0, filepath.Join(runtimeDir(), "include")}, sflags,
		[]string{"-Wl,-T," + filepath.Join(s0, "sigma0.ld")})
	if err != nil {
		return "", "", err
	}
	return kernelELF, sigma0ELF, nil
}

// cachedLink is link with a content-addressed result in cache.
func cachedLink(cache, name string, srcs, headerDirs, cflags, ldflags []string) (string, error) {
	key, err := digest(srcs, headerDirs, append(append([]string{}, cflags...), ldflags...))
	if err != nil {
		return "", err
	}
	out := filepath.Join(cache, name+"-"+key+".elf")
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	if err := link(out, srcs, cflags, ldflags); err != nil {
		return "", err
	}
	return out, nil
}

// BuildRootTask compiles srcs (C or assembly; arguments beginning with
// '-' in extraCFlags are added after UserCFlags) together with the user
// runtime in runtime/kernel/user and libl4, links them with user/root.ld
// at RootTaskBase and returns the path of the ELF image, dir/root.elf.
func BuildRootTask(dir string, srcs []string, extraCFlags ...string) (string, error) {
	ud := UserDir()
	ld := filepath.Join(ud, "root.ld")
	if _, err := os.Stat(ld); err != nil {
		return "", fmt.Errorf("BuildRootTask: the user runtime's linker script %s is missing", ld)
	}
	// The user runtime, runtime/libc (shared with the hosted emulator),
	// then the caller's sources.
	all := append(append(sourcesIn(ud), sourcesIn(filepath.Join(runtimeDir(), "libc"))...), srcs...)
	return buildModule(dir, "root.elf", all, ld, extraCFlags)
}

// BuildBareRootTask is BuildRootTask without the user runtime: srcs must
// bring their own entry point (_start). It links with this package's
// bare.ld at RootTaskBase; the kernel's own tests use it.
func BuildBareRootTask(dir string, srcs []string, extraCFlags ...string) (string, error) {
	return buildModule(dir, "root.elf", srcs, filepath.Join(Dir(), "bare.ld"), extraCFlags)
}

func buildModule(dir, name string, srcs []string, ldscript string, extra []string) (string, error) {
	if err := probe(); err != nil {
		return "", err
	}
	if len(srcs) == 0 {
		return "", fmt.Errorf("no sources")
	}
	flags := append([]string{}, UserCFlags...)
	for _, d := range IncludeDirs() {
		flags = append(flags, "-I"+d)
	}
	flags = append(flags, extra...)
	all := append(append([]string{}, srcs...), filepath.Join(runtimeDir(), "libl4", "ia32", "syscalls.S"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(dir, name)
	if err := link(out, all, flags, []string{"-Wl,-T," + ldscript}); err != nil {
		return "", err
	}
	return out, nil
}
