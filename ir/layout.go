package ir

// This file holds the lowered form: where every value of every message
// travels on one ABI. It is the contract backends print from; they never
// decide placement themselves. docs/message-layout.md explains the rules
// that Lower follows to fill it.

// Layout is a Program lowered for one ABI.
type Layout struct {
	ABI     *ABI
	Program *Program
	// Interfaces are the layouts of Program.Interfaces, in the same order
	// (imported interfaces included, so clients of them can be generated).
	Interfaces []*IfaceLayout
}

// IfaceLayout is the layout of one interface's operations.
type IfaceLayout struct {
	Iface *Interface
	// Ops correspond one to one to Iface.Ops.
	Ops []*OpLayout
	// ServerRecv is what a server of the interface installs before it
	// waits for the next request: the union of every request's needs (the
	// largest buffer at each position, a receive window if any request
	// carries map or grant items).
	ServerRecv RecvPlan
}

// OpLayout is the pair of messages of one operation.
type OpLayout struct {
	Op *Operation
	// Request is the client-to-server message.
	Request *Message
	// Reply is the normal server-to-client reply; nil for oneway operations
	// and kernel messages that expect none.
	Reply *Message
	// Exceptions are the reply messages for each exception in Op.Raises,
	// in the same order (label = the exception's reply code).
	Exceptions []*Message
	// ReplyRecv is what the client installs before it waits for the reply:
	// the union of Reply.Recv and every exception reply's Recv (largest
	// buffer at each position). System-error replies carry nothing.
	ReplyRecv RecvPlan
}

// Direction tells which way a message travels.
type Direction int

// Message directions.
const (
	Request Direction = iota
	Reply
)

// String returns "request" or "reply".
func (d Direction) String() string {
	if d == Request {
		return "request"
	}
	return "reply"
}

// Message is the plan of one IPC message: the tag, the untyped words and
// the typed items, and what its receiver must have installed.
type Message struct {
	Dir Direction
	// Label is the value of MR0's label field.
	Label uint64
	// FixedWords is the number of untyped words at fixed positions
	// (MR1..MR FixedWords). When Variable is false, u == FixedWords.
	FixedWords int
	// Variable is set when inline variable-length runs follow the fixed
	// words, so u is only known at run time (u = FixedWords + the words of
	// each run); MaxWords bounds it.
	Variable bool
	MaxWords int
	// TypedWords is t: the number of typed-item words (always fixed).
	TypedWords int
	// Slots are the untyped placements, in MR order (fixed ones first,
	// then the variable runs in order). Several slots may share a word
	// (packed sub-word values) and union arms overlay each other.
	Slots []*Slot
	// Items are the typed items in order.
	Items []*Item
	// RegWords is the number of MRs (MR0 included) this message carries in
	// CPU registers on the ABI: for a request, the sender's Ipc entry
	// registers; for a reply, the receiver's Ipc return registers.
	RegWords int
	// Recv is what the receiver of this message must install (acceptor and
	// string buffers) before it receives it.
	Recv RecvPlan
	// LabelMask selects the label bits that identify the message: a
	// receiver matches it when label&LabelMask == Label. It covers every
	// label bit (2^ABI.LabelBits-1) except for kernel protocols with
	// variable label bits: the page fault's access rights (bits 0..3 free)
	// and the thread-start message (any label: mask 0).
	LabelMask uint64
	// EchoMRs lists, for the reply of a kernel exception message, the MRs
	// that no slot fills: the kernel writes every reply word back into the
	// faulting thread's registers, so the replier copies these words
	// unchanged from the request. Empty for every other message.
	EchoMRs []int
	// Regs names the CPU registers that carry MR0..MR(RegWords-1) in this
	// message's direction (Regs[i] carries MRi), so a backend finds the
	// register of every word of a run, a two-word value or an item.
	Regs []string
}

// SlotRole says what a slot holds.
type SlotRole int

// Slot roles.
const (
	// ValueSlot holds (part of) a parameter, return value or member.
	ValueSlot SlotRole = iota
	// LengthSlot holds the element count of an inline variable-length run
	// (sequence or string sent inline).
	LengthSlot
	// DiscSlot holds a union discriminator.
	DiscSlot
)

