package ir

import (
	"fmt"
	"testing"
)

// lowerOne lowers a single operation (in interface "t", id 1) on abi.
func lowerOne(t *testing.T, abi string, o *Operation) *OpLayout {
	t.Helper()
	return lower(t, prog(iface("t", 1, o)), abi).Interfaces[0].Ops[0]
}

// longs returns n in-parameters of type long named prefix1..prefixN.
func longs(prefix string, n int) []*Param {
	var ps []*Param
	for i := 1; i <= n; i++ {
		ps = append(ps, in(fmt.Sprintf("%s%d", prefix, i), tLong))
	}
	return ps
}

func TestPackSubWord(t *testing.T) {
	mk := func() *Operation {
		return op("pk", nil, in("c1", tChar), in("s1", tShort), in("b1", tBool), in("l1", tLong), in("o1", tOctet), in("s2", tShort))
	}
	want := map[string]string{
		// Widest first; 16- and 8-bit values first-fit at natural
		// alignment into shared words.
		"ia32":  "u=3 t=0 regs=1 | l1@1:0/32 s1@2:0/16 s2@2:16/16 c1@3:0/8 b1@3:8/8 o1@3:16/8",
		"arm":   "u=3 t=0 regs=4 | l1@1:0/32:r4 s1@2:0/16:r5 s2@2:16/16:r5 c1@3:0/8:r6 b1@3:8/8:r6 o1@3:16/8:r6",
		"amd64": "u=2 t=0 regs=3 | l1@1:0/32:rax s1@2:0/16:rbx s2@2:16/16:rbx c1@2:32/8:rbx b1@2:40/8:rbx o1@2:48/8:rbx",
		// The long keeps its own word: the message fits the registers.
		"go-arm64": "u=2 t=0 regs=3 | l1@1:0/32:x4 s1@2:0/16:x5 s2@2:16/16:x5 c1@2:32/8:x5 b1@2:40/8:x5 o1@2:48/8:x5",
	}
	for abi, w := range want {
		wantSig(t, abi, lowerOne(t, abi, mk()).Request, w)
	}
}

func Test64BitOn32BitABIs(t *testing.T) {
	mk := func() *Operation {
		return op("w", tLongLong, in("x", tLongLong), in("c", tChar), in("d", tDouble), out("y", Basic(ULongLong)))
	}
	want := map[string][2]string{
		// Two words each, low half first, before narrower values.
		"ia32": {"u=5 t=0 regs=1 | x@1:0/64 d@3:0/64 c@5:0/8", "u=4 t=0 regs=3 | return@1:0/64:ebx y@3:0/64"},
		"arm":  {"u=5 t=0 regs=5 | x@1:0/64:r4 d@3:0/64:r6 c@5:0/8", "u=4 t=0 regs=5 | return@1:0/64:r4 y@3:0/64:r6"},
		"amd64": {"u=3 t=0 regs=4 | x@1:0/64:rax d@2:0/64:rbx c@3:0/8:r10",
			"u=2 t=0 regs=3 | return@1:0/64:rax y@2:0/64:rbx"},
	}
	for abi, w := range want {
		ol := lowerOne(t, abi, mk())
		wantSig(t, abi+" request", ol.Request, w[0])
		wantSig(t, abi+" reply", ol.Reply, w[1])
	}
	ol := lowerOne(t, "ia32", mk())
	if s := ol.Request.Slots[0]; s.Words != 2 || s.Width != 64 {
		t.Errorf("ia32 long long slot: words %d width %d", s.Words, s.Width)
	}
}

