package ir

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Tests of the record item: fixed-size values that do not fit the 63
// untyped words move, last in MR order first, into one string item that
// carries them at fixed byte offsets.

// wordSlots spells the sig of n one-word values prefix1..prefixN in
// MR1..MRn (32-bit ABI, UTCB only).
func wordSlots(prefix string, n int) string {
	var parts []string
	for i := 1; i <= n; i++ {
		parts = append(parts, fmt.Sprintf("%s%d@%d:0/32", prefix, i, i))
	}
	return strings.Join(parts, " ")
}

// longLongs returns n in-parameters of type long long named v0..v(n-1).
func longLongs(n int) []*Param {
	var ps []*Param
	for i := 0; i < n; i++ {
		ps = append(ps, in(fmt.Sprintf("v%d", i), tLongLong))
	}
	return ps
}

func TestRecordScalarSpill(t *testing.T) {
	// 32 long longs take 64 words on the 32-bit ABIs: freeing the 3 words
	// that the record's own item costs plus the one that does not fit
	// takes the last two values (a two-word value cannot be split).
	var slots []string
	for i := 0; i < 30; i++ {
		slots = append(slots, fmt.Sprintf("v%d@%d:0/64", i, 2*i+1))
	}
	wantSig(t, "ia32 32 long longs", lowerOne(t, "ia32", op("many", nil, longLongs(32)...)).Request,
		"u=60 t=2 regs=1 | "+strings.Join(slots, " ")+" | string (record)@+0=MR61 16B {v30@0/8 v31@8/8}")
	m := lowerOne(t, "arm", op("many", nil, longLongs(32)...)).Request
	if m.FixedWords != 60 || m.TypedWords != 2 || sig(m)[strings.Index(sig(m), "| string"):] != "| string (record)@+0=MR61 16B {v30@0/8 v31@8/8}" {
		t.Errorf("arm 32 long longs: %s", sig(m))
	}
	// On the 64-bit ABIs they take 32 words: no record.
	if m := lowerOne(t, "amd64", op("many", nil, longLongs(32)...)).Request; m.FixedWords != 32 || len(m.Items) != 0 {
		t.Errorf("amd64 32 long longs: %s", sig(m))
	}

	// 70 longs: the last 9 (freeing 7 words and paying the item's 2).
	ol := lowerOne(t, "ia32", op("wide", nil, longs("a", 70)...))
	wantSig(t, "ia32 70 longs", ol.Request, "u=61 t=2 regs=1 | "+wordSlots("a", 61)+
		" | string (record)@+0=MR62 36B {a62@0/4 a63@4/4 a64@8/4 a65@12/4 a66@16/4 a67@20/4 a68@24/4 a69@28/4 a70@32/4}")
	if got := recvSig(ol.Request.Recv); got != "strings [(record):36]" {
		t.Errorf("receive plan %s", got)
	}
	it := ol.Request.Items[0]
	if it.Path != RecordPath || it.Kind != StringItem || it.Image || it.ElemBytes != 36 || it.Buffer != 0 || it.Words != 2 {
		t.Errorf("record item %+v", *it)
	}
	if f := it.Record[0]; f.Role != ValueSlot || f.Param == nil || f.Param.Name != "a62" || f.Type != tLong {
		t.Errorf("record field %+v", *f)
	}

	// Sub-word values sharing the last words go first, highest bit first;
	// the record orders its fields by alignment (no padding) and is
	// rounded up to its largest alignment, like the C struct.
	mixed := append(longs("a", 63), in("c1", tChar), in("c2", tChar), in("c3", tChar), in("c4", tChar), in("c5", tChar))
	wantSig(t, "ia32 63 longs and 5 chars", lowerOne(t, "ia32", op("mixed", nil, mixed...)).Request,
		"u=61 t=2 regs=1 | "+wordSlots("a", 61)+" | string (record)@+0=MR62 16B {a62@0/4 a63@4/4 c1@8/1 c2@9/1 c3@10/1 c4@11/1 c5@12/1}")
}

