package ir

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// JSONSchema names the version of the JSON form written by WriteJSON.
// docs/ir-json.md documents it; a change that breaks readers bumps it.
const JSONSchema = "l4idl-ir/1"

// The JSON form mirrors Layout with explicit field names. Numbers that
// may need the full 64 bits (labels) are plain JSON numbers: every
// reader that follows the schema parses them as unsigned 64-bit.

type jsonLayout struct {
	Schema     string        `json:"schema"`
	File       string        `json:"file"`
	ABI        jsonABI       `json:"abi"`
	Interfaces []jsonIface   `json:"interfaces"`
	Consts     []jsonConst   `json:"consts"`
	Types      []jsonTypeRef `json:"types"`
}

type jsonABI struct {
	Name      string   `json:"name"`
	WordBits  int      `json:"word_bits"`
	BigEndian bool     `json:"big_endian"`
	LabelBits int      `json:"label_bits"`
	SendRegs  []string `json:"send_regs"`
	RecvRegs  []string `json:"recv_regs"`
}

type jsonConst struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Value    string `json:"value"`
	Imported bool   `json:"imported"`
}

type jsonTypeRef struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Size     int64  `json:"size"`
	Align    int64  `json:"align"`
	Imported bool   `json:"imported"`
}

type jsonIface struct {
	Name       string   `json:"name"`
	ID         uint64   `json:"id"`
	IDExplicit bool     `json:"id_explicit"`
	Bases      []string `json:"bases"`
	Imported   bool     `json:"imported"`
	Local      bool     `json:"local"`
	ServerRecv jsonRecv `json:"server_recv"`
	Ops        []jsonOp `json:"operations"`
}

type jsonOp struct {
	Name           string        `json:"name"`
	DeclaredIn     string        `json:"declared_in"`
	FuncID         uint64        `json:"func_id"`
	FuncIDExplicit bool          `json:"func_id_explicit"`
	Label          uint64        `json:"label"`
	KernelMsg      string        `json:"kernel_msg,omitempty"`
	Oneway         bool          `json:"oneway"`
	Attribute      string        `json:"attribute,omitempty"`
	Result         string        `json:"result"`
	Params         []jsonParam   `json:"params"`
	Raises         []string      `json:"raises"`
	Request        *jsonMessage  `json:"request"`
	Reply          *jsonMessage  `json:"reply"`
	Exceptions     []jsonMessage `json:"exceptions"`
	ReplyRecv      jsonRecv      `json:"reply_recv"`
}

type jsonParam struct {
	Name     string `json:"name"`
	Dir      string `json:"dir"`
	Type     string `json:"type"`
	SizeIs   string `json:"size_is,omitempty"`
	LengthIs string `json:"length_is,omitempty"`
	MaxIs    string `json:"max_is,omitempty"`
	Prealloc bool   `json:"prealloc,omitempty"`
	Grant    bool   `json:"grant,omitempty"`
}

type jsonMessage struct {
	Direction string     `json:"direction"`
	Label     uint64     `json:"label"`
	LabelMask uint64     `json:"label_mask"`
	U         int        `json:"u"`
	Variable  bool       `json:"variable"`
	MaxU      int        `json:"max_u"`
	T         int        `json:"t"`
	RegWords  int        `json:"reg_words"`
	Regs      []string   `json:"regs"`
	EchoMRs   []int      `json:"echo_mrs"`
	Slots     []jsonSlot `json:"slots"`
	Items     []jsonItem `json:"items"`
	Recv      jsonRecv   `json:"recv"`
}

type jsonSlot struct {
	Role          string    `json:"role"`
	Path          string    `json:"path"`
	Param         string    `json:"param,omitempty"`
	Type          string    `json:"type"`
	MR            int       `json:"mr"`
	AfterVariable bool      `json:"after_variable,omitempty"`
	Bit           int       `json:"bit"`
	Width         int       `json:"width"`
	Words         int       `json:"words"`
	Run           bool      `json:"run,omitempty"`
	Count         int64     `json:"count,omitempty"`
	Bytes         int64     `json:"bytes,omitempty"`
	Variable      bool      `json:"variable,omitempty"`
	Arms          []jsonArm `json:"arms,omitempty"`
	Reg           string    `json:"reg,omitempty"`
	CountPath     string    `json:"count_path,omitempty"`
	InTag         bool      `json:"in_tag,omitempty"`
}

type jsonArm struct {
	Labels  []string `json:"labels"`
	Default bool     `json:"default,omitempty"`
}