func TestPairPackingOnlyBeyondRegisters(t *testing.T) {
	// amd64 carries MR0..MR7 in registers: seven longs keep a word each.
	wantSig(t, "amd64 7 longs", lowerOne(t, "amd64", op("p7", nil, longs("a", 7)...)).Request,
		"u=7 t=0 regs=8 | a1@1:0/32:rax a2@2:0/32:rbx a3@3:0/32:r10 a4@4:0/32:r12 a5@5:0/32:r13 a6@6:0/32:r14 a7@7:0/32:r15")
	// Eight would need MR8 (UTCB): one pair shares a word, the last two.
	wantSig(t, "amd64 8 longs", lowerOne(t, "amd64", op("p8", nil, longs("a", 8)...)).Request,
		"u=7 t=0 regs=8 | a1@1:0/32:rax a2@2:0/32:rbx a3@3:0/32:r10 a4@4:0/32:r12 a5@5:0/32:r13 a6@6:0/32:r14 a7@7:0/32:r15 a8@7:32/32:r15")
	// Nine: two pairs.
	wantSig(t, "amd64 9 longs", lowerOne(t, "amd64", op("p9", nil, longs("a", 9)...)).Request,
		"u=7 t=0 regs=8 | a1@1:0/32:rax a2@2:0/32:rbx a3@3:0/32:r10 a4@4:0/32:r12 a5@5:0/32:r13 a6@6:0/32:r14 a7@6:32/32:r14 a8@7:0/32:r15 a9@7:32/32:r15")
	// Seventeen cannot fit MR1..MR7 even packed: every pair is packed
	// (each saves a UTCB word).
	m := lowerOne(t, "amd64", op("p17", nil, longs("a", 17)...)).Request
	if m.FixedWords != 9 {
		t.Errorf("amd64 17 longs: u=%d, want 9 (fully packed)", m.FixedWords)
	}
	// 32-bit ABIs never pair (a long is a whole word).
	if m := lowerOne(t, "arm", op("p8", nil, longs("a", 8)...)).Request; m.FixedWords != 8 {
		t.Errorf("arm 8 longs: u=%d", m.FixedWords)
	}
	// Replies count the receive registers the same way: a long long and
	// seven longs need MR1..MR8, so the last pair shares MR7.
	ol := lowerOne(t, "amd64", op("r", tLongLong, append([]*Param{}, outLongs(7)...)...))
	wantSig(t, "amd64 reply", ol.Reply,
		"u=7 t=0 regs=8 | return@1:0/64:rax o1@2:0/32:rbx o2@3:0/32:r10 o3@4:0/32:r12 o4@5:0/32:r13 o5@6:0/32:r14 o6@7:0/32:r15 o7@7:32/32:r15")
	// A message with items counts its typed words too.
	ol = lowerOne(t, "amd64", op("it", nil, append(longs("a", 6), in("s", stringT(0)))...))
	wantSig(t, "amd64 with item", ol.Request,
		"u=5 t=2 regs=8 | a1@1:0/32:rax a2@2:0/32:rbx a3@3:0/32:r10 a4@4:0/32:r12 a5@5:0/32:r13 a6@5:32/32:r13 | string s@+0=MR6 0B+nul")
}

func outLongs(n int) []*Param {
	var ps []*Param
	for i := 1; i <= n; i++ {
		ps = append(ps, out(fmt.Sprintf("o%d", i), tLong))
	}
	return ps
}

func TestUnion(t *testing.T) {
	mk := func() *Operation {
		u := unionT("U", tLong, arm(field("a", tLong), 1), arm(field("d", tDouble), 2, 3), arm(field("c", tChar)))
		return op("un", nil, in("u", u), in("z", tLong))
	}
	want := map[string]string{
		// The discriminator packs with the scalars; the arms overlay from
		// MR3, the region as large as the double.
		"ia32":  "u=4 t=0 regs=1 | disc(u)@1:0/32 z@2:0/32 u.a@3:0/32 u.d@3:0/64 u.c@3:0/8",
		"amd64": "u=3 t=0 regs=4 | disc(u)@1:0/32:rax z@2:0/32:rbx u.a@3:0/32:r10 u.d@3:0/64:r10 u.c@3:0/8:r10",
		"arm":   "u=4 t=0 regs=5 | disc(u)@1:0/32:r4 z@2:0/32:r5 u.a@3:0/32:r6 u.d@3:0/64:r6 u.c@3:0/8:r6",
	}
	for abi, w := range want {
		wantSig(t, abi, lowerOne(t, abi, mk()).Request, w)
	}
	m := lowerOne(t, "ia32", mk()).Request
	for _, s := range m.Slots {
		switch s.Path {
		case "u":
			if s.Role != DiscSlot || s.Arm != nil {
				t.Errorf("disc slot %+v", *s)
			}
		case "u.a", "u.d", "u.c":
			if s.Arm == nil || len(s.Arms) != 1 || s.Arms[0] != s.Arm {
				t.Errorf("%s: arm %v arms %v", s.Path, s.Arm, s.Arms)
			}
		}
	}
	if m.Slots[4].Arm.Default != true || len(m.Slots[3].Arm.Labels) != 2 {
		t.Errorf("arms not attached to the right slots")
	}
}

