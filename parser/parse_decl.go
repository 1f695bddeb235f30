package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// This file parses by hand the declarations whose names need positions
// of their own (constants, natives, exceptions, struct, union and enum
// tags) together with the struct, union and enum bodies. The grammar of
// each is in the doc comment of its node type.

// parseConst reads Const (see Const).
func parseConst(src tokSrc) (*Const, error) {
	c := &Const{Pos: src.Next().Pos}
	t, err := mustType(src)
	if err != nil {
		return nil, err
	}
	c.Type = t
	name, err := expectName(src)
	if err != nil {
		return nil, err
	}
	c.Name, c.NamePos = name.Value, name.Pos
	if err := expectPunct(src, "="); err != nil {
		return nil, err
	}
	if c.Value, err = mustExpr(src); err != nil {
		return nil, err
	}
	if err := expectPunct(src, ";"); err != nil {
		return nil, err
	}
	return c, nil
}

// parseNative reads Native (see Native).
func parseNative(src tokSrc) (*Native, error) {
	n := &Native{Pos: src.Next().Pos}
	name, err := expectName(src)
	if err != nil {
		return nil, err
	}
	n.Name, n.NamePos = name.Value, name.Pos
	if err := expectPunct(src, ";"); err != nil {
		return nil, err
	}
	return n, nil
}

// parseException reads Exception (see Exception).
func parseException(src tokSrc) (*Exception, error) {
	e := &Exception{Pos: src.Next().Pos}
	name, err := expectName(src)
	if err != nil {
		return nil, err
	}
	e.Name, e.NamePos = name.Value, name.Pos
	open := src.Peek()
	if err := expectPunct(src, "{"); err != nil {
		return nil, err
	}
	if e.Members, err = parseMembers(src, open); err != nil {
		return nil, err
	}
	if err := expectPunct(src, ";"); err != nil {
		return nil, err
	}
	return e, nil
}

// parseTypeDecl reads TypeDecl (see TypeDecl); the next word is struct,
// union or enum.
func parseTypeDecl(src tokSrc) (*TypeDecl, error) {
	d := &TypeDecl{Pos: src.Peek().Pos}
	var err error
	switch src.Peek().Value {
	case "struct":
		d.Struct, err = parseStructType(src)
	case "union":
		d.Union, err = parseUnionType(src)
	default:
		d.Enum, err = parseEnumType(src)
	}
	if err != nil {
		return nil, err
	}
	if err := expectPunct(src, ";"); err != nil {
		return nil, err
	}
	return d, nil
}

// mustType reads a required type.
func mustType(src tokSrc) (*TypeSpec, error) {
	t, err := parseTypeSpec(src)
	if err == participle.NextMatch {
		return nil, unexpected(src.Peek(), "type")
	}
	return t, err
}

// parseTag reads the optional tag after struct, union or enum.
func parseTag(src tokSrc) (string, lexer.Position) {
	if t := src.Peek(); t.Type == tIdent && t.Value != "switch" {
		src.Next()
		return t.Value, t.Pos
	}
	return "", lexer.Position{}
}

// parseStructType reads StructType (see StructType).
func parseStructType(src tokSrc) (*StructType, error) {
	st := &StructType{Pos: src.Next().Pos}
	st.Tag, st.TagPos = parseTag(src)
	if open := src.Peek(); isPunct(open, "{") {
		src.Next()
		st.Defined = true
		var err error
		if st.Members, err = parseMembers(src, open); err != nil {
			return nil, err
		}
	}
	st.EndPos = src.Peek().Pos
	return st, nil
}

// parseMembers reads { Member } "}" after the "{" open.
func parseMembers(src tokSrc, open lexer.Token) ([]*Member, error) {
	var members []*Member
	for {
		t := src.Peek()
		if !startsMember(t) {
			if err := expectClose(src, open); err != nil {
				return nil, err
			}
			return members, nil
		}
		m, err := parseMember(src)
		if err != nil {
			return nil, err
		}
		members = append(members, m)
	}
}

// startsMember reports whether t can begin a Member.
func startsMember(t lexer.Token) bool {
	return isPunct(t, "[") || isPunct(t, ";") || startsType(t)
}

