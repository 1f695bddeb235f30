package stubcost

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/runtime/kernel"
)

// QEMUTarget is the only target the QEMU figures exist for: the bundled
// kernel (runtime/kernel) is ia32.
const QEMUTarget = "ia32"

// QEMUBootTimeout bounds one figures boot.
const QEMUBootTimeout = 120 * time.Second

// QEMUFigure is the end-to-end cost of one operation with one variant's
// stubs on the bundled kernel under QEMU -icount: guest instructions
// (user and kernel) per round trip.
type QEMUFigure struct {
	// Inter is with the server in its own address space (the figure the
	// report shows and the baseline holds), Intra with the server in
	// the client's address space.
	Inter float64 `json:"inter_space"`
	Intra float64 `json:"intra_space"`
}

// QEMUMethod describes the QEMU figures; it follows Method in the
// markdown report.
const QEMUMethod = `**QEMU e2e** (ia32 only; instructions per round trip, user+kernel): the
figures root task of the bundled kernel (runtime/kernel/figures) is built
once per variant with that variant's stub set of the eight anchors
(testdata/anchor) and booted once under qemu-system-i386 -icount
shift=0,sleep=off, where the TSC advances by one per executed guest
instruction. For each anchor operation it reads rdtsc around 1000 round
trips (after 50 warm-up ones) through the client stub and the server loop
with the server thread in another address space, and a calibration loop
checks that the TSC counts instructions. Everything is counted: client
stub, system-call entry, the kernel's Ipc path, the server loop, the
implementation and the loop. Other operations than the anchors are not
measured this way.`

// anchorFiles returns the eight anchor IDL files (testdata/anchor), which
// the figures root task is written against.
func anchorFiles() ([]string, error) {
	dir := filepath.Join(kernel.Dir(), "..", "..", "testdata", "anchor")
	files, err := filepath.Glob(filepath.Join(dir, "*.idl"))
	if err != nil {
		return nil, err
	}
	if len(files) != 8 {
		return nil, fmt.Errorf("QEMU figures: want the eight anchor IDL files in %s, found %d", dir, len(files))
	}
	return files, nil
}

// qemuRun is the outcome of one variant's figures boot.
type qemuRun struct {
	figs *kernel.FiguresFile
	err  error
}

// measureQEMU boots the figures root task once per variant of cfg (built
// with that variant's stubs of the anchors) and attaches the anchor
// figures to the ia32 rows of rep; a variant that fails is not measured,
// with the reason. Only a missing tool (kernel.ErrToolMissing) or an
// anchor that does not load is an error.
func measureQEMU(cfg Config, rep *Report, work string) error {
	k, s0, err := kernel.Build()
	if err != nil {
		return fmt.Errorf("QEMU figures: building the kernel: %w", err)
	}
	files, err := anchorFiles()
	if err != nil {
		return err
	}
	layouts := make([]*ir.Layout, len(files))
	for i, f := range files {
		if cfg.Load != nil {
			layouts[i], err = cfg.Load(f, QEMUTarget)
		} else {
			layouts[i], err = Load(f, QEMUTarget, cfg.IncludeDirs)
		}
		if err != nil {
			return fmt.Errorf("QEMU figures: %w", err)
		}
	}
	runs := make([]qemuRun, len(cfg.Variants))
	var wg sync.WaitGroup
	sem := make(chan bool, cfg.Jobs)
	for i, v := range cfg.Variants {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- true
			defer func() { <-sem }()
			dir := filepath.Join(work, "qemu", v.Name)
			runs[i].figs, runs[i].err = qemuVariant(v, files, layouts, cfg.IncludeDirs, dir, k, s0)
		}()
	}
	wg.Wait()
	for _, r := range runs {
		if errors.Is(r.err, kernel.ErrToolMissing) {
			return r.err
		}
		if r.err == nil && rep.QEMU == "" {
			rep.QEMU = r.figs.QEMU
		}
	}
	if rep.QEMU == "" {
		rep.QEMU = kernel.ToolVersion(kernel.QEMU, "--version")
	}
	for i, v := range cfg.Variants {
		attachQEMU(rep, v.Name, runs[i].figs, runs[i].err)
	}
	return nil
}