func TestNestedUnionAndItemsInArms(t *testing.T) {
	inner := unionT("I", tChar, arm(field("x", tShort), 1), arm(field("y", tLong), 2))
	outer := unionT("O", tShort,
		arm(field("i", inner), 1),
		arm(field("s", stringT(0)), 2),
		arm(field("f", tFpage), 3))
	ol := lowerOne(t, "ia32", op("n", nil, in("o", outer)))
	// The outer discriminator, then the arm region: arm 1 holds the inner
	// discriminator and its own region; items are always sent.
	wantSig(t, "ia32", ol.Request,
		"u=3 t=4 regs=1 | disc(o)@1:0/16 disc(o.i)@2:0/8 o.i.x@3:0/16 o.i.y@3:0/32 | string o.s@+0=MR4 0B+nul map o.f@+2=MR6")
	for _, s := range ol.Request.Slots {
		if s.Path == "o.i.x" && (len(s.Arms) != 2 || s.Arm != s.Arms[1] || s.Arms[0].Field.Name != "i") {
			t.Errorf("o.i.x arms %v", s.Arms)
		}
	}
	for _, it := range ol.Request.Items {
		if it.Arm == nil || len(it.Arms) != 1 {
			t.Errorf("item %s not tied to its arm", it.Path)
		}
	}
	if got := recvSig(ol.Request.Recv); got != "strings window [o.s:0]" {
		t.Errorf("receive plan %s", got)
	}
}

func TestArrays(t *testing.T) {
	mk := func() *Operation {
		return op("ar", nil, in("v", arrayT(tLong, 3)), in("name", arrayT(tChar, 5)), in("k", tShort))
	}
	want := map[string]string{
		// Scalars first, then element runs (memory images) from a word
		// boundary.
		"ia32":     "u=6 t=0 regs=1 | k@1:0/16 v@2*3(12B) name@5*2(5B)",
		"amd64":    "u=4 t=0 regs=5 | k@1:0/16:rax v@2*2(12B):rbx name@4*1(5B):r12",
		"go-arm64": "u=4 t=0 regs=5 | k@1:0/16:x4 v@2*2(12B):x5 name@4*1(5B):x7",
	}
	for abi, w := range want {
		wantSig(t, abi, lowerOne(t, abi, mk()).Request, w)
	}
	s := lowerOne(t, "ia32", mk()).Request.Slots[1]
	if !s.Run || s.Count != 3 || s.Bytes != 12 || s.Type != tLong || s.Variable {
		t.Errorf("run slot %+v", *s)
	}
	// Arrays of values that are not memory images expand per element.
	ol := lowerOne(t, "ia32", op("fp", nil, in("pages", arrayT(tFpage, 2)), in("names", arrayT(stringT(0), 2))))
	wantSig(t, "expanded", ol.Request,
		"u=0 t=8 regs=1 | | map pages[0]@+0=MR1 map pages[1]@+2=MR3 string names[0]@+4=MR5 0B+nul string names[1]@+6=MR7 0B+nul")
}

func TestStructFlattening(t *testing.T) {
	in2 := structT("in2", field("c", tChar), field("t", tThread))
	s := structT("outer", field("a", tShort), field("i", in2), field("v", arrayT(tOctet, 6)), field("b", tChar))
	wantSig(t, "ia32", lowerOne(t, "ia32", op("s", nil, in("p", s))).Request,
		"u=4 t=0 regs=1 | p.i.t@1:0/32 p.a@2:0/16 p.i.c@2:16/8 p.b@2:24/8 p.v@3*2(6B)")
	wantSig(t, "amd64", lowerOne(t, "amd64", op("s", nil, in("p", s))).Request,
		"u=3 t=0 regs=4 | p.i.t@1:0/64:rax p.a@2:0/16:rbx p.i.c@2:16/8:rbx p.b@2:24/8:rbx p.v@3*1(6B):r10")
}

