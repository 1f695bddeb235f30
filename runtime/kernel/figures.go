package kernel

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// CalibrationInstr is what the figures root task's calibration loop
// executes: 100000 iterations of `dec; jnz'.
const CalibrationInstr = 200000

// calibrationSlack is what a timer interrupt inside the calibration loop
// may add to CalibrationInstr.
const calibrationSlack = 2000

// FiguresSchema names the JSON form of FiguresFile (bench/qemu.json).
const FiguresSchema = "l4idl-qemu-figures/1"

// ICountArgs are the QEMU arguments of a figures boot: the TSC advances by
// one per executed guest instruction, and an idle guest jumps to the next
// timer deadline instead of waiting in real time, so timer interrupts
// land on the same instruction every run (plain shift=0 is not exactly
// repeatable).
var ICountArgs = []string{"-icount", "shift=0,sleep=off"}

// ErrFigures is wrapped by the errors of ParseFigures and RunFigures when
// the root task's output is not a complete, calibrated set of figures.
var ErrFigures = errors.New("bad figures output")

// Figure is one measured loop of the figures root task.
type Figure struct {
	Name       string  `json:"name"`
	RoundTrips int     `json:"round_trips"`
	Instr      uint64  `json:"instructions"`
	PerTrip    float64 `json:"instructions_per_round_trip"`
}

// FiguresFile is the schema of bench/qemu.json.
type FiguresFile struct {
	Schema      string   `json:"schema"`
	QEMU        string   `json:"qemu"`
	GCC         string   `json:"gcc"`
	Calibration uint64   `json:"calibration_tsc_for_200000_instructions"`
	Figures     []Figure `json:"figures"`
}

// Lookup returns the instructions per round trip of the figure name, and
// whether it is there.
func (f *FiguresFile) Lookup(name string) (float64, bool) {
	for _, fig := range f.Figures {
		if fig.Name == name {
			return fig.PerTrip, true
		}
	}
	return 0, false
}

// FigureCount is how many figures a complete run prints: null, 8-MR and
// string IPC plus the eight anchors, each intra- and inter-space.
const FigureCount = 2*3 + 2*8

// AnchorFigure returns the name of the figure of anchor operation op
// ("calc.add") of anchor letter ("a") with the server in the client's
// address space (inter false) or in its own (inter true):
// "anchor-a-calc.add-inter".
func AnchorFigure(anchor, op string, inter bool) string {
	where := "intra"
	if inter {
		where = "inter"
	}
	return "anchor-" + anchor + "-" + op + "-" + where
}

var figureRE = regexp.MustCompile(`(?m)^figure (\S+) (\d+) (\d+)\r?$`)

// ParseFigures reads the `figure <name> <round trips> <TSC delta>` lines
// of a figures root task's serial log. It fails (wrapping ErrFigures)
// when the calibration line is missing or shows that the TSC does not
// count instructions, when a figure has no round trips or appears twice,
// or when there are not FigureCount figures.
func ParseFigures(log string) (*FiguresFile, error) {
	file := &FiguresFile{Schema: FiguresSchema}
	seen := map[string]bool{}
	calibrated := false
	for _, m := range figureRE.FindAllStringSubmatch(log, -1) {
		n, err1 := strconv.Atoi(m[2])
		d, err2 := strconv.ParseUint(m[3], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%w: line %q: number out of range", ErrFigures, m[0])
		}
		if m[1] == "calibration-2x100000-instructions" {
			file.Calibration, calibrated = d, true
			continue
		}
		if n <= 0 {
			return nil, fmt.Errorf("%w: figure %s over %d round trips", ErrFigures, m[1], n)
		}
		if seen[m[1]] {
			return nil, fmt.Errorf("%w: figure %s printed twice", ErrFigures, m[1])
		}
		seen[m[1]] = true
		file.Figures = append(file.Figures, Figure{Name: m[1], RoundTrips: n, Instr: d, PerTrip: float64(d) / float64(n)})
	}
	if !calibrated {
		return nil, fmt.Errorf("%w: no calibration line", ErrFigures)
	}
	// Under -icount shift=0 one TSC tick is one instruction; a timer
	// interrupt inside the loop may add a few hundred.
	if file.Calibration < CalibrationInstr || file.Calibration > CalibrationInstr+calibrationSlack {
		return nil, fmt.Errorf("%w: calibration: TSC advanced %d over %d instructions; the TSC does not count instructions (QEMU without -icount shift=0?)",
			ErrFigures, file.Calibration, CalibrationInstr)
	}
	if len(file.Figures) != FigureCount {
		return nil, fmt.Errorf("%w: %d figures, want %d", ErrFigures, len(file.Figures), FigureCount)
	}
	return file, nil
}

// FiguresDir is the directory of the figures root task's sources
// (runtime/kernel/figures).
func FiguresDir() string { return filepath.Join(Dir(), "figures") }

// BuildFigures builds the figures root task into dir/root.elf against the
// stub set in stubDir, which must hold the client and server headers of
// the eight anchors (testdata/anchor: a_calc_client.h, a_calc_server.h,
// ...) with the API `l4idl gen --client --server` writes, and the
// support headers they include.
func BuildFigures(dir, stubDir string) (string, error) {
	return BuildRootTask(dir, sourcesIn(FiguresDir()), "-I"+stubDir, "-I"+FiguresDir(), "-Wno-unused-parameter")
}

// RunFigures boots the figures root task root (from BuildFigures) with
// kernelELF and sigma0ELF under ICountArgs and returns its figures, with
// the QEMU and gcc versions. Tool errors wrap ErrToolMissing; a boot that
// does not end with `KDB: done` is an error carrying the serial log.
func RunFigures(ctx context.Context, kernelELF, sigma0ELF, root string, timeout time.Duration) (*FiguresFile, error) {
	res, err := Boot(ctx, BootOptions{Kernel: kernelELF, Sigma0: sigma0ELF, RootTask: root,
		Args: ICountArgs, Timeout: timeout})
	if err != nil {
		return nil, err
	}
	if res.Ending != EndKDB || res.KDB != "done" {
		return nil, fmt.Errorf("figures run ended with %s (KDB %q)\n--- serial log ---\n%s", res.Ending, res.KDB, res.Log)
	}
	file, err := ParseFigures(res.Log)
	if err != nil {
		return nil, fmt.Errorf("%w\n--- serial log ---\n%s", err, res.Log)
	}
	file.QEMU = ToolVersion(QEMU, "--version")
	file.GCC = ToolVersion("gcc", "--version")
	return file, nil
}

// ToolVersion returns the first line of `tool flag`, or "unknown".
func ToolVersion(tool, flag string) string {
	out, err := exec.Command(tool, flag).Output()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}