func TestRecordRolesAndUnits(t *testing.T) {
	// The length slot of an inline run moves like any scalar; the run
	// itself (variable) stays in the untyped words.
	ps := append(longs("a", 62), in("s", stringT(8)))
	wantSig(t, "length in the record", lowerOne(t, "ia32", op("len", nil, ps...)).Request,
		"u=59..61 t=2 regs=1 | "+wordSlots("a", 59)+" s@60*2(8B)+len | string (record)@+0 16B {a60@0/4 a61@4/4 a62@8/4 len(s)@12/1}")

	// Element runs and plain unions move whole (the union's image is
	// its discriminator and arm storage, freeing its region too).
	u := unionT("u", tLong, arm(field("x", tLong), 1), arm(field("y", tShort), 2))
	ps = append(longs("a", 60), in("u", u), in("name", arrayT(tChar, 5)))
	m := lowerOne(t, "ia32", op("un", nil, ps...)).Request
	wantSig(t, "run and union in the record", m, "u=60 t=2 regs=1 | "+wordSlots("a", 60)+" | string (record)@+0=MR61 16B {u@0/8 name@8/5}")
	if f := m.Items[0].Record[0]; f.Type != u || f.Role != ValueSlot {
		t.Errorf("union field %+v", *f)
	}
	if f := m.Items[0].Record[1]; f.Type.Kind != Array || f.Type.Len != 5 {
		t.Errorf("run field %+v", *f)
	}

	// A union whose arms cannot travel as memory (a string) keeps its
	// region; its discriminator alone moves (and the arm's string item
	// stays before the record).
	nu := unionT("nu", tShort, arm(field("x", tLong), 1), arm(field("s", stringT(0)), 2))
	ps = append(longs("a", 61), in("u", nu))
	wantSig(t, "discriminator in the record", lowerOne(t, "ia32", op("nu", nil, ps...)).Request,
		"u=59 t=4 regs=1 | "+wordSlots("a", 58)+" u.x@59:0/32 | string u.s@+0=MR60 0B+nul string (record)@+2=MR62 16B {a59@0/4 a60@4/4 a61@8/4 disc(u)@12/2}")
}

func TestRecordInvariants(t *testing.T) {
	// On every ABI the record is the C struct of its fields: offsets
	// aligned, in order, without overlap, and its Type has the record's
	// size and offsets.
	u := unionT("u", tShort, arm(field("x", tLongLong), 1), arm(field("c", tChar), 2))
	mk := func() *Operation {
		ps := append(longLongs(56), in("d", tDouble), in("w", tWord), in("u", u), in("c", tChar), in("b", tBool), in("s", tShort))
		ps = append(ps, longs("l", 30)...)
		return op("rec", nil, ps...)
	}
	for _, name := range ABINames() {
		abi, _ := LookupABI(name)
		m := lowerOne(t, name, mk()).Request
		if m.MaxWords+m.TypedWords > MaxPayloadWords {
			t.Errorf("%s: %d words", name, m.MaxWords+m.TypedWords)
		}
		var rec *Item
		for _, it := range m.Items {
			if it.Record != nil {
				rec = it
			}
		}
		if rec == nil {
			t.Errorf("%s: no record: %s", name, sig(m))
			continue
		}
		if rec != m.Items[len(m.Items)-1] {
			t.Errorf("%s: the record is not the last item", name)
		}
		if Sizeof(rec.Type, abi) != rec.MaxBytes {
			t.Errorf("%s: record type size %d, item %d bytes", name, Sizeof(rec.Type, abi), rec.MaxBytes)
		}
		var end int64
		inRecord := map[string]bool{}
		for i, f := range rec.Record {
			inRecord[f.Path] = true
			if f.Offset < end || f.Offset%Alignof(f.Type, abi) != 0 || f.Bytes != Sizeof(f.Type, abi) || Offsetof(rec.Type, i, abi) != f.Offset {
				t.Errorf("%s: field %s at %d (%d bytes) after %d", name, f.Path, f.Offset, f.Bytes, end)
			}
			end = f.Offset + f.Bytes
		}
		// Every value travels exactly once.
		for _, s := range m.Slots {
			if inRecord[s.Path] {
				t.Errorf("%s: %s both in a slot and in the record", name, s.Path)
			}
		}
	}
}