// Slot places one value (or a run of values) in the untyped words.
type Slot struct {
	Role SlotRole
	// Path names the value: "a", "p.x", "u.arm", "return", "buf" (the
	// length slot of buf has Role LengthSlot and the same Path), "_exc"
	// members of an exception are "exc.member".
	Path string
	// Param is the parameter the value belongs to; nil for the return
	// value and exception members.
	Param *Param
	// Type is the slot's scalar type, or for runs the element type.
	Type *Type
	// MR is the first message register (1-based; MR0 is the tag). For a
	// slot after a variable run, MR is the position when all earlier
	// variable runs are empty; add the words the runs really use.
	MR int
	// AfterVariable is set for slots whose position depends on earlier
	// variable runs.
	AfterVariable bool
	// Bit and Width place a scalar inside word MR: bits Bit..Bit+Width-1.
	// A value wider than a word (64-bit on a 32-bit ABI) has Width 64 and
	// Words 2: the low half in MR, the high half in MR+1.
	Bit, Width int
	// Words is the number of words the slot occupies (fixed slots), or the
	// maximum for a variable run.
	Words int
	// Run marks an element run: Count elements of Type copied as their
	// memory image (ABI memory layout, Bytes bytes) into Words words,
	// lowest address in the lowest-numbered MR. A union without
	// discriminator (a C union) is a run of one element of its own type.
	Run   bool
	Count int64
	Bytes int64
	// Variable marks a run whose length is known at run time: its element
	// count travels in the LengthSlot with the same Path.
	Variable bool
	// Arm, for slots inside a union, is the union arm whose members the
	// slot carries (valid only when the discriminator selects it); nil
	// otherwise.
	Arm *UnionArm
	// Reg is the CPU register that carries word MR in this message's
	// direction on the ABI ("" when it is in the UTCB).
	Reg string
	// CountPath, for a variable run whose element count is another value
	// of the same message (a size_is/length_is parameter or a sized
	// member's sibling), is the Path of that value; no LengthSlot travels
	// then. Empty when a LengthSlot with the run's Path carries the count.
	CountPath string
	// Arms lists every union arm enclosing the slot, outermost first (Arm
	// is the last); the slot is valid only when each discriminator selects
	// its arm.
	Arms []*UnionArm
	// InTag marks a value carried in MR0's label field instead of an
	// untyped word (kernel protocols only: the page fault's access rights).
	// MR is 0 and Bit counts from bit 0 of MR0, so label bit 0 is Bit 16.
	InTag bool
}

// ItemKind is the kind of a typed item.
type ItemKind int

// Typed item kinds (ABI sheet §3).
const (
	StringItem ItemKind = iota
	MapItem
	GrantItem
)

// String returns "string", "map" or "grant".
func (k ItemKind) String() string {
	return [...]string{"string", "map", "grant"}[k]
}

