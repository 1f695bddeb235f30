package ir

// This file computes the memory layout of checked types on one ABI: size,
// alignment and member offsets, following the C ABI of each target (the Go
// ABIs follow Go's layout, which agrees with C for every scalar kind). The
// lowering needs it because element runs and string items copy memory
// images: the sender's bytes must mean the same thing to the receiver.
//
// Rules (docs/message-layout.md, "Memory layout"):
//
//   - scalars are naturally aligned; 64-bit integers and doubles are
//     aligned to ABI.Int64Align (4 on ia32, whose System V ABI aligns them
//     to 4 inside structs); long double uses ABI.LongDoubleSize/Align;
//   - boolean, char, octet, int8 take 1 byte; enums 4; the word-sized L4
//     types (word, signed_word, threadid, fpage, Object) one word;
//   - a struct is a C struct: members in order at their alignment, the
//     size rounded up to the largest member alignment (an empty struct, an
//     exception without members, has size 0 as in GNU C);
//   - a union is the C struct { disc; union { arms } }: the discriminator,
//     then the arm storage at the largest arm alignment, sized for the
//     largest arm; a union without discriminator (a C union) is the C
//     union of its arms;
//   - an array is Len elements at the element's size (its stride);
//   - strings and sequences are descriptors of the language mapping, never
//     sent as memory images: C ABIs use a char pointer for strings and the
//     CORBA C mapping struct { uint32 _maximum; uint32 _length; T *_buffer }
//     for sequences; Go ABIs (ABI.GoTypes) use Go's string header (pointer,
//     length: two words) and slice header (pointer, length, capacity: three
//     words);
//   - a native type is opaque and taken as one pointer-sized word.

// Sizeof returns the size in bytes of a value of type t in memory on abi
// (0 for void, invalid types and types that contain themselves).
func Sizeof(t *Type, abi *ABI) int64 {
	s, _ := newMemCalc(abi).layout(t)
	return s
}

// Alignof returns the alignment in bytes of type t as a struct member on
// abi (at least 1).
func Alignof(t *Type, abi *ABI) int64 {
	_, a := newMemCalc(abi).layout(t)
	return a
}

// Offsetof returns the byte offset of member i of struct (or exception)
// type t on abi, or -1 when t is not a struct or i is out of range.
func Offsetof(t *Type, i int, abi *ABI) int64 {
	u := t.Underlying()
	if u == nil || u.Kind != Struct || i < 0 || i >= len(u.Fields) {
		return -1
	}
	m := newMemCalc(abi)
	var off int64
	for k, f := range u.Fields {
		if f == nil {
			continue
		}
		s, a := m.layout(f.Type)
		off = alignUp(off, a)
		if k == i {
			return off
		}
		off = addSat(off, s)
	}
	return -1
}

// UnionArmOffset returns the byte offset of the arm storage of union type
// t on abi (every arm's member starts there; the discriminator is at
// offset 0; 0 for a union without discriminator), or -1 when t is not a
// union.
func UnionArmOffset(t *Type, abi *ABI) int64 {
	u := t.Underlying()
	if u == nil || u.Kind != Union {
		return -1
	}
	m := newMemCalc(abi)
	ds, _ := m.layout(u.Disc)
	_, ba := m.unionBody(u)
	return alignUp(ds, ba)
}

// IsMemoryImage reports whether a value of type t can travel as a copy of
// its memory bytes: it holds no pointers (strings, sequences, natives) and
// no fpages (which must travel as map or grant items). Such values can be
// sent as element runs or as string items of their memory image.
func IsMemoryImage(t *Type) bool {
	return isImage(t, map[*Type]bool{})
}

func isImage(t *Type, busy map[*Type]bool) bool {
	t = t.Underlying()
	if t == nil {
		return false
	}
	if busy[t] {
		return false // a type that contains itself has no finite image
	}
	switch t.Kind {
	case Boolean, Char, WChar, Octet, Int8, Short, UShort, Long, ULong, LongLong, ULongLong,
		Float, Double, LongDouble, Word, SignedWord, ThreadID, ObjRef, Enum:
		return true
	case Array:
		busy[t] = true
		defer delete(busy, t)
		return isImage(t.Elem, busy)
	case Struct:
		busy[t] = true
		defer delete(busy, t)
		for _, f := range t.Fields {
			if f == nil || !isImage(f.Type, busy) {
				return false
			}
		}
		return true
	case Union:
		busy[t] = true
		defer delete(busy, t)
		if t.Disc != nil && !isImage(t.Disc, busy) {
			return false // a C union (no discriminator) is just its arms
		}
		for _, a := range t.Arms {
			if a != nil && a.Field != nil && !isImage(a.Field.Type, busy) {
				return false
			}
		}
		return true
	}
	return false
}