func TestRecordInexpressible(t *testing.T) {
	// Every receive buffer is taken by 16 strings: no record item can be
	// added for the 60 longs that do not fit.
	var ps []*Param
	for i := 0; i < 16; i++ {
		ps = append(ps, in(fmt.Sprintf("s%d", i), stringT(0)))
	}
	o := op("full", nil, append(ps, longs("a", 60)...)...)
	wantError(t, errorsOf(t, "ia32", o),
		fmt.Sprintf("test.idl:%d:1: error: the request of operation \"full\" needs 92 words after MR0 (u=60, t=32)", o.Pos.Line),
		"its 16 string items already use every receive buffer")

	// A union arm of 62 words (a struct with a string cannot travel as
	// an image) never moves: 62 words plus the arm's string item and the
	// record item exceed 63.
	var fs []*Field
	for i := 0; i < 62; i++ {
		fs = append(fs, field(fmt.Sprintf("f%d", i), tLong))
	}
	big := structT("big", append(fs, field("name", stringT(0)))...)
	un := unionT("un", tLong, arm(field("b", big), 1), arm(field("x", tLong), 2))
	// Inline variable runs of one word never move (an item would take
	// two); only their lengths join the record: 70 one-word runs stay.
	var strs []*Param
	for i := 0; i < 70; i++ {
		strs = append(strs, in(fmt.Sprintf("s%d", i), stringT(4)))
	}
	wantError(t, errorsOf(t, "ia32", op("strs", nil, strs...)),
		"the request of operation \"strs\" needs 88 words after MR0 (u=88, t=0)")
	wantError(t, errorsOf(t, "ia32", op("arm", nil, in("u", un), in("k", tLong))),
		"the request of operation \"arm\" needs 66 words after MR0 (u=64, t=2), but an L4 message holds at most 63, even with its large values sent as string items and its other fixed-size values in a record item")
}

// TestNewFieldsPrinted checks that the text dump and the JSON form show
// record items, fpage-sequence elements and C-union runs.
func TestNewFieldsPrinted(t *testing.T) {
	ps := append(longLongs(32), in("f", seqT(tFpage, 2)), in("cu", cUnionT("cu", field("a", tLong), field("b", tChar))))
	l := lower(t, prog(iface("t", 1, op("all", nil, ps...))), "ia32")
	var txt, js strings.Builder
	if err := l.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	// 64 words of long longs, the length of f, the union's word and four
	// item words: the union, the length and v31..v28 move.
	flat := strings.Join(strings.Fields(txt.String()), " ")
	for _, want := range []string{
		"MR55-56 0..63 - v27 long long MR57 map item - f[0] fpage, element 0 of f (nil fpage from count length(f) on)",
		"MR61 string item - (record) record of 6 values, 40 bytes, buffer 0 rec+0 8B - v28 long long",
		"rec+32 4B - cu cu rec+36 1B - length(f) octet",
		"buffer 0 ((record)): 40 bytes",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("text dump lacks %q:\n%s", want, txt.String())
		}
	}
	if err := l.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Interfaces []struct {
			Operations []struct {
				Request struct {
					Items []jsonItem `json:"items"`
				} `json:"request"`
			} `json:"operations"`
		} `json:"interfaces"`
	}
	if err := json.Unmarshal([]byte(js.String()), &doc); err != nil {
		t.Fatal(err)
	}
	items := doc.Interfaces[0].Operations[0].Request.Items
	if len(items) != 3 {
		t.Fatalf("%d items in JSON", len(items))
	}
	if it := items[0]; it.SeqPath != "f" || it.SeqIndex == nil || *it.SeqIndex != 0 || it.Record != nil {
		t.Errorf("JSON fpage element %+v", it)
	}
	rec := items[2]
	if rec.Path != RecordPath || rec.SeqIndex != nil || len(rec.Record) != 6 || rec.MaxBytes != 40 || rec.MR != 61 {
		t.Fatalf("JSON record %+v", rec)
	}
	if f := rec.Record[5]; f != (jsonRecordField{Role: "length", Path: "f", Param: "f", Type: "octet", Offset: 36, Bytes: 1}) {
		t.Errorf("JSON record field %+v", f)
	}
	if f := rec.Record[4]; f != (jsonRecordField{Role: "value", Path: "cu", Param: "cu", Type: "cu", Offset: 32, Bytes: 4}) {
		t.Errorf("JSON record field %+v", f)
	}
}
