package stubcost

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/l4idl/l4idl/backend/cmap"
	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/runtime/hosted"
)

// Config says what Measure measures.
type Config struct {
	Files       []string  // IDL files
	Targets     []string  // ia32, amd64 (default both)
	Variants    []Variant // default: l4idl only
	Opt         string    // optimisation flag of the stubs (default -O2)
	IncludeDirs []string  // IDL include path (imports, C headers)
	// Root is the directory report file names are relative to (the
	// repository); files outside it keep their path as given.
	Root string
	// WorkDir keeps every program, stub set, executable and profile
	// (WorkDir/<target>/<base>/<variant>/); by default they go to a
	// temporary directory that is removed.
	WorkDir string
	Rounds  int  // round trips per dynamic measurement (default 1000)
	Jobs    int  // programs built and run side by side (default: CPUs)
	NoDyn   bool // static figures only (no valgrind)
	// QEMU adds the QEMU e2e figures (ia32 only): the anchors on the
	// bundled kernel under qemu-system-i386 -icount, one boot per
	// variant. A missing QEMU or cross compiler is an error wrapping
	// kernel.ErrToolMissing.
	QEMU bool
	// Load parses, checks and lowers an IDL file for a target; by
	// default Load with IncludeDirs.
	Load func(path, target string) (*ir.Layout, error)
}

// Flags are the compiler flags of every measured program besides the
// optimisation level (runtime/hosted's, and -fno-ipa-icf: GCC would merge
// identical stubs and wrappers, which the profile could not tell apart).
const Flags = "-std=gnu11 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-ipa-icf"

// job is one measuring program: one IDL file, target and variant.
type job struct {
	path, rel, base, target string
	dir                     string // work directory of the file (base, made unique)
	l                       *ir.Layout
	serverH                 string
	v                       Variant
	ops                     []*opRun
	rows                    []*Op
	err                     error
}