func TestInlineVariableData(t *testing.T) {
	mk := func() *Operation {
		return op("sv", nil, in("s", stringT(16)), in("q", seqT(tShort, 4)), in("k", tChar))
	}
	want := map[string]string{
		// Lengths are 8-bit (at most 16 elements) and pack with k; the runs
		// follow the fixed words, the second after the first.
		"ia32":  "u=1..7 t=0 regs=1 | len(s)@1:0/8 len(q)@1:8/8 k@1:16/8 s@2*4(16B)+len q@6*2(8B)+len(after)",
		"amd64": "u=1..4 t=0 regs=5 | len(s)@1:0/8:rax len(q)@1:8/8:rax k@1:16/8:rax s@2*2(16B)+len:rbx q@4*1(8B)+len(after)",
	}
	for abi, w := range want {
		m := lowerOne(t, abi, mk()).Request
		wantSig(t, abi, m, w)
		if !m.Variable || m.Items != nil && len(m.Items) > 0 {
			t.Errorf("%s: variable %v items %d", abi, m.Variable, len(m.Items))
		}
	}

	// A DCE count parameter that travels in the message is the count: no
	// length slot.
	n := in("n", tShort)
	v := in("v", seqT(tShort, 8))
	v.SizeIs = n
	wantSig(t, "size_is", lowerOne(t, "ia32", op("dce", nil, n, v)).Request,
		"u=1..5 t=0 regs=1 | n@1:0/16 v@2*4(16B)+n")

	// An [out] buffer sized by an [in] count carries its own length in
	// the reply.
	n2 := in("n", tShort)
	o := out("o", seqT(tShort, 8))
	o.SizeIs = n2
	wantSig(t, "out buffer", lowerOne(t, "ia32", op("dce2", nil, n2, o)).Reply,
		"u=1..5 t=0 regs=3 | len(o)@1:0/8:ebx o@2*4(16B)+len:ebp")

	// Just above the threshold: a string item.
	wantSig(t, "above threshold", lowerOne(t, "ia32", op("big", nil, in("q", seqT(tLong, 9)))).Request,
		"u=0 t=2 regs=1 | | string q@+0=MR1 36B")
	// A struct member sized by a sibling.
	cnt := field("cnt", tShort)
	data := field("data", seqT(tOctet, 0))
	data.Size = cnt
	st := structT("blob", cnt, data)
	wantSig(t, "member size", lowerOne(t, "ia32", op("m", nil, in("b", st))).Request,
		"u=1 t=2 regs=1 | b.cnt@1:0/16 | string b.data@+0=MR2 0B count=b.cnt")
}

func TestOverflowToStringItems(t *testing.T) {
	var fs []*Field
	for i := 0; i < 100; i++ {
		fs = append(fs, field(fmt.Sprintf("f%d", i), tLong))
	}
	big := structT("big", fs...)
	mk := func() *Operation { return op("big", nil, in("b", big), in("k", tLong)) }

	// 100 words do not fit 63 on 32-bit ABIs: the struct travels as a
	// string item of its memory image.
	for _, abi := range []string{"ia32", "arm"} {
		ol := lowerOne(t, abi, mk())
		m := ol.Request
		if m.FixedWords != 1 || len(m.Items) != 1 {
			t.Fatalf("%s: %s", abi, sig(m))
		}
		it := m.Items[0]
		if !it.Image || it.MaxBytes != 400 || it.ElemBytes != 400 || it.Path != "b" || it.MR != 2 {
			t.Errorf("%s: item %+v", abi, *it)
		}
		if got := recvSig(m.Recv); got != "strings [b:400]" {
			t.Errorf("%s: receive plan %s", abi, got)
		}
	}
	// On 64-bit ABIs the packed pairs take 50 words: still inline.
	m := lowerOne(t, "amd64", mk()).Request
	if m.FixedWords != 51 || len(m.Items) != 0 {
		t.Errorf("amd64: u=%d items=%d", m.FixedWords, len(m.Items))
	}
	// Twice as many overflows there too; the largest value moves first
	// and the rest stays inline.
	var fs2 []*Field
	for i := 0; i < 200; i++ {
		fs2 = append(fs2, field(fmt.Sprintf("f%d", i), tLong))
	}
	huge := structT("huge", fs2...)
	m = lowerOne(t, "amd64", op("huge", nil, in("h", huge), in("b", big), in("v", arrayT(tLong, 20)))).Request
	wantSig(t, "amd64 huge", m, "u=60 t=2 regs=8 | "+packedFields("b", 100, 1, []string{"rax", "rbx", "r10", "r12", "r13", "r14", "r15"})+
		" v@51*10(80B) | string h@+0=MR61 800B image")
	// Arrays move too; the receiver's buffer is the image size.
	m = lowerOne(t, "ia32", op("arr", nil, in("v", arrayT(tDouble, 40)), in("k", tLong))).Request
	wantSig(t, "ia32 array", m, "u=1 t=2 regs=1 | k@1:0/32 | string v@+0=MR2 320B image")
	if it := m.Items[0]; it.ElemBytes != 8 {
		t.Errorf("array image element size %d", it.ElemBytes)
	}
}

// packedFields spells the summary of n packed long members p.f0.. from
// MR first, two per word, with the given registers for the first MRs.
func packedFields(p string, n, first int, regs []string) string {
	var s string
	for i := 0; i < n; i++ {
		mr := first + i/2
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%s.f%d@%d:%d/32", p, i, mr, 32*(i%2))
		if mr-1 < len(regs) {
			s += ":" + regs[mr-1]
		}
	}
	return s
}

