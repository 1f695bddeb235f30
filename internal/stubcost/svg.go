package stubcost

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
)

// Chart geometry (user units, pixels in a browser).
const (
	svgBar      = 16  // bar width
	svgGroupGap = 22  // space between bar groups
	svgLeft     = 70  // room for the y axis and its label
	svgRight    = 150 // room for the legend
	svgTop      = 40  // room for the panel title
	svgPlot     = 240 // plot height
	svgBottom   = 110 // room for the operation names and the x label
)

var svgColors = map[string]string{L4IDL: "#1f5fa8", Handopt: "#2e8b3d", Portable: "#c0392b"}

// SVG returns a bar chart of the report: one panel per target, one bar
// group per operation (l4idl, hand-optimal, portable), bar height the
// dynamic count relative to the hand-optimal one (to l4idl's where an
// operation of the panel has no hand-optimal figure), with the absolute
// counts written on the bars. The scale fits l4idl and the reference;
// bars beyond it (the portable stubs) are cut, marked with a zigzag and
// labelled with their ratio. It needs no scripts or fonts beyond the
// browser's.
func (r *Report) SVG() []byte {
	type group struct {
		op     *Op
		values map[string]int64
	}
	type panel struct {
		target string
		ref    string // variant the bars are relative to
		groups []group
		top    float64
	}
	var panels []*panel
	width := svgLeft + svgRight
	for _, t := range r.Targets {
		p := &panel{target: t, ref: Handopt}
		for _, o := range r.Ops {
			if o.total(t, L4IDL) == 0 {
				continue
			}
			g := group{op: o, values: map[string]int64{}}
			for _, v := range r.Variants {
				if n := o.total(t, v); n > 0 {
					g.values[v] = n
				}
			}
			if g.values[Handopt] == 0 {
				p.ref = L4IDL
			}
			p.groups = append(p.groups, g)
		}
		// The scale shows l4idl against the reference; taller bars (the
		// portable stubs, typically 3-5 times as costly) are cut at the
		// top and marked.
		p.top = 1.0
		for _, g := range p.groups {
			p.top = math.Max(p.top, float64(g.values[L4IDL])/float64(g.values[p.ref]))
		}
		p.top = math.Ceil(p.top*2)/2 + 0.5
		panels = append(panels, p)
		width = max(width, svgLeft+svgRight+len(p.groups)*(len(r.Variants)*svgBar+svgGroupGap))
	}
	panelH := svgTop + svgPlot + svgBottom
	height := max(len(panels), 1)*panelH + 30

	var w bytes.Buffer
	fmt.Fprintf(&w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&w, `<rect x="0" y="0" width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&w, `<text x="10" y="20" font-size="15" font-weight="bold">%s</text>`+"\n",
		esc(fmt.Sprintf("Stub cost per round trip (dynamic instructions, %s %s)", r.Compiler, r.Opt)))
	for i, p := range panels {
		y0 := 30 + i*panelH
		base := float64(y0 + svgTop + svgPlot) // the x axis
		scale := float64(svgPlot) / p.top
		refLabel := "hand-optimal"
		if p.ref == L4IDL {
			refLabel = "l4idl"
		}
		fmt.Fprintf(&w, `<text x="%d" y="%d" font-size="14" font-weight="bold">%s</text>`+"\n", svgLeft, y0+svgTop-14, esc(p.target))
		// Y axis with ticks every 0.5.
		fmt.Fprintf(&w, `<line x1="%d" y1="%d" x2="%d" y2="%.1f" stroke="black"/>`+"\n", svgLeft, y0+svgTop, svgLeft, base)
		for v := 0.0; v <= p.top+1e-9; v += 0.5 {
			y := base - v*scale
			fmt.Fprintf(&w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", svgLeft, y, width-svgRight, y)
			fmt.Fprintf(&w, `<text x="%d" y="%.1f" text-anchor="end">%.1f</text>`+"\n", svgLeft-5, y+4, v)
		}
		fmt.Fprintf(&w, `<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle">%s</text>`+"\n",
			base-float64(svgPlot)/2, esc("instructions ÷ "+refLabel))
		if p.ref == Handopt {
			y := base - TargetHandopt*scale
			fmt.Fprintf(&w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#1f5fa8" stroke-dasharray="6 4"/>`+"\n", svgLeft, y, width-svgRight, y)
			fmt.Fprintf(&w, `<text x="%d" y="%.1f" fill="#1f5fa8">%s</text>`+"\n", width-svgRight+4, y+4, esc(fmt.Sprintf("target %.2f", TargetHandopt)))
		}
		// Bars.
		x := svgLeft + svgGroupGap/2
		for _, g := range p.groups {
			gx := x
			for _, v := range r.Variants {
				n := g.values[v]
				if n > 0 {
					rel := float64(n) / float64(g.values[p.ref])
					h := math.Min(rel, p.top) * scale
					fmt.Fprintf(&w, `<rect x="%d" y="%.1f" width="%d" height="%.1f" fill="%s"><title>%s</title></rect>`+"\n",
						x, base-h, svgBar-2, h, svgColors[v], esc(fmt.Sprintf("%s %s %s: %d instructions (%.2f)", p.target, g.op.Op, v, n, rel)))
					label := fmt.Sprint(n)
					if rel > p.top {
						// Cut: a white zigzag across the bar, the ratio
						// written at its top.
						y := base - h + 12
						fmt.Fprintf(&w, `<polyline points="%d,%.1f %d,%.1f %d,%.1f" fill="none" stroke="white" stroke-width="3"/>`+"\n",
							x-1, y+4, x+svgBar/2-1, y-2, x+svgBar-1, y+4)
						label = fmt.Sprintf("%d (%.1f×)", n, rel)
						fmt.Fprintf(&w, `<text transform="translate(%d %.1f) rotate(90)" font-size="9" fill="white">%s</text>`+"\n",
							x+svgBar/2-4, y+10, esc(label))
					} else {
						fmt.Fprintf(&w, `<text x="%d" y="%.1f" font-size="9" text-anchor="middle">%s</text>`+"\n", x+svgBar/2-1, base-h-3, esc(label))
					}
				}
				x += svgBar
			}
			label := g.op.Op
			if g.op.Anchor != "" {
				label = g.op.Anchor + " " + label
			}
			cx := (gx + x) / 2
			fmt.Fprintf(&w, `<text transform="translate(%d %.1f) rotate(35)" font-size="11">%s</text>`+"\n", cx, base+14, esc(label))
			x += svgGroupGap
		}
		fmt.Fprintf(&w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="black"/>`+"\n", svgLeft, base, width-svgRight, base)
		fmt.Fprintf(&w, `<text x="%d" y="%.1f" text-anchor="middle">operation</text>`+"\n", (svgLeft+width-svgRight)/2, base+float64(svgBottom)-8)
		// Legend.
		for k, v := range r.Variants {
			ly := y0 + svgTop + 20*k
			fmt.Fprintf(&w, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`+"\n", width-svgRight+10, ly, svgColors[v])
			fmt.Fprintf(&w, `<text x="%d" y="%d">%s</text>`+"\n", width-svgRight+28, ly+11, esc(variantLabel(v)))
		}
		if len(p.groups) == 0 {
			fmt.Fprintf(&w, `<text x="%d" y="%.1f">no dynamic figures</text>`+"\n", svgLeft+10, base-20)
		}
	}
	w.WriteString("</svg>\n")
	return w.Bytes()
}

func variantLabel(v string) string {
	switch v {
	case Handopt:
		return "hand-optimal"
	}
	return v
}

// esc escapes text for XML character data and attributes.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