// Measure builds and measures the stubs of cfg.Files for every target
// and variant. Errors of the l4idl variant, of the harness and of the
// tools end the measurement (an error wrapping hosted.ErrToolMissing
// means a tool is not installed); another variant that has no stubs for
// a file, or whose stubs fail to build or run, is reported as not
// measured, with the reason.
func Measure(cfg Config) (*Report, error) {
	if len(cfg.Files) == 0 {
		return nil, errors.New("no IDL files")
	}
	if len(cfg.Targets) == 0 {
		cfg.Targets = gccx86.Targets
	}
	if len(cfg.Variants) == 0 {
		cfg.Variants = []Variant{L4IDLVariant()}
	}
	if cfg.Opt == "" {
		cfg.Opt = "-O2"
	}
	if !strings.HasPrefix(cfg.Opt, "-O") || strings.ContainsAny(cfg.Opt, " \t") {
		return nil, fmt.Errorf("--opt %q: want an optimisation flag such as -O2, -Os or -O3", cfg.Opt)
	}
	if cfg.Rounds <= 0 {
		cfg.Rounds = 1000
	}
	if cfg.Jobs <= 0 {
		cfg.Jobs = runtime.NumCPU()
	}
	hasQEMUTarget := false
	for _, t := range cfg.Targets {
		if t != "ia32" && t != "amd64" {
			return nil, fmt.Errorf("target %q: the cost report measures ia32 and amd64", t)
		}
		hasQEMUTarget = hasQEMUTarget || t == QEMUTarget
	}
	if cfg.QEMU && !hasQEMUTarget {
		return nil, fmt.Errorf("QEMU figures: the bundled kernel runs %s only; targets %s", QEMUTarget, strings.Join(cfg.Targets, ", "))
	}
	if !cfg.NoDyn {
		// The tools first: a missing valgrind (or qemu-i386) would
		// otherwise fail every program after its build.
		for _, t := range cfg.Targets {
			if _, err := hosted.ValgrindProgramCommand(t, "prog", []string{"--tool=callgrind"}); err != nil {
				return nil, err
			}
		}
	}
	work := cfg.WorkDir
	if work == "" {
		tmp, err := os.MkdirTemp("", "l4idl-cost-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		work = tmp
	}
	rep := &Report{Schema: Schema, Opt: cfg.Opt, Flags: "gcc " + cfg.Opt + " " + Flags, Rounds: cfg.Rounds,
		Targets: cfg.Targets, Compiler: firstLine("gcc", "--version"), Valgrind: firstLine("valgrind", "--version")}
	if cfg.NoDyn {
		rep.Rounds = 0
	}
	for _, v := range cfg.Variants {
		rep.Variants = append(rep.Variants, v.Name)
	}

	// Rows: one per operation of each file, shared by targets and
	// variants.
	rows := map[string]*Op{}
	var order []*Op
	var jobs []*job
	dirs := map[string]bool{} // work directories by file: unique
	for _, path := range cfg.Files {
		rel := relPath(cfg.Root, path)
		base := Base(path)
		dirName := base
		for n := 2; dirs[dirName]; n++ {
			dirName = fmt.Sprintf("%s.%d", base, n) // another file of the same name
		}
		dirs[dirName] = true
		for _, target := range cfg.Targets {
			var l *ir.Layout
			var err error
			if cfg.Load != nil {
				l, err = cfg.Load(path, target)
			} else {
				l, err = Load(path, target, cfg.IncludeDirs)
			}
			if err != nil {
				return nil, err
			}
			var serverH string
			for _, f := range generateServer(l, cfg.IncludeDirs) {
				serverH += string(f.Data)
			}
			for _, v := range cfg.Variants {
				j := &job{path: path, rel: rel, base: base, dir: dirName, target: target, l: l, serverH: serverH, v: v, ops: programOps(l)}
				for _, o := range j.ops {
					key := rel + " " + o.name
					r := rows[key]
					if r == nil {
						r = &Op{File: rel, Op: o.name, Oneway: o.oneway, Arch: map[string]*OpArch{}}
						if filepath.Base(filepath.Dir(path)) == "anchor" {
							r.Anchor, _, _ = strings.Cut(base, "_")
						}
						rows[key] = r
						order = append(order, r)
					}
					if r.Arch[target] == nil {
						r.Arch[target] = &OpArch{Variants: map[string]*Cost{}}
					}
					j.rows = append(j.rows, r)
				}
				jobs = append(jobs, j)
			}
		}
	}

	var wg sync.WaitGroup
	sem := make(chan bool, cfg.Jobs)
	var mu sync.Mutex // guards the rows
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- true
			defer func() { <-sem }()
			j.err = j.run(cfg, filepath.Join(work, j.target, j.dir, j.v.Name), &mu)
		}()
	}
	wg.Wait()
	var errs []error
	for _, j := range jobs {
		if errors.Is(j.err, hosted.ErrToolMissing) {
			return nil, j.err // the same for every program
		}
		if j.err != nil {
			errs = append(errs, j.err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, c := order[i], order[j]
		if (a.Anchor != "") != (c.Anchor != "") {
			return a.Anchor != ""
		}
		return a.Anchor < c.Anchor // "c" before "c2"; others keep their order
	})
	for _, r := range order {
		r.ratios()
	}
	rep.Ops = order
	if cfg.QEMU {
		if err := measureQEMU(cfg, rep, work); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// run builds and measures one program; mu guards the rows.
func (j *job) run(cfg Config, dir string, mu *sync.Mutex) error {
	name := fmt.Sprintf("%s %s %s", j.rel, j.target, j.v.Name)
	fail := func(err error) error {
		// The l4idl variant (and a missing tool) ends the measurement;
		// another variant is marked not measured.
		if j.v.Name == L4IDL || errors.Is(err, hosted.ErrToolMissing) {
			return fmt.Errorf("%s: %w", name, err)
		}
		why := err.Error()
		if !errors.Is(err, ErrNotAvailable) {
			// The first lines (a compiler's output can be long; --keep
			// keeps the program to look at).
			lines := strings.Split(strings.TrimSpace(why), "\n")
			if len(lines) > 4 {
				lines = append(lines[:4], "...")
			}
			why = "error: " + strings.Join(lines, " / ")
		}
		mu.Lock()
		defer mu.Unlock()
		for _, r := range j.rows {
			j.notMeasured(r, why)
		}
		return nil
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := j.v.Write(j.l, j.path, cfg.IncludeDirs, dir); err != nil {
		return fail(err)
	}
	h := &harness{m: cmap.New(j.l.ABI), abi: j.l.ABI, rounds: cfg.Rounds}
	mainSrc, implSrc := h.programSources(j.rel, j.base, j.serverH, j.ops)
	mainC := filepath.Join(dir, "cost_main.c")
	implC := filepath.Join(dir, "cost_impl.c")
	if err := os.WriteFile(mainC, []byte(mainSrc), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(implC, []byte(implSrc), 0o644); err != nil {
		return err
	}
	bin, err := hosted.BuildProgram(j.target, dir, mainC, implC, "-I"+dir, "-fno-ipa-icf", cfg.Opt)
	if err != nil {
		return fail(err)
	}

	// Dynamic figures.
	var dyn map[int]dynResult
	if !cfg.NoDyn {
		prof := filepath.Join(dir, "callgrind.out")
		cmd, err := hosted.ValgrindProgramCommand(j.target, bin, []string{"--tool=callgrind", "--callgrind-out-file=" + prof,
			"--zero-before=cost_zero", "--dump-before=cost_dump", "--dump-instr=yes", "--compress-pos=no"})
		if err != nil {
			return fail(err)
		}
		if dyn, err = runDynamic(cmd, prof, j.ops, cfg.Rounds); err != nil {
			return fail(err)
		}
	}

	// Static figures.
	e, err := openExe(bin)
	if err != nil {
		return fail(err)
	}
	defer e.Close()
	a := newStaticAnalyzer(e)
	statics := map[int]*Static{}
	servers := map[string]*serverCode{}
	for _, o := range j.ops {
		if o.skip != "" {
			continue
		}
		s := &Static{}
		if err := a.client(fmt.Sprintf("bench_c%d", o.k), o.cfunc, s); err != nil {
			return fail(fmt.Errorf("%s: %v", o.name, err))
		}
		sc := servers[o.server]
		if sc == nil {
			sc = a.server(o.server)
			servers[o.server] = sc
		}
		var executed map[uint64]bool
		if dyn != nil {
			if executed = dyn[o.k].executed; executed == nil {
				continue // not measured: the reason is in dyn
			}
		}
		a.serverPath(sc, o.impl, executed, s)
		statics[o.k] = s
	}
	mu.Lock()
	defer mu.Unlock()
	for i, o := range j.ops {
		r := j.rows[i]
		if o.skip != "" {
			j.notMeasured(r, o.skip)
			continue
		}
		c := &Cost{Static: statics[o.k]}
		if dyn != nil {
			d := dyn[o.k]
			if d.fig == nil {
				j.notMeasured(r, d.why)
				continue
			}
			c.Dynamic = d.fig
		}
		r.Arch[j.target].Variants[j.v.Name] = c
	}
	return nil
}

func (j *job) notMeasured(r *Op, why string) {
	a := r.Arch[j.target]
	if a.NotMeasured == nil {
		a.NotMeasured = map[string]string{}
	}
	a.NotMeasured[j.v.Name] = why
}

// generateServer returns l4idl's server header for l: the harness takes
// the server loops and implementation prototypes from it.
func generateServer(l *ir.Layout, inc []string) []gccx86.File {
	var out []gccx86.File
	for _, f := range gccx86.Generate(l, gccx86.Options{Server: true, Includes: gccx86.Includes(l, inc)}, nil) {
		if strings.HasSuffix(f.Name, "_server.h") {
			out = append(out, f)
		}
	}
	return out
}

// relPath returns path relative to root when it lies inside root.
func relPath(root, path string) string {
	if root == "" {
		return filepath.ToSlash(path)
	}
	ar, err1 := filepath.Abs(root)
	ap, err2 := filepath.Abs(path)
	if err1 == nil && err2 == nil {
		if r, err := filepath.Rel(ar, ap); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(path)
}

// firstLine returns the first line of a command's output ("unknown" if
// it cannot run).
func firstLine(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}
