package stubcost

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// synthetic returns a report of two operations on ia32 and amd64 with
// the given l4idl dynamic total and static bytes (client plus server
// path) for every operation.
func synthetic(dyn int64, bytes int) *Report {
	r := &Report{Schema: Schema, Compiler: "gcc 12", Opt: "-O2", Rounds: 100, Targets: []string{"ia32", "amd64"},
		Variants: []string{L4IDL, Handopt, Portable}}
	for i, name := range []string{"calc.add", "six.op6"} {
		o := &Op{File: "testdata/anchor/x.idl", Op: name, Anchor: string(rune('a' + i)), Arch: map[string]*OpArch{}}
		for _, t := range r.Targets {
			a := &OpArch{Variants: map[string]*Cost{
				L4IDL: {Dynamic: &Dynamic{Client: dyn - 20, Server: 20, Total: dyn},
					Static: &Static{ClientBytes: bytes - 50, ServerBytes: 50, ClientInsns: 10, BeforeInsns: 4, AfterInsns: 6, IPCSites: 1}},
				Handopt:  {Dynamic: &Dynamic{Client: 30, Server: 15, Total: 45}},
				Portable: {Dynamic: &Dynamic{Client: 150, Server: 100, Total: 250}},
			}}
			o.Arch[t] = a
		}
		o.ratios()
		r.Ops = append(r.Ops, o)
	}
	return r
}

func TestCompareLimits(t *testing.T) {
	base := NewBaseline(synthetic(100, 400))
	data, err := base.JSON()
	if err != nil {
		t.Fatal(err)
	}
	base, err = ReadBaseline(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Ops) != 4 {
		t.Fatalf("baseline of 2 operations x 2 targets has %d entries", len(base.Ops))
	}
	for _, c := range []struct {
		name   string
		dyn    int64
		bytes  int
		fail   bool
		inText string
	}{
		{"same", 100, 400, false, ""},
		{"dynamic +3% is allowed", 103, 400, false, "+3.0%"},
		{"dynamic +4% fails", 104, 400, true, "dynamic instructions 104, baseline 100"},
		{"static +5% is allowed", 100, 420, false, "+5.0%"},
		{"static +5.25% fails", 100, 421, true, "static bytes 421, baseline 400"},
		{"shrinking is fine and printed", 90, 300, false, "-10.0%"},
	} {
		cmp := Compare(base, synthetic(c.dyn, c.bytes))
		if cmp.Failed() != c.fail {
			t.Errorf("%s: failed %v, want %v\n%s", c.name, cmp.Failed(), c.fail, cmp)
		}
		if c.fail && len(cmp.Regressions) != 4 {
			t.Errorf("%s: %d regressions, want 4 (every operation on both targets)", c.name, len(cmp.Regressions))
		}
		if !strings.Contains(cmp.String(), c.inText) {
			t.Errorf("%s: comparison lacks %q:\n%s", c.name, c.inText, cmp)
		}
	}

	// An operation that is no longer measured fails; a new one is a note.
	rep := synthetic(100, 400)
	delete(rep.Ops[1].Arch["amd64"].Variants, L4IDL)
	rep.Ops[0].Op = "calc.sub"
	cmp := Compare(base, rep)
	if len(cmp.Regressions) != 3 || !strings.Contains(cmp.String(), "in the baseline, not measured now") ||
		!strings.Contains(cmp.String(), "calc.sub: not in the baseline") {
		t.Errorf("missing and new operations:\n%s", cmp)
	}

	// Only the report's targets are compared.
	rep = synthetic(200, 400)
	rep.Targets = []string{"amd64"}
	if cmp := Compare(base, rep); len(cmp.Regressions) != 2 {
		t.Errorf("amd64 only: %d regressions, want 2:\n%s", len(cmp.Regressions), cmp)
	}
}

func TestReadBaselineErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`{"schema":"other/1"}`, "schema"},
		{`{"schema":"l4idl-cost-baseline/1","ops":[{"file":"f","op":"o","target":"ia32","dynamic":0,"static_bytes":5}]}`, "incomplete"},
		{`{"schema":"l4idl-cost-baseline/1","ops":[{"file":"f","op":"o","target":"ia32","dynamic":1,"static_bytes":5},{"file":"f","op":"o","target":"ia32","dynamic":1,"static_bytes":5}]}`, "twice"},
		{`{`, "unexpected end"},
	} {
		if _, err := ReadBaseline([]byte(c.text)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.text, err, c.want)
		}
	}
}

func TestRatiosAndMarkdown(t *testing.T) {
	r := synthetic(50, 400)
	a := r.Ops[0].Arch["ia32"]
	if a.RatioHandopt != 50.0/45 || a.RatioPortable != 50.0/250 {
		t.Errorf("ratios %v %v", a.RatioHandopt, a.RatioPortable)
	}
	r.Ops[1].Arch["amd64"].NotMeasured = map[string]string{Portable: "not available"}
	delete(r.Ops[1].Arch["amd64"].Variants, Portable)
	md := string(r.Markdown())
	for _, want := range []string{
		"## ia32", "## amd64",
		"| a | calc.add | 10 (4 + 6) | 400 | 1 |",
		"| 50 (30 + 20) | 45 | 250 | **1.11** | 0.20 |",
		"| 45 | - | **1.11** | - |", // six.op6 on amd64: no portable figure
		"- amd64 testdata/anchor/x.idl six.op6 (portable): not available",
		"makes 100 round trips",
		"| l4idl client | l4idl server path | hand-optimal client | hand-optimal server path | portable client | portable server path |",
		"| a | calc.add | 10 / 350 | - | - | - | - | - |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadReport(js)
	if err != nil {
		t.Fatal(err)
	}
	if back.Ops[0].total("ia32", Portable) != 250 || back.Ops[1].Arch["amd64"].NotMeasured[Portable] != "not available" {
		t.Errorf("JSON round trip lost figures: %s", js)
	}
}

func TestSVGWellFormed(t *testing.T) {
	r := synthetic(50, 400)
	r.Ops[0].Op = `a<b&"c"` // names are escaped
	delete(r.Ops[1].Arch["ia32"].Variants, Handopt)
	svg := r.SVG()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	rects, titles, depth := 0, 0, 0
	var root string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				root = e.Name.Local
				if e.Name.Space != "http://www.w3.org/2000/svg" {
					t.Errorf("root namespace %q", e.Name.Space)
				}
			}
			depth++
			switch e.Name.Local {
			case "rect":
				rects++
			case "title":
				titles++
			}
		case xml.EndElement:
			depth--
		}
	}
	if root != "svg" {
		t.Errorf("root element %q", root)
	}
	// Bars: 2 operations x 3 variants on amd64, 2 + 3 on ia32 (six.op6
	// has no hand-optimal figure there), each with a title.
	if titles != 11 {
		t.Errorf("%d bars, want 11", titles)
	}
	// Plus the background and 3 legend boxes per panel.
	if rects != 11+1+6 {
		t.Errorf("%d rects, want 18", rects)
	}
	s := string(svg)
	for _, want := range []string{"instructions ÷ hand-optimal", "instructions ÷ l4idl", "target 1.10", "operation", "ia32", "amd64", "hand-optimal", "portable", "a&lt;b&amp;"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	// The portable bars (250 against 45: 5.6 times) are cut and marked.
	if !strings.Contains(s, "250 (5.6×)") || !strings.Contains(s, "<polyline") {
		t.Errorf("portable bars not cut:\n%s", s)
	}
}
