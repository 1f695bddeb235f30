package stubcost

import (
	"strings"
	"testing"
)

// A profile as callgrind writes it with --dump-before (compressed names,
// a call edge, a recursion suffix, a .cold part, an omitted zero event).
const sampleProfile = `# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 42
cmd:  ./prog.ia32
part: 1

desc: I1 cache: 
desc: Trigger: Program dump before cost_dump

positions: line
events: Ir Dr
summary: 400

ob=(1) /tmp/prog.ia32
fl=(1) cost_main.c
fn=(1) bench_c0
10 20 4
11 8
cfl=(2) ipc.S
cfn=(2) __L4_Ipc
calls=100 0
12 300 12
cfn=(3) l4idl_pack
calls=100 0
13 50
fn=(4) bench_c0.cold
15 2
fn=(5) bench_s_calc_server'2
20 30
cfn=(6) memcpy
calls=10 0
21 70
fn=(3)
30 50
`

func TestParseCallgrind(t *testing.T) {
	p, err := parseCallgrind(strings.NewReader(sampleProfile))
	if err != nil {
		t.Fatal(err)
	}
	if p.trigger != "Program dump before cost_dump" {
		t.Errorf("trigger %q", p.trigger)
	}
	if got := p.self["bench_c0"]; got != 20+8+2 {
		t.Errorf("self bench_c0 = %d, want 30 (with the .cold part)", got)
	}
	if got := p.self["bench_s_calc_server"]; got != 30 {
		t.Errorf("self bench_s_calc_server = %d, want 30 (recursion suffix folded)", got)
	}
	if got := p.calls[cgEdge{"bench_c0", "__L4_Ipc"}]; got != 300 {
		t.Errorf("bench_c0 -> __L4_Ipc = %d, want 300", got)
	}
	if got := p.count[cgEdge{"bench_c0", "__L4_Ipc"}]; got != 100 {
		t.Errorf("calls bench_c0 -> __L4_Ipc = %d, want 100", got)
	}
	if got := p.self["l4idl_pack"]; got != 50 {
		t.Errorf("self l4idl_pack = %d (name by id), want 50", got)
	}

	// The operation's figures: client = self + the helper; the Ipc is
	// not counted; memcpy is a library call.
	o := &opRun{k: 0, name: "calc.add", cfunc: "calc_add", server: "calc_server"}
	f, err := o.figures(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Client != 30+50 || f.Server != 30 || f.Library != 70 || f.LibraryCalls["memcpy"] != 70 {
		t.Errorf("figures %+v", *f)
	}
}

func TestParseCallgrindErrors(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"undefined id", "events: Ir\nfn=(7)\n1 2\n", "used before its definition"},
		{"jumps", "events: Ir\nfn=(1) f\njump=1 2\n", "jump records"},
		{"events", "events: Dr Ir\n", "want Ir first"},
		{"garbage", "events: Ir\nfn=(1) f\n1 x\n", "callgrind line 3"},
	} {
		_, err := parseCallgrind(strings.NewReader(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func TestFiguresUnknownCallee(t *testing.T) {
	p, err := parseCallgrind(strings.NewReader("events: Ir\nfn=(1) bench_c0\n1 5\ncfn=(2) mystery\ncalls=1 0\n2 9\n"))
	if err != nil {
		t.Fatal(err)
	}
	o := &opRun{k: 0, cfunc: "calc_add", server: "calc_server"}
	if _, err := o.figures(p); err == nil || !strings.Contains(err.Error(), "calls mystery") {
		t.Errorf("unknown callee: error %v", err)
	}
}

func TestPerRound(t *testing.T) {
	a := &Dynamic{Client: 3000, Server: 2000, Library: 1000, LibraryCalls: map[string]int64{"strlen": 1000}}
	b := &Dynamic{Client: 6000, Server: 4000, Library: 2000}
	f, err := perRound(a, b, 100)
	if err != nil {
		t.Fatal(err)
	}
	if f.Client != 30 || f.Server != 20 || f.Total != 50 || f.Library != 10 || f.LibraryCalls["strlen"] != 10 {
		t.Errorf("per round %+v", *f)
	}
	b.Server++
	if _, err := perRound(a, b, 100); err == nil || !strings.Contains(err.Error(), "not constant") {
		t.Errorf("uneven counts: error %v", err)
	}
	if _, err := perRound(&Dynamic{Client: 150}, &Dynamic{Client: 300}, 100); err == nil {
		t.Error("a count that is not a multiple of the rounds gave no error")
	}
}

// With --dump-instr=yes the positions are instruction addresses (and
// lines); their self costs are kept per address.
func TestParseCallgrindInstr(t *testing.T) {
	const text = `events: Ir
positions: instr line
fn=(1) bench_s_x_server
0x8048010 5 1
+2 5 1
* 5 1
cfn=(2) __L4_Ipc
calls=1 0x8049000 0
+3 6 40
0x8048020 7 2
-1 7 3
`
	p, err := parseCallgrind(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint64]int64{0x8048010: 1, 0x8048012: 2, 0x8048020: 2, 0x804801f: 3}
	if len(p.instr) != len(want) {
		t.Errorf("instr %v, want %v", p.instr, want)
	}
	for a, n := range want {
		if p.instr[a] != n {
			t.Errorf("instr[%#x] = %d, want %d", a, p.instr[a], n)
		}
	}
	if p.self["bench_s_x_server"] != 8 || p.calls[cgEdge{"bench_s_x_server", "__L4_Ipc"}] != 40 {
		t.Errorf("self %v calls %v", p.self, p.calls)
	}
	if _, err := parseCallgrind(strings.NewReader("events: Ir\npositions: instr line\nfn=(1) f\nzz 1 1\n")); err == nil {
		t.Error("a bad address gave no error")
	}
}

func TestFiguresHelperCallsIpc(t *testing.T) {
	text := "events: Ir\nfn=(1) bench_c0\n1 5\ncfn=(2) l4idl_call\ncalls=1 0\n2 90\nfn=(2)\n3 4\ncfn=(3) __L4_Ipc\ncalls=1 0\n4 80\n"
	p, err := parseCallgrind(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	o := &opRun{k: 0, cfunc: "calc_add", server: "calc_server"}
	if _, err := o.figures(p); err == nil || !strings.Contains(err.Error(), "stub helper l4idl_call calls __L4_Ipc") {
		t.Errorf("helper calling the Ipc: error %v", err)
	}
}