// qemuVariant writes v's stub sets of the anchors into dir/stubs, builds
// the figures root task against them and boots it.
func qemuVariant(v Variant, files []string, layouts []*ir.Layout, inc []string, dir, k, s0 string) (*kernel.FiguresFile, error) {
	os.RemoveAll(dir)
	stubs := filepath.Join(dir, "stubs")
	if err := os.MkdirAll(stubs, 0o755); err != nil {
		return nil, err
	}
	for i, f := range files {
		if err := v.Write(layouts[i], f, inc, stubs); err != nil {
			return nil, fmt.Errorf("stubs of %s: %w", filepath.Base(f), err)
		}
	}
	root, err := kernel.BuildFigures(filepath.Join(dir, "build"), stubs)
	if err != nil {
		return nil, fmt.Errorf("building the figures root task: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), QEMUBootTimeout+10*time.Second)
	defer cancel()
	return kernel.RunFigures(ctx, k, s0, root, QEMUBootTimeout)
}

// attachQEMU sets variant v's QEMU figure (from figs, or the reason err)
// on every ia32 row of rep.
func attachQEMU(rep *Report, v string, figs *kernel.FiguresFile, err error) {
	for _, o := range rep.Ops {
		a := o.Arch[QEMUTarget]
		if a == nil {
			continue
		}
		why := ""
		var fig *QEMUFigure
		switch {
		case o.Anchor == "":
			why = "not an anchor operation: the kernel's figures root task runs the eight anchors only"
		case err != nil:
			why = "error: " + shortReason(err.Error())
		default:
			inter, ok1 := figs.Lookup(kernel.AnchorFigure(o.Anchor, o.Op, true))
			intra, ok2 := figs.Lookup(kernel.AnchorFigure(o.Anchor, o.Op, false))
			if !ok1 || !ok2 {
				why = fmt.Sprintf("the figures root task printed no figure %s", kernel.AnchorFigure(o.Anchor, o.Op, true))
			} else {
				fig = &QEMUFigure{Inter: inter, Intra: intra}
			}
		}
		if fig != nil {
			if a.QEMU == nil {
				a.QEMU = map[string]*QEMUFigure{}
			}
			a.QEMU[v] = fig
			continue
		}
		if a.QEMUNotMeasured == nil {
			a.QEMUNotMeasured = map[string]string{}
		}
		a.QEMUNotMeasured[v] = why
	}
}

// shortReason keeps the first lines of a long error (a compiler's or the
// serial log's output).
func shortReason(why string) string {
	lines := strings.Split(strings.TrimSpace(why), "\n")
	if len(lines) > 4 {
		lines = append(lines[:4], "...")
	}
	return strings.Join(lines, " / ")
}

// qemuTable prints the QEMU e2e figures of target t, one column per
// variant, and adds the variants not measured to missing.
func (r *Report) qemuTable(w *bytes.Buffer, t string, missing *[]string) {
	if r.QEMU == "" || t != QEMUTarget {
		return
	}
	fmt.Fprintf(w, "QEMU e2e (%s; %s), server in another address space:\n\n| | operation |", t, r.QEMU)
	for _, v := range r.Variants {
		fmt.Fprintf(w, " %s QEMU e2e (instructions per round trip, user+kernel) |", variantLabel(v))
	}
	w.WriteString("\n|---|---|" + strings.Repeat("--:|", len(r.Variants)) + "\n")
	var reasons []string
	for _, o := range r.Ops {
		a := o.Arch[t]
		if a == nil {
			continue
		}
		fmt.Fprintf(w, "| %s | %s%s |", o.Anchor, o.Op, oneway(o))
		for _, v := range r.Variants {
			if f := a.QEMU[v]; f != nil {
				fmt.Fprintf(w, " %.1f |", f.Inter)
				continue
			}
			w.WriteString(" not measured |")
			if why, ok := a.QEMUNotMeasured[v]; ok {
				reasons = append(reasons, fmt.Sprintf("- %s %s %s (%s, QEMU e2e): %s", t, o.File, o.Op, v, why))
			}
		}
		w.WriteString("\n")
	}
	w.WriteString("\n")
	*missing = append(*missing, reasons...)
}