// parseMember reads Member (see Member).
func parseMember(src tokSrc) (*Member, error) {
	m := &Member{Pos: src.Peek().Pos}
	var err error
	if m.Attrs, err = parseAttrLists(src); err != nil {
		return nil, err
	}
	if !isPunct(src.Peek(), ";") {
		if m.Type, err = mustType(src); err != nil {
			return nil, err
		}
		for {
			d, err := parseDeclarator(src)
			if err == participle.NextMatch {
				if len(m.Declarators) == 0 {
					break
				}
				err = unexpected(src.Peek(), "name")
			}
			if err != nil {
				return nil, err
			}
			m.Declarators = append(m.Declarators, d)
			if !isPunct(src.Peek(), ",") {
				break
			}
			src.Next()
		}
	}
	if err := expectPunct(src, ";"); err != nil {
		return nil, err
	}
	return m, nil
}

// parseUnionType reads UnionType (see UnionType).
func parseUnionType(src tokSrc) (*UnionType, error) {
	un := &UnionType{Pos: src.Next().Pos}
	un.Tag, un.TagPos = parseTag(src)
	if isWord(src.Peek(), "switch") {
		sw, err := parseUnionSwitch(src)
		if err != nil {
			return nil, err
		}
		un.Switch = sw
	}
	if open := src.Peek(); isPunct(open, "{") {
		src.Next()
		un.Defined = true
		for {
			if !startsMember(src.Peek()) {
				if err := expectClose(src, open); err != nil {
					return nil, err
				}
				break
			}
			arm, err := parseUnionArm(src)
			if err != nil {
				return nil, err
			}
			un.Arms = append(un.Arms, arm)
		}
	}
	un.EndPos = src.Peek().Pos
	return un, nil
}

// parseUnionSwitch reads UnionSwitch (see UnionSwitch).
func parseUnionSwitch(src tokSrc) (*UnionSwitch, error) {
	sw := &UnionSwitch{Pos: src.Next().Pos}
	if err := expectPunct(src, "("); err != nil {
		return nil, err
	}
	var err error
	if sw.Type, err = mustType(src); err != nil {
		return nil, err
	}
	if t := src.Peek(); t.Type == tIdent {
		sw.Name = src.Next().Value
	}
	if err := expectPunct(src, ")"); err != nil {
		return nil, err
	}
	if t := src.Peek(); t.Type == tIdent {
		sw.UnionName = src.Next().Value
	}
	return sw, nil
}

// parseUnionArm reads UnionArm (see UnionArm).
func parseUnionArm(src tokSrc) (*UnionArm, error) {
	arm := &UnionArm{Pos: src.Peek().Pos}
	for {
		t := src.Peek()
		if !isWord(t, "case") && !isWord(t, "default") {
			break
		}
		src.Next()
		l := &CaseLabel{Pos: t.Pos, Default: t.Value == "default"}
		if !l.Default {
			var err error
			if l.Value, err = mustExpr(src); err != nil {
				return nil, err
			}
		}
		if err := expectPunct(src, ":"); err != nil {
			return nil, err
		}
		arm.Labels = append(arm.Labels, l)
	}
	m, err := parseMember(src)
	if err != nil {
		return nil, err
	}
	arm.Member = m
	return arm, nil
}

// parseEnumType reads EnumType (see EnumType).
func parseEnumType(src tokSrc) (*EnumType, error) {
	en := &EnumType{Pos: src.Next().Pos}
	if t := src.Peek(); t.Type == tIdent {
		src.Next()
		en.Tag, en.TagPos = t.Value, t.Pos
	}
	if open := src.Peek(); isPunct(open, "{") {
		src.Next()
		en.Defined = true
		for src.Peek().Type == tIdent {
			name := src.Next()
			e := &Enumerator{Pos: name.Pos, Name: name.Value}
			if isPunct(src.Peek(), "=") {
				src.Next()
				var err error
				if e.Value, err = mustExpr(src); err != nil {
					return nil, err
				}
			}
			en.Enumerators = append(en.Enumerators, e)
			if !isPunct(src.Peek(), ",") {
				break
			}
			src.Next() // a trailing comma is allowed
		}
		if err := expectClose(src, open); err != nil {
			return nil, err
		}
	}
	en.EndPos = src.Peek().Pos
	return en, nil
}