type jsonItem struct {
	Kind          string    `json:"kind"`
	Path          string    `json:"path"`
	Param         string    `json:"param,omitempty"`
	Type          string    `json:"type"`
	Index         int       `json:"index"`
	MR            int       `json:"mr"`
	Words         int       `json:"words"`
	ElemBytes     int64     `json:"elem_bytes,omitempty"`
	MaxBytes      int64     `json:"max_bytes,omitempty"`
	NulTerminated bool      `json:"nul_terminated,omitempty"`
	Buffer        int       `json:"buffer"`
	Image         bool      `json:"image,omitempty"`
	CountPath     string    `json:"count_path,omitempty"`
	Arms          []jsonArm `json:"arms,omitempty"`
	// Record items and elements of fpage sequences.
	Record   []jsonRecordField `json:"record,omitempty"`
	SeqPath  string            `json:"seq_path,omitempty"`
	SeqIndex *int              `json:"seq_index,omitempty"`
}

type jsonRecordField struct {
	Role   string `json:"role"`
	Path   string `json:"path"`
	Param  string `json:"param,omitempty"`
	Type   string `json:"type"`
	Offset int64  `json:"offset"`
	Bytes  int64  `json:"bytes"`
}

type jsonRecv struct {
	Strings bool         `json:"strings"`
	Window  bool         `json:"window"`
	Buffers []jsonBuffer `json:"buffers"`
}

type jsonBuffer struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
}

