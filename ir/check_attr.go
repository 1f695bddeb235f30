package ir

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/parser"
)

// This file is the attribute policy: for every DCE attribute the IDL
// dialects write ([uuid(1)], [in, size_is(n)], DICE's
// [allow_reply_only], ...), whether l4idl interprets it, accepts it with
// a warning because it does not change the message layout, or rejects it
// because honouring it would change the layout and l4idl does not
// implement it. Attributes nobody knows get a warning. Every attribute
// written is kept in the Attrs field of the model, so backends can still
// see what was accepted.

// attrPlace says what an attribute is written on.
type attrPlace int

const (
	placeModule    attrPlace = 1 << iota // module or library
	placeInterface                       // interface
	placeOperation                       // operation or attribute declaration
	placeParam                           // parameter
	placeMember                          // struct, exception or union member
	placeType                            // typedef, struct, union or enum declaration
	placeOther                           // constant, exception, native, import
)

func (p attrPlace) String() string {
	switch p {
	case placeModule:
		return "a module"
	case placeInterface:
		return "an interface"
	case placeOperation:
		return "an operation"
	case placeParam:
		return "a parameter"
	case placeMember:
		return "a member"
	case placeType:
		return "a type declaration"
	}
	return "this declaration"
}

// attrAction is what the checker does with an attribute.
type attrAction int

const (
	attrUse    attrAction = iota // interpreted where it is valid
	attrIgnore                   // accepted with a warning: no layout change
	attrReject                   // error: it would change the message layout
)

// attrRule is the policy for one attribute name.
type attrRule struct {
	action attrAction
	// where lists the places an interpreted attribute is valid (others
	// get a warning that it is ignored there).
	where attrPlace
	// args is the number of arguments an interpreted attribute takes
	// (-1: any).
	args int
	// why explains an ignored or rejected attribute.
	why string
}

const (
	whyDICE   = "DICE-specific, does not change the message layout"
	whyMagpie = "Magpie-specific, does not change the message layout"
	whyIDL4   = "IDL4-specific, does not change the message layout"
	whyDCE    = "DCE/MIDL-specific, does not change the message layout"
	whyLayout = "it changes the message layout"
)

// attrRules is the policy table. Interpreted attributes are explained
// where they are read (check_op.go, check_types.go, check_iface.go).
var attrRules = map[string]attrRule{
	// Interpreted.
	"uuid":            {action: attrUse, where: placeInterface | placeOperation | placeModule, args: 1},
	"local":           {action: attrUse, where: placeInterface, args: 0},
	"kernelmsg":       {action: attrUse, where: placeOperation, args: 1},
	"oneway":          {action: attrUse, where: placeOperation, args: 0},
	"in":              {action: attrUse, where: placeParam | placeOperation, args: 0}, // on an operation: DICE send-only = oneway
	"out":             {action: attrUse, where: placeParam, args: 0},
	"string":          {action: attrUse, where: placeParam | placeMember | placeType, args: 0},
	"size_is":         {action: attrUse, where: placeParam | placeMember, args: 1},
	"length_is":       {action: attrUse, where: placeParam | placeMember, args: 1},
	"max_is":          {action: attrUse, where: placeParam | placeMember, args: 1},
	"prealloc":        {action: attrUse, where: placeParam, args: 0},
	"prealloc_client": {action: attrUse, where: placeParam, args: 0},
	"grant":           {action: attrUse, where: placeParam, args: 0},
	"map":             {action: attrUse, where: placeParam, args: 0},
	"transmit_as":     {action: attrUse, where: placeParam, args: 1},
	"switch_type":     {action: attrUse, where: placeType, args: 1},
	"case":            {action: attrUse, where: placeMember, args: -1},
	"default":         {action: attrUse, where: placeMember, args: 0},

	// Accepted with a warning: they tune stubs, server loops, the C
	// mapping or checking, but the words that travel stay the same.
	"ref": {action: attrIgnore, why: "the data travels the same way; DICE's choice of an indirect string is l4idl's own (strings and large buffers travel as string items)"},
	// DICE.
	"allow_reply_only":      {action: attrIgnore, why: whyDICE},
	"noopcode":              {action: attrIgnore, why: whyDICE + ": l4idl requests always carry the function id in the label"},
	"noexceptions":          {action: attrIgnore, why: whyDICE + ": l4idl exceptions travel in the reply label"},
	"error_function":        {action: attrIgnore, why: whyDICE},
	"error_function_client": {action: attrIgnore, why: whyDICE},
	"error_function_server": {action: attrIgnore, why: whyDICE},
	"default_function":      {action: attrIgnore, why: whyDICE},
	"server_parameter":      {action: attrIgnore, why: whyDICE},
	"init_rcvstring":        {action: attrIgnore, why: whyDICE},
	"init_rcvstring_client": {action: attrIgnore, why: whyDICE},
	"init_rcvstring_server": {action: attrIgnore, why: whyDICE},
	"abstract":              {action: attrIgnore, why: whyDICE},
	"prealloc_server":       {action: attrIgnore, why: whyDICE},
	"sched_donate":          {action: attrIgnore, why: whyDICE},
	"dedicated_partner":     {action: attrIgnore, why: whyDICE},
	// Magpie.
	"async_handler": {action: attrIgnore, why: whyMagpie},
	"irq_handler":   {action: attrIgnore, why: whyMagpie},
	// IDL4.
	"max_value":  {action: attrIgnore, why: whyIDL4},
	"handle":     {action: attrIgnore, why: whyIDL4},
	"itrans":     {action: attrIgnore, why: whyIDL4},
	"otrans":     {action: attrIgnore, why: whyIDL4},
	"nocache":    {action: attrIgnore, why: whyIDL4},
	"writable":   {action: attrIgnore, why: whyIDL4},
	"writeable":  {action: attrIgnore, why: whyIDL4},
	"readonly":   {action: attrIgnore, why: whyIDL4},
	"l1_only":    {action: attrIgnore, why: whyIDL4},
	"all_caches": {action: attrIgnore, why: whyIDL4},
	"noxfer":     {action: attrIgnore, why: whyIDL4},
	"follow":     {action: attrIgnore, why: whyIDL4},
	// DCE and MIDL.
	"version":         {action: attrIgnore, why: whyDCE},
	"pointer_default": {action: attrIgnore, why: whyDCE},
	"object":          {action: attrIgnore, why: whyDCE},
	"endpoint":        {action: attrIgnore, why: whyDCE},
	"helpstring":      {action: attrIgnore, why: whyDCE},
	"helpcontext":     {action: attrIgnore, why: whyDCE},
	"hidden":          {action: attrIgnore, why: whyDCE},
	"idempotent":      {action: attrIgnore, why: whyDCE},
	"maybe":           {action: attrIgnore, why: whyDCE},
	"broadcast":       {action: attrIgnore, why: whyDCE},
	"range":           {action: attrIgnore, why: whyDCE},

	// Rejected: honouring them would change what travels.
	"unique":         {action: attrReject, why: whyLayout},
	"ptr":            {action: attrReject, why: whyLayout},
	"first_is":       {action: attrReject, why: whyLayout},
	"last_is":        {action: attrReject, why: whyLayout},
	"switch_is":      {action: attrReject, why: whyLayout},
	"iid_is":         {action: attrReject, why: whyLayout},
	"context_handle": {action: attrReject, why: whyLayout},
	"ignore":         {action: attrReject, why: whyLayout},
	"represent_as":   {action: attrReject, why: whyLayout},
	"wire_marshal":   {action: attrReject, why: whyLayout},
	"user_marshal":   {action: attrReject, why: whyLayout},
	"byte_count":     {action: attrReject, why: whyLayout},
	"callback":       {action: attrReject, why: whyLayout},
	"call_as":        {action: attrReject, why: whyLayout},
}

