package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var figuresWrite = flag.Bool("figures.write", false, "write bench/qemu.md and bench/qemu.json from BenchmarkKernelFigures")

// BenchmarkKernelFigures boots the figures root task (figures/) under
// QEMU -icount shift=0,sleep=off, where the TSC counts executed guest instructions,
// and reports the instructions per round trip of null, 8-MR and 1 KiB
// string IPC and of the eight anchor operations through generated stubs
// (testdata/anchor), each with the server in the client's address space
// (intra) and in another one (inter). The counts include the kernel. A
// calibration loop of known length checks that the TSC really counts
// instructions. With -figures.write it writes bench/qemu.md and
// bench/qemu.json; otherwise it logs where the figures differ from them.
//
//	go test ./runtime/kernel -run '^$' -bench Figures -benchtime 1x [-figures.write]
func BenchmarkKernelFigures(b *testing.B) {
	gen := b.TempDir()
	repo := filepath.Join(Dir(), "..", "..")
	idls, _ := filepath.Glob(filepath.Join(repo, "testdata", "anchor", "*.idl"))
	if len(idls) != 8 {
		b.Fatalf("want the 8 anchor IDL files in testdata/anchor, found %d", len(idls))
	}
	// Through the command line, so that runtime/ does not import backend/.
	args := append([]string{"run", "./cmd/l4idl", "gen", "--target", "ia32", "-I", "runtime/include", "-o", gen}, idls...)
	cmd := exec.Command("go", args...)
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("l4idl gen: %v\n%s", err, out)
	}
	root, err := BuildFigures(filepath.Join(gen, "build"), gen)
	if errors.Is(err, ErrToolMissing) {
		Missing(b, err.Error())
	}
	if err != nil {
		b.Fatalf("building the figures root task: %v", err)
	}
	k, s0 := MustBuild(b)
	var file *FiguresFile
	for i := 0; i < b.N; i++ {
		file, err = RunFigures(context.Background(), k, s0, root, 120*time.Second)
		if errors.Is(err, ErrToolMissing) {
			Missing(b, err.Error())
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, f := range file.Figures {
		b.ReportMetric(f.PerTrip, f.Name+"-instr/op")
	}
	js, _ := json.MarshalIndent(file, "", "  ")
	js = append(js, '\n')
	md := figuresMarkdown(file)
	jsPath := filepath.Join(repo, "bench", "qemu.json")
	mdPath := filepath.Join(repo, "bench", "qemu.md")
	if *figuresWrite {
		if err := os.WriteFile(jsPath, js, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(mdPath, []byte(md), 0o644); err != nil {
			b.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(jsPath)
	if err != nil {
		b.Logf("no checked-in figures (%v); run with -figures.write", err)
		return
	}
	var prev FiguresFile
	if err := json.Unmarshal(old, &prev); err != nil {
		b.Fatalf("%s: %v", jsPath, err)
	}
	was := map[string]float64{}
	for _, f := range prev.Figures {
		was[f.Name] = f.PerTrip
	}
	for _, f := range file.Figures {
		if w, ok := was[f.Name]; !ok || w != f.PerTrip {
			b.Logf("%s: %.1f instructions per round trip, checked in: %.1f", f.Name, f.PerTrip, w)
		}
	}
	if !bytes.Equal(old, js) {
		b.Logf("figures differ from %s (run with -figures.write to update)", jsPath)
	}
}

// figuresMarkdown renders bench/qemu.md: one row per figure, intra- and
// inter-space side by side.
func figuresMarkdown(f *FiguresFile) string {
	type row struct{ intra, inter float64 }
	rows := map[string]*row{}
	var order []string
	for _, fig := range f.Figures {
		base, where, _ := strings.Cut(fig.Name, "-intra")
		if where == "" && !strings.HasSuffix(fig.Name, "-intra") {
			base = strings.TrimSuffix(fig.Name, "-inter")
		}
		r := rows[base]
		if r == nil {
			r = &row{}
			rows[base] = r
			order = append(order, base)
		}
		if strings.HasSuffix(fig.Name, "-intra") {
			r.intra = fig.PerTrip
		} else {
			r.inter = fig.PerTrip
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		return strings.HasPrefix(order[j], "anchor") && !strings.HasPrefix(order[i], "anchor")
	})
	var b strings.Builder
	b.WriteString("# Instructions per round trip on l4idl's kernel (QEMU, -icount shift=0,sleep=off)\n\n")
	b.WriteString("Made by `BenchmarkKernelFigures` (`runtime/kernel/figures_test.go`):\n\n")
	b.WriteString("```sh\ngo test ./runtime/kernel -run '^$' -bench Figures -benchtime 1x -figures.write\n```\n\n")
	b.WriteString("Guest instructions (user and kernel, ia32, gcc -O2) per round trip, read with\n")
	b.WriteString("rdtsc around 1000 round trips after 50 warm-up ones. Under\n")
	b.WriteString("`-icount shift=0,sleep=off` QEMU advances the TSC by one per executed\n")
	b.WriteString("instruction, and an idle guest jumps to the next timer deadline, so timer\n")
	b.WriteString("interrupts hit the same instructions in every run. A calibration loop of\n")
	fmt.Fprintf(&b, "%d instructions read %d TSC ticks in this run.\n\n", CalibrationInstr, f.Calibration)
	b.WriteString("Intra: the server thread is in the client's address space; inter: in its own.\n")
	b.WriteString("Anchor operations go through the generated client stub and server loop\n")
	b.WriteString("(`testdata/anchor`); the oneway `notify` is one send per operation. The figures\n")
	b.WriteString("are deterministic for a given kernel, QEMU and gcc: a change shows up in review.\n\n")
	b.WriteString("The last two columns subtract the null IPC of the same placement: what the\n")
	b.WriteString("message's words, items and the generated code add to a bare round trip.\n\n")
	b.WriteString("| operation | intra-space | inter-space | intra over null IPC | inter over null IPC |\n|---|--:|--:|--:|--:|\n")
	null := rows["null-ipc"]
	for _, name := range order {
		r := rows[name]
		if null == nil || name == "null-ipc" {
			fmt.Fprintf(&b, "| %s | %.1f | %.1f | | |\n", name, r.intra, r.inter)
			continue
		}
		fmt.Fprintf(&b, "| %s | %.1f | %.1f | %+.1f | %+.1f |\n", name, r.intra, r.inter, r.intra-null.intra, r.inter-null.inter)
	}
	fmt.Fprintf(&b, "\n%s; %s.\n", f.QEMU, f.GCC)
	return b.String()
}