// Item is one typed item.
type Item struct {
	Kind ItemKind
	// Path and Param name the value as for Slot.
	Path  string
	Param *Param
	// Type is the value's type (a String, Sequence, array or struct for a
	// string item; Fpage for map and grant items).
	Type *Type
	// Index is the item's first word counted from the start of the typed
	// words (MR u+1+Index); MR is that register when u is fixed, else 0.
	Index int
	MR    int
	// Words is the number of MR words of the item (2 for every item
	// l4idl sends: simple string items, map and grant items).
	Words int
	// ElemBytes is the size of one element of a string item's data, and
	// MaxBytes the largest data length in bytes the item may carry (0 =
	// unbounded: the receiver sizes its buffer at run time). The string
	// item's length field carries the byte count, so no separate length
	// word travels.
	ElemBytes int64
	MaxBytes  int64
	// NulTerminated marks strings: the byte count includes the final NUL.
	NulTerminated bool
	// Buffer is the index (0-based) of the receive buffer this string item
	// lands in on the receiver (string items only).
	Buffer int
	// Image marks a string item that carries the memory image of a
	// fixed-size value (an array, struct or union moved out of the untyped
	// words because the message would not fit otherwise): its length is
	// always MaxBytes.
	Image bool
	// CountPath, as for Slot, names the value of the same message that
	// holds the element count (size_is/length_is); the sender derives the
	// byte length from it and the receiver checks that they agree.
	CountPath string
	// Arm and Arms, as for Slot, name the union arms enclosing the value.
	// Items inside unions are always sent (t stays fixed); when the arm is
	// not selected a string item is empty and a map item carries the nil
	// fpage.
	Arm  *UnionArm
	Arms []*UnionArm
	// Record, when non-nil, makes the item a record item: a string item
	// (Path RecordPath, Type an anonymous struct of the fields) that
	// carries fixed-size values which did not fit the untyped words. A
	// message has at most one, and it is its last item. Each field is the
	// memory image of one value at a fixed byte offset; the item's length
	// is always MaxBytes (the size of the record), and ElemBytes equals
	// MaxBytes. Neither sender nor receiver decides anything: the sender
	// copies every field's value to Offset in a buffer of MaxBytes bytes,
	// the receiver reads them back from its receive buffer after checking
	// that the length is MaxBytes. See docs/message-layout.md, "Messages
	// larger than 63 words".
	Record []*RecordField
	// SeqPath, for a map or grant item that carries element SeqIndex of
	// a bounded sequence of fpages, is the Path of that sequence (Path is
	// then SeqPath[SeqIndex]); empty otherwise. One item travels for every
	// element up to the bound, so t stays fixed: the sender fills the
	// elements below the count and sends the nil fpage (which maps
	// nothing) in the others; the receiver checks count <= bound and
	// ignores the items from the count on. The count is the value named
	// by CountPath (a size_is/length_is parameter or sibling member) or,
	// when CountPath is empty, the LengthSlot (or record field of role
	// LengthSlot) whose Path is SeqPath.
	SeqPath  string
	SeqIndex int
}

// RecordPath is the Path of a record item (Item.Record). No IDL value
// has it: identifiers cannot contain parentheses.
const RecordPath = "(record)"

// RecordField is one value carried in a record item: the memory image of
// the value (its ABI memory layout, Bytes bytes) at byte Offset of the
// record. Fields are ordered by alignment, largest first (ties in value
// order), and each starts at the next multiple of its alignment
// (Alignof(Type) as a struct member), so the record is exactly the C
// struct of its fields on the ABI: Item.Type is that struct, with the
// fields' Paths as member names.
type RecordField struct {
	// Role is ValueSlot for a value (a scalar, an element run's whole
	// array, or a union's whole memory image), LengthSlot for the element
	// count of the inline run or fpage sequence with the same Path, and
	// DiscSlot for a union discriminator whose arms stayed in the untyped
	// words.
	Role SlotRole
	// Path and Param name the value as for Slot.
	Path  string
	Param *Param
	// Type is the value's type (as declared: a scalar, an array, a union,
	// or the length type of a LengthSlot).
	Type *Type
	// Offset is the field's first byte in the record; Bytes its size.
	Offset, Bytes int64
}

// RecvPlan is what a receiver installs before a receive: BR0 (the
// acceptor) and receive string buffers in BR1.. (ABI sheet §3.5, §3.6).
type RecvPlan struct {
	// Strings sets the acceptor's s bit.
	Strings bool
	// Buffers are the receive string buffers, in order; each takes two BR
	// words (simple string item).
	Buffers []RecvBuffer
	// Window is set when the message may carry map or grant items: the
	// receiver opens a receive window (its fpage comes from the caller at
	// run time: the client's environment, the server's configuration).
	Window bool
}

// RecvBuffer is one receive string buffer.
type RecvBuffer struct {
	// Path names the value received into the buffer (for a server plan,
	// the paths of every request at this position joined with "|").
	Path string
	// Bytes is the buffer size; 0 means unbounded: the receiver supplies a
	// buffer at run time (for a server, DefaultRecvBufferBytes unless
	// configured).
	Bytes int64
}

// BRWords returns the number of BR words the plan uses after BR0.
func (r *RecvPlan) BRWords() int { return 2 * len(r.Buffers) }

// DefaultRecvBufferBytes is the receive buffer a generated server
// installs for an unbounded string or sequence when nothing else is
// configured.
const DefaultRecvBufferBytes = 8192