// WriteJSON writes the layout in the stable JSON form (schema JSONSchema,
// documented in docs/ir-json.md), indented, with a final newline.
func (l *Layout) WriteJSON(w io.Writer) error {
	out := jsonLayout{
		Schema: JSONSchema,
		File:   l.Program.File,
		ABI: jsonABI{Name: l.ABI.Name, WordBits: l.ABI.WordBits, BigEndian: l.ABI.BigEndian,
			LabelBits: l.ABI.LabelBits, SendRegs: nonNil(l.ABI.SendRegs), RecvRegs: nonNil(l.ABI.RecvRegs)},
		Interfaces: []jsonIface{},
		Consts:     []jsonConst{},
		Types:      []jsonTypeRef{},
	}
	for _, c := range l.Program.Consts {
		out.Consts = append(out.Consts, jsonConst{Name: c.ScopedName(), Type: c.Type.String(), Value: c.Value.String(), Imported: c.Imported})
	}
	for _, t := range l.Program.Types {
		out.Types = append(out.Types, jsonTypeRef{Name: t.ScopedName(), Kind: t.Kind.String(),
			Size: Sizeof(t, l.ABI), Align: Alignof(t, l.ABI), Imported: t.Imported})
	}
	for _, il := range l.Interfaces {
		out.Interfaces = append(out.Interfaces, jsonInterface(il))
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding IR as JSON: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func jsonInterface(il *IfaceLayout) jsonIface {
	i := il.Iface
	ji := jsonIface{Name: i.ScopedName(), ID: i.ID, IDExplicit: i.IDExplicit, Bases: []string{},
		Imported: i.Imported, Local: i.Local, ServerRecv: jsonRecvPlan(&il.ServerRecv), Ops: []jsonOp{}}
	for _, b := range i.Bases {
		ji.Bases = append(ji.Bases, b.ScopedName())
	}
	for _, ol := range il.Ops {
		op := ol.Op
		jo := jsonOp{Name: op.Name, DeclaredIn: op.Iface.ScopedName(), FuncID: op.FuncID,
			FuncIDExplicit: op.FuncIDExplicit, Label: op.Label, KernelMsg: string(op.KernelMsg),
			Oneway: op.Oneway, Attribute: op.Attribute, Result: op.Result.String(),
			Params: []jsonParam{}, Raises: []string{}, Exceptions: []jsonMessage{}}
		for _, p := range op.Params {
			jo.Params = append(jo.Params, jsonParam{Name: p.Name, Dir: p.Dir.String(), Type: p.Type.String(),
				SizeIs: paramName(p.SizeIs), LengthIs: paramName(p.LengthIs), MaxIs: paramName(p.MaxIs),
				Prealloc: p.Prealloc, Grant: p.Grant})
		}
		for _, r := range op.Raises {
			jo.Raises = append(jo.Raises, r.ScopedName())
		}
		if ol.Request != nil {
			m := jsonMsg(ol.Request)
			jo.Request = &m
		}
		if ol.Reply != nil {
			m := jsonMsg(ol.Reply)
			jo.Reply = &m
		}
		for _, e := range ol.Exceptions {
			jo.Exceptions = append(jo.Exceptions, jsonMsg(e))
		}
		jo.ReplyRecv = jsonRecvPlan(&ol.ReplyRecv)
		ji.Ops = append(ji.Ops, jo)
	}
	return ji
}

func jsonMsg(m *Message) jsonMessage {
	jm := jsonMessage{Direction: m.Dir.String(), Label: m.Label, LabelMask: m.LabelMask, U: m.FixedWords,
		Variable: m.Variable, MaxU: m.MaxWords, T: m.TypedWords, RegWords: m.RegWords, Regs: nonNil(m.Regs),
		EchoMRs: m.EchoMRs, Slots: []jsonSlot{}, Items: []jsonItem{}, Recv: jsonRecvPlan(&m.Recv)}
	if jm.EchoMRs == nil {
		jm.EchoMRs = []int{}
	}
	if !m.Variable {
		jm.MaxU = m.FixedWords
	}
	for _, s := range m.Slots {
		js := jsonSlot{Role: s.Role.String(), Path: s.Path, Param: paramName(s.Param), Type: s.Type.String(),
			MR: s.MR, AfterVariable: s.AfterVariable, Bit: s.Bit, Width: s.Width, Words: s.Words,
			Run: s.Run, Count: s.Count, Bytes: s.Bytes, Variable: s.Variable, Reg: s.Reg,
			Arms: jsonArms(s.Arms), CountPath: s.CountPath, InTag: s.InTag}
		jm.Slots = append(jm.Slots, js)
	}
	for _, it := range m.Items {
		ji := jsonItem{Kind: it.Kind.String(), Path: it.Path, Param: paramName(it.Param),
			Type: it.Type.String(), Index: it.Index, MR: it.MR, Words: it.Words, ElemBytes: it.ElemBytes,
			MaxBytes: it.MaxBytes, NulTerminated: it.NulTerminated, Buffer: it.Buffer, Image: it.Image,
			CountPath: it.CountPath, Arms: jsonArms(it.Arms), SeqPath: it.SeqPath}
		if it.SeqPath != "" {
			k := it.SeqIndex
			ji.SeqIndex = &k
		}
		for _, f := range it.Record {
			ji.Record = append(ji.Record, jsonRecordField{Role: f.Role.String(), Path: f.Path, Param: paramName(f.Param),
				Type: f.Type.String(), Offset: f.Offset, Bytes: f.Bytes})
		}
		jm.Items = append(jm.Items, ji)
	}
	return jm
}

func jsonArms(arms []*UnionArm) []jsonArm {
	var out []jsonArm
	for _, a := range arms {
		ja := jsonArm{Labels: []string{}, Default: a.Default}
		for _, v := range a.Labels {
			ja.Labels = append(ja.Labels, v.String())
		}
		out = append(out, ja)
	}
	return out
}

func jsonRecvPlan(r *RecvPlan) jsonRecv {
	jr := jsonRecv{Strings: r.Strings, Window: r.Window, Buffers: []jsonBuffer{}}
	for _, b := range r.Buffers {
		jr.Buffers = append(jr.Buffers, jsonBuffer{Path: b.Path, Bytes: b.Bytes})
	}
	return jr
}

func paramName(p *Param) string {
	if p == nil {
		return ""
	}
	return p.Name
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// String returns "value", "length" or "disc".
func (r SlotRole) String() string {
	return [...]string{"value", "length", "disc"}[r]
}

// String returns the constant in IDL spelling (strings and characters
// quoted).
func (v Value) String() string {
	switch v.Kind {
	case IntValue:
		if v.Int == nil {
			return "0"
		}
		return v.Int.String()
	case FloatValue:
		return fmt.Sprintf("%g", v.Float)
	case StringValue:
		return fmt.Sprintf("%q", v.Str)
	case BoolValue:
		if v.Bool {
			return "TRUE"
		}
		return "FALSE"
	case CharValue:
		if v.Int != nil && v.Int.IsInt64() && v.Int.Int64() >= 0x20 && v.Int.Int64() < 0x7f {
			return "'" + strings.ReplaceAll(string(rune(v.Int.Int64())), "'", `\'`) + "'"
		}
		if v.Int == nil {
			return "'\\0'"
		}
		return fmt.Sprintf("'\\x%s'", v.Int.Text(16))
	}
	return "?"
}
