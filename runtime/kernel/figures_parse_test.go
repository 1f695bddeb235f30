package kernel

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// figuresLog returns a synthetic serial log of a complete figures run:
// the calibration line with cal, then FigureCount figure lines, with
// noise lines in between.
func figuresLog(cal uint64) string {
	var b strings.Builder
	b.WriteString("l4idl kernel: booting\r\n")
	fmt.Fprintf(&b, "figure calibration-2x100000-instructions 1 %d\n", cal)
	for _, where := range []string{"intra", "inter"} {
		for i, k := range []string{"null-ipc", "8-mr-ipc", "1kib-string-ipc"} {
			fmt.Fprintf(&b, "figure %s-%s 1000 %d\n", k, where, 700000+1000*uint64(i))
		}
		for i, a := range []string{"a-calc.add", "b-six.op6", "c-blk.write", "c2-blkdce.write", "d-mapper.map", "e-notifier.notify", "f-geo.setp", "g-con.puts"} {
			fmt.Fprintf(&b, "figure anchor-%s-%s 1000 %d\r\n", a, where, 782100+100*uint64(i))
			b.WriteString("# some diagnostic\n")
		}
	}
	b.WriteString("KDB: done\n")
	return b.String()
}

func TestParseFigures(t *testing.T) {
	f, err := ParseFigures(figuresLog(200004))
	if err != nil {
		t.Fatal(err)
	}
	if f.Calibration != 200004 || len(f.Figures) != FigureCount {
		t.Fatalf("calibration %d, %d figures", f.Calibration, len(f.Figures))
	}
	got, ok := f.Lookup(AnchorFigure("a", "calc.add", true))
	if !ok || got != 782.1 {
		t.Errorf("anchor-a-calc.add-inter = %v, %v; want 782.1", got, ok)
	}
	if got, ok := f.Lookup(AnchorFigure("c2", "blkdce.write", false)); !ok || got != 782.4 {
		t.Errorf("anchor-c2-blkdce.write-intra = %v, %v; want 782.4", got, ok)
	}
	if _, ok := f.Lookup("anchor-z-nosuch.op-inter"); ok {
		t.Error("Lookup found a figure that is not there")
	}
}

func TestParseFiguresErrors(t *testing.T) {
	good := figuresLog(200004)
	for _, c := range []struct {
		name, log, want string
	}{
		{"no calibration", strings.Replace(good, "figure calibration-2x100000-instructions 1 200004\n", "", 1), "no calibration line"},
		{"TSC not counting instructions", figuresLog(1200000), "the TSC does not count instructions"},
		{"TSC too slow", figuresLog(199999), "the TSC does not count instructions"},
		{"figure missing", strings.Replace(good, "figure anchor-g-con.puts-inter 1000 782800\r\n", "", 1), "21 figures, want 22"},
		{"figure twice", good + "figure null-ipc-intra 1000 5\n", "printed twice"},
		{"no round trips", strings.Replace(good, "anchor-a-calc.add-intra 1000", "anchor-a-calc.add-intra 0", 1), "over 0 round trips"},
		{"number out of range", strings.Replace(good, "8-mr-ipc-inter 1000 701000", "8-mr-ipc-inter 1000 99999999999999999999999", 1), "out of range"},
		{"empty log", "", "no calibration line"},
	} {
		_, err := ParseFigures(c.log)
		if err == nil || !errors.Is(err, ErrFigures) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrFigures with %q", c.name, err, c.want)
		}
	}
}