// memCalc computes layouts on one ABI, remembering results and guarding
// against types that contain themselves (which the checker rejects; the
// guard keeps a bad Program from looping forever).
type memCalc struct {
	abi  *ABI
	memo map[*Type][2]int64
	busy map[*Type]bool
}

func newMemCalc(abi *ABI) *memCalc {
	return &memCalc{abi: abi, memo: map[*Type][2]int64{}, busy: map[*Type]bool{}}
}

// layout returns size and alignment of t.
func (m *memCalc) layout(t *Type) (size, align int64) {
	t = t.Underlying()
	if t == nil {
		return 0, 1
	}
	if r, ok := m.memo[t]; ok {
		return r[0], r[1]
	}
	if m.busy[t] {
		return 0, 1
	}
	m.busy[t] = true
	size, align = m.compute(t)
	delete(m.busy, t)
	if align < 1 {
		align = 1
	}
	m.memo[t] = [2]int64{size, align}
	return size, align
}

func (m *memCalc) compute(t *Type) (size, align int64) {
	wb := int64(m.abi.WordBytes())
	switch t.Kind {
	case Boolean, Char, Octet, Int8:
		return 1, 1
	case Short, UShort:
		return 2, 2
	case Long, ULong, Float, Enum, WChar:
		return 4, 4
	case LongLong, ULongLong, Double:
		return 8, int64(m.abi.Int64Align)
	case LongDouble:
		return int64(m.abi.LongDoubleSize), int64(m.abi.LongDoubleAlign)
	case Word, SignedWord, ThreadID, Fpage, ObjRef, Native:
		return wb, wb
	case String, WString:
		if m.abi.GoTypes {
			return 2 * wb, wb
		}
		return wb, wb
	case Sequence:
		if m.abi.GoTypes {
			return 3 * wb, wb
		}
		// struct { uint32 _maximum, _length; T *_buffer; }
		return alignUp(alignUp(8, wb)+wb, wb), max(4, wb)
	case Array:
		es, ea := m.layout(t.Elem)
		if t.Len < 0 {
			return 0, ea
		}
		return mulSat(es, t.Len), ea
	case Struct:
		var off int64
		align = 1
		for _, f := range t.Fields {
			if f == nil {
				continue
			}
			s, a := m.layout(f.Type)
			off = addSat(alignUp(off, a), s)
			align = max(align, a)
		}
		return alignUp(off, align), align
	case Union:
		ds, da := m.layout(t.Disc)
		bs, ba := m.unionBody(t)
		align = max(da, ba)
		return alignUp(alignUp(ds, ba)+bs, align), align
	}
	return 0, 1
}

// unionBody returns size and alignment of the C union of t's arms.
func (m *memCalc) unionBody(t *Type) (size, align int64) {
	align = 1
	for _, a := range t.Arms {
		if a == nil || a.Field == nil {
			continue
		}
		s, al := m.layout(a.Field.Type)
		size = max(size, s)
		align = max(align, al)
	}
	return alignUp(size, align), align
}

// maxSize caps sizes so that absurd bounds (an array of 2^62 elements)
// saturate instead of overflowing; the lowering rejects them as too large.
const maxSize = int64(1) << 60

// mulSat returns a*b for non-negative a, b, capped at maxSize.
func mulSat(a, b int64) int64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > maxSize/b {
		return maxSize
	}
	return min(a*b, maxSize)
}

// addSat returns a+b for non-negative a, b, capped at maxSize.
func addSat(a, b int64) int64 {
	return min(a+b, maxSize) // both are at most maxSize: no overflow
}

func alignUp(n, a int64) int64 {
	if a <= 1 {
		return n
	}
	return (n + a - 1) / a * a
}