func TestGrantAndMapItems(t *testing.T) {
	g := in("g", tFpage)
	g.Grant = true
	ol := lowerOne(t, "arm", op("gm", nil, in("a", tWord), g, in("m", tFpage)))
	wantSig(t, "arm", ol.Request, "u=1 t=4 regs=5 | a@1:0/32:r4 | grant g@+0=MR2 map m@+2=MR4")
	if got := recvSig(ol.Request.Recv); got != "window []" {
		t.Errorf("receive plan %s", got)
	}
}

func TestOverflowMovesInlineRuns(t *testing.T) {
	// Ten strings of up to 28 characters: 7 words each inline on ia32,
	// 70 words with their lengths. The first ones move to string items
	// until the message fits.
	var ps []*Param
	for i := 0; i < 10; i++ {
		ps = append(ps, in(fmt.Sprintf("s%d", i), stringT(28)))
	}
	m := lowerOne(t, "ia32", op("many", nil, ps...)).Request
	if m.MaxWords+m.TypedWords > MaxPayloadWords {
		t.Fatalf("does not fit: %s", sig(m))
	}
	if len(m.Items) != 2 || m.Items[0].Path != "s0" || m.Items[1].Path != "s1" || m.Items[0].MaxBytes != 29 {
		t.Errorf("moved: %s", sig(m))
	}
	if m.FixedWords != 2 || m.MaxWords != 2+8*7 || !m.Variable || m.Items[0].MR != 0 {
		t.Errorf("inline part: %s", sig(m))
	}
}

// cUnionT returns a union without discriminator (a C union) with one arm
// per field.
func cUnionT(name string, fields ...*Field) *Type {
	t := &Type{Kind: Union, Name: []string{name}, Pos: pos()}
	for _, f := range fields {
		t.Arms = append(t.Arms, &UnionArm{Field: f, Pos: pos()})
	}
	return t
}

func TestCUnionMemoryImage(t *testing.T) {
	small := cUnionT("t_union", field("a", tLong), field("b", tChar))
	// 48 bytes: 12 words on ia32 (over InlineMaxWords: an image item from
	// the start), 6 words on amd64 (a run).
	mid := cUnionT("mid", field("x", arrayT(tLong, 12)), field("d", tDouble))
	mk := func() *Operation { return op("cu", tLongLong, in("a", small), in("m", mid), out("b", small)) }
	want := map[string][2]string{
		"ia32":  {"u=1 t=2 regs=1 | a@1*1(4B) | string m@+0=MR2 48B image", "u=3 t=0 regs=3 | return@1:0/64:ebx b@3*1(4B)"},
		"arm":   {"u=1 t=2 regs=4 | a@1*1(4B):r4 | string m@+0=MR2 48B image", "u=3 t=0 regs=4 | return@1:0/64:r4 b@3*1(4B):r6"},
		"amd64": {"u=7 t=0 regs=8 | a@1*1(4B):rax m@2*6(48B):rbx", "u=2 t=0 regs=3 | return@1:0/64:rax b@2*1(4B):rbx"},
	}
	for abi, w := range want {
		ol := lowerOne(t, abi, mk())
		wantSig(t, abi+" request", ol.Request, w[0])
		wantSig(t, abi+" reply", ol.Reply, w[1])
	}
	s := lowerOne(t, "ia32", mk()).Request.Slots[0]
	if !s.Run || s.Variable || s.Count != 1 || s.Type != small || s.Arm != nil {
		t.Errorf("C union slot %+v", *s)
	}
	if it := lowerOne(t, "ia32", mk()).Request.Items[0]; !it.Image || it.ElemBytes != 48 || it.Type != mid {
		t.Errorf("C union item %+v", *it)
	}

	// Inside a struct the union is part of the struct's image; the
	// struct's members are flattened and the union stays a run.
	st := structT("holder", field("k", tShort), field("u", small))
	wantSig(t, "struct with a C union", lowerOne(t, "amd64", op("h", nil, in("h", st))).Request,
		"u=2 t=0 regs=3 | h.k@1:0/16:rax h.u@2*1(4B):rbx")
	if !IsMemoryImage(st) {
		t.Error("a struct holding a plain C union is a memory image")
	}

	// A C union with a string arm has no sendable form.
	bad := cUnionT("bad", field("s", stringT(0)), field("l", tLong))
	wantError(t, errorsOf(t, "ia32", op("b", nil, in("x", bad))),
		"parameter \"x\" of operation \"b\" has union type bad without a discriminator, and its arms hold strings")
}
