package portable

import (
	"fmt"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// putScalar prints the helper call that marshals a scalar of type t
// (C expression e) into word mr at bit.
func (mg *msg) putScalar(mr string, bit, width int, e string, t *ir.Type) {
	b := mg.buf
	call := func(h, cast string, withBit bool) {
		if withBit {
			mg.f.P(h, "(", b, ", ", mr, ", ", bit, ", (", cast, ")(", e, "));")
		} else {
			mg.f.P(h, "(", b, ", ", mr, ", (", cast, ")(", e, "));")
		}
	}
	u := t.Underlying()
	if width > 0 && width < t.Bits(mg.g.abi) && width < mg.g.abi.WordBits {
		mg.f.P("l4idl_put_bits(", b, ", ", mr, ", ", bit, ", ", width, ", (L4_Word_t)(", e, "));")
		return
	}
	switch u.Kind {
	case ir.Boolean, ir.Char, ir.Octet, ir.Int8:
		call("l4idl_put_octet", "CORBA_octet", true)
	case ir.Short, ir.UShort:
		call("l4idl_put_short", "CORBA_unsigned_short", true)
	case ir.Long, ir.ULong, ir.Enum, ir.WChar:
		call("l4idl_put_long", "CORBA_unsigned_long", true)
	case ir.Float:
		call("l4idl_put_float", "CORBA_float", true)
	case ir.Double:
		call("l4idl_put_double", "CORBA_double", false)
	case ir.LongLong, ir.ULongLong:
		call("l4idl_put_longlong", "CORBA_unsigned_long_long", false)
	case ir.ThreadID, ir.ObjRef:
		mg.f.P("l4idl_put_word(", b, ", ", mr, ", (", e, ").raw);")
	case ir.Fpage:
		if cmap.IsL4Fpage(t) {
			mg.f.P("l4idl_put_word(", b, ", ", mr, ", (", e, ").raw);")
		} else {
			mg.f.P("l4idl_put_word(", b, ", ", mr, ", (", e, ").fpage);")
		}
	default:
		call("l4idl_put_word", "L4_Word_t", false)
	}
}

// getScalar returns the C expression that unmarshals a scalar of type t
// from word mr at bit (width bits when narrower than the type).
func (mg *msg) getScalar(mr string, bit, width int, t *ir.Type) string {
	b := mg.buf
	tn := mg.g.m.TypeName(t)
	u := t.Underlying()
	if width > 0 && width < t.Bits(mg.g.abi) && width < mg.g.abi.WordBits {
		return fmt.Sprintf("(%s)l4idl_get_bits(%s, %s, %d, %d)", tn, b, mr, bit, width)
	}
	switch u.Kind {
	case ir.Boolean, ir.Char, ir.Octet, ir.Int8:
		return fmt.Sprintf("(%s)l4idl_get_octet(%s, %s, %d)", tn, b, mr, bit)
	case ir.Short, ir.UShort:
		return fmt.Sprintf("(%s)l4idl_get_short(%s, %s, %d)", tn, b, mr, bit)
	case ir.Long, ir.ULong, ir.Enum, ir.WChar:
		return fmt.Sprintf("(%s)l4idl_get_long(%s, %s, %d)", tn, b, mr, bit)
	case ir.Float:
		return fmt.Sprintf("l4idl_get_float(%s, %s, %d)", b, mr, bit)
	case ir.Double:
		return fmt.Sprintf("l4idl_get_double(%s, %s)", b, mr)
	case ir.LongLong, ir.ULongLong:
		return fmt.Sprintf("(%s)l4idl_get_longlong(%s, %s)", tn, b, mr)
	case ir.ThreadID, ir.ObjRef:
		return fmt.Sprintf("l4idl_tid(l4idl_get_word(%s, %s))", b, mr)
	case ir.Fpage:
		if cmap.IsL4Fpage(t) {
			return fmt.Sprintf("l4idl_l4fpage(l4idl_get_word(%s, %s))", b, mr)
		}
		return fmt.Sprintf("l4idl_rawfpage(l4idl_get_word(%s, %s))", b, mr)
	}
	return fmt.Sprintf("(%s)l4idl_get_word(%s, %s)", tn, b, mr)
}
