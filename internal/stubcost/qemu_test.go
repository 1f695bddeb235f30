package stubcost

import (
	"errors"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/runtime/kernel"
)

// syntheticFigures returns figures for anchors a (calc.add) and b
// (six.op6) as the figures root task would print them.
func syntheticFigures(a, b float64) *kernel.FiguresFile {
	return &kernel.FiguresFile{Schema: kernel.FiguresSchema, QEMU: "QEMU 7", Figures: []kernel.Figure{
		{Name: kernel.AnchorFigure("a", "calc.add", true), PerTrip: a},
		{Name: kernel.AnchorFigure("a", "calc.add", false), PerTrip: a + 20},
		{Name: kernel.AnchorFigure("b", "six.op6", true), PerTrip: b},
		{Name: kernel.AnchorFigure("b", "six.op6", false), PerTrip: b + 20},
	}}
}

// withQEMU is synthetic with l4idl QEMU figures (calc.add a, six.op6 b),
// a failed hand-optimal run and no portable figure for six.op6.
func withQEMU(a, b float64) *Report {
	r := synthetic(48, 253)
	r.QEMU = "QEMU 7"
	attachQEMU(r, L4IDL, syntheticFigures(a, b), nil)
	attachQEMU(r, Handopt, nil, errors.New("building the figures root task: gcc failed\nline 2\nline 3\nline 4\nline 5"))
	f := syntheticFigures(900, 0)
	f.Figures = f.Figures[:2]
	attachQEMU(r, Portable, f, nil)
	return r
}

func TestAttachQEMU(t *testing.T) {
	r := withQEMU(782.1, 825.5)
	a := r.Ops[0].Arch["ia32"]
	if q := a.QEMU[L4IDL]; q == nil || q.Inter != 782.1 || q.Intra != 802.1 {
		t.Errorf("calc.add l4idl QEMU figure %+v, want inter 782.1, intra 802.1", q)
	}
	if q := a.QEMU[Portable]; q == nil || q.Inter != 900 {
		t.Errorf("calc.add portable QEMU figure %+v, want 900", q)
	}
	if why := a.QEMUNotMeasured[Handopt]; !strings.Contains(why, "gcc failed / line 2 / line 3 / line 4 / ...") {
		t.Errorf("handopt reason %q", why)
	}
	if why := r.Ops[1].Arch["ia32"].QEMUNotMeasured[Portable]; !strings.Contains(why, "no figure anchor-b-six.op6-inter") {
		t.Errorf("six.op6 portable reason %q", why)
	}
	if r.Ops[0].Arch["amd64"].QEMU != nil || r.Ops[0].Arch["amd64"].QEMUNotMeasured != nil {
		t.Error("QEMU figures attached to amd64")
	}
	// An operation of a file that is not an anchor.
	r.Ops[1].Anchor = ""
	attachQEMU(r, L4IDL, syntheticFigures(1, 2), nil)
	if why := r.Ops[1].Arch["ia32"].QEMUNotMeasured[L4IDL]; !strings.Contains(why, "not an anchor") {
		t.Errorf("non-anchor reason %q", why)
	}

	md := string(withQEMU(782.1, 825.5).Markdown())
	for _, want := range []string{
		"**QEMU e2e** (ia32 only; instructions per round trip, user+kernel)",
		"| l4idl QEMU e2e (instructions per round trip, user+kernel) | hand-optimal QEMU e2e (instructions per round trip, user+kernel) | portable QEMU e2e (instructions per round trip, user+kernel) |",
		"| a | calc.add | 782.1 | not measured | 900.0 |",
		"| b | six.op6 | 825.5 | not measured | not measured |",
		"- ia32 testdata/anchor/x.idl calc.add (handopt, QEMU e2e): error: building the figures root task",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if md := string(synthetic(48, 253).Markdown()); strings.Contains(md, "QEMU") {
		t.Errorf("a report without QEMU figures mentions them:\n%s", md)
	}
}

func TestCompareQEMU(t *testing.T) {
	base := NewBaseline(withQEMU(782.1, 825.5))
	if base.Ops[0].QEMU != 782.1 || base.Ops[1].QEMU != 0 || base.Ops[2].QEMU != 825.5 {
		t.Fatalf("baseline QEMU figures %v %v %v (ia32, amd64, ia32)", base.Ops[0].QEMU, base.Ops[1].QEMU, base.Ops[2].QEMU)
	}
	data, err := base.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if base, err = ReadBaseline(data); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		rep        *Report
		regressed  string // "" when the comparison must pass
		wantInNote string
	}{
		{"same", withQEMU(782.1, 825.5), "", ""},
		{"within 3%", withQEMU(805.5, 825.5), "", "calc.add: QEMU e2e instructions 805.5, baseline 782.1 (+3.0%)"},
		{"cheaper", withQEMU(700, 825.5), "", "QEMU e2e instructions 700.0, baseline 782.1"},
		{"over 3%", withQEMU(806, 825.5), "ia32 testdata/anchor/x.idl calc.add: QEMU e2e instructions 806.0, baseline 782.1 (+3.1%, limit +3%)", ""},
		{"no longer measured", withQEMU(0, 825.5), "calc.add: QEMU e2e instructions in the baseline, not measured now", ""},
		{"report without QEMU", synthetic(48, 253), "", ""},
	} {
		if c.name == "no longer measured" {
			delete(c.rep.Ops[0].Arch["ia32"].QEMU, L4IDL)
		}
		cmp := Compare(base, c.rep)
		got := strings.Join(cmp.Regressions, "\n")
		if c.regressed == "" && cmp.Failed() {
			t.Errorf("%s: regressions %s", c.name, got)
		}
		if c.regressed != "" && !strings.Contains(got, c.regressed) {
			t.Errorf("%s: regressions %q, want %q", c.name, got, c.regressed)
		}
		if c.wantInNote != "" && !strings.Contains(strings.Join(cmp.Notes, "\n"), c.wantInNote) {
			t.Errorf("%s: notes %q, want %q", c.name, cmp.Notes, c.wantInNote)
		}
	}
	bad := strings.Replace(string(data), `"qemu_e2e": 782.1`, `"qemu_e2e": -1`, 1)
	if _, err := ReadBaseline([]byte(bad)); err == nil {
		t.Error("ReadBaseline took a negative QEMU figure")
	}
}