// checkAttrs applies the policy to the attributes written on something
// at place: warnings for ignored, unknown and misplaced attributes,
// errors for rejected ones and wrong argument counts. Interpreting the
// attributes is left to the caller.
func (c *checker) checkAttrs(attrs []*parser.Attribute, place attrPlace) {
	c.checkRepeats(attrs)
	for _, a := range attrs {
		if a == nil {
			continue
		}
		r, known := attrRules[a.Name]
		switch {
		case !known:
			c.errs.Warnf(a.Pos, "unknown attribute %q ignored", a.Name)
		case r.action == attrIgnore:
			c.errs.Warnf(a.Pos, "attribute %q ignored (%s)", a.Name, r.why)
		case r.action == attrReject:
			c.errs.Errorf(a.Pos, "attribute %q is not supported (%s)", a.Name, r.why)
		case a.Name == "out" && place == placeOperation:
			c.errs.Errorf(a.Pos, "attribute \"out\" on an operation is not supported (%s: DICE sends such a message from the server to the client)", whyLayout)
		case a.Name == "transmit_as" && r.where&place == 0:
			// On a type it would send every value of the type as
			// another type (converted by user routines): ignoring it
			// would change what travels without saying so.
			c.errs.Errorf(a.Pos, "attribute \"transmit_as\" on %s is not supported (%s): write the transmitted type in the IDL and convert in the application", place, whyLayout)
		case r.where&place == 0:
			c.errs.Warnf(a.Pos, "attribute %q has no meaning on %s; ignored", a.Name, place)
		case r.args >= 0 && len(a.Args) != r.args:
			c.errs.Errorf(a.Pos, "attribute %q takes %s", a.Name, countWord(r.args, "argument"))
		}
	}
}

// checkRepeats warns about an attribute written twice ([in, in]); an
// interpreted one written twice with other arguments ([uuid(1)]
// [uuid(2)]) is read from its first occurrence, which the warning says.
// [case(...)] may be repeated: its values add up.
func (c *checker) checkRepeats(attrs []*parser.Attribute) {
	var first map[string]*parser.Attribute
	for _, a := range attrs {
		if a == nil || a.Name == "case" {
			continue
		}
		prev := first[a.Name]
		if prev == nil {
			if first == nil {
				first = map[string]*parser.Attribute{}
			}
			first[a.Name] = a
			continue
		}
		if spell(prev) == spell(a) {
			c.errs.Warnf(a.Pos, "attribute %q given twice", a.Name)
		} else if r, ok := attrRules[a.Name]; ok && r.action == attrUse {
			c.errs.Warnf(a.Pos, "attribute %q given twice; the first, %s, is used", a.Name, spell(prev))
		}
	}
}

// spell writes an attribute as it was written ("size_is(n)").
func spell(a *parser.Attribute) string {
	if len(a.Args) == 0 {
		return a.Name
	}
	args := make([]string, len(a.Args))
	for i, arg := range a.Args {
		if arg != nil {
			args[i] = arg.Raw
		}
	}
	return a.Name + "(" + strings.Join(args, ", ") + ")"
}

func countWord(n int, word string) string {
	switch n {
	case 0:
		return "no " + word + "s"
	case 1:
		return "one " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// convertAttrs keeps the attributes as written, for the model.
func convertAttrs(attrs []*parser.Attribute) []Attr {
	var out []Attr
	for _, a := range attrs {
		if a == nil {
			continue
		}
		at := Attr{Name: a.Name, Pos: a.Pos}
		for _, arg := range a.Args {
			if arg != nil {
				at.Args = append(at.Args, arg.Raw)
			}
		}
		out = append(out, at)
	}
	return out
}
