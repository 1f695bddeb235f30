package ir

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// memTypes are the types whose layout the tests check on every ABI.
func memTypes() []*Type {
	inner := structT("inner", field("c", tChar), field("l", tLongLong))
	u := unionT("un", tShort, arm(field("d", tDouble), 1), arm(field("c", tChar), 2), arm(field("a", arrayT(tShort, 3))))
	// A C union (no discriminator): the C union of its arms.
	cu := cUnionT("cu", field("ll", tLongLong), field("c", tChar), field("a", arrayT(tShort, 5)))
	return []*Type{
		structT("s1", field("c", tChar), field("l", tLong)),
		structT("s2", field("c", tChar), field("ll", tLongLong), field("s", tShort)),
		structT("s3", field("d", tDouble), field("b", tBool)),
		structT("s4", field("c", tChar), field("w", tWord), field("t", tThread), field("o", tOctet)),
		structT("s5", field("c", tChar), field("in", inner), field("x", arrayT(tChar, 3))),
		structT("s6", field("c", tChar), field("str", stringT(0)), field("seq", seqT(tLong, 0))),
		structT("s7", field("c", tChar), field("u", u), field("e", tChar)),
		structT("s8", field("f", Basic(Float)), field("ld", Basic(LongDouble)), field("c", tChar)),
		structT("s9"),
		u,
		arrayT(inner, 3),
		cu,
		structT("s10", field("c", tChar), field("u", cu), field("s", tShort)),
	}
}

// cType spells t in C the way the C mapping declares it.
func cType(t *Type, decls *strings.Builder, seen map[*Type]string) string {
	u := t.Underlying()
	if n, ok := seen[u]; ok {
		return n
	}
	switch u.Kind {
	case Boolean, Octet:
		return "unsigned char"
	case Char:
		return "char"
	case Short:
		return "short"
	case Long:
		return "int"
	case LongLong:
		return "long long"
	case Float:
		return "float"
	case Double:
		return "double"
	case LongDouble:
		return "long double"
	case Word, ThreadID, Fpage:
		return "unsigned long"
	case String:
		return "char *"
	case Sequence:
		return fmt.Sprintf("struct { unsigned _maximum, _length; %s *_buffer; }", cType(u.Elem, decls, seen))
	case Struct:
		var b strings.Builder
		name := "struct " + u.Name[0]
		fmt.Fprintf(&b, "%s {", name)
		for _, f := range u.Fields {
			fmt.Fprintf(&b, " %s;", cDecl(f.Type, f.Name, decls, seen))
		}
		b.WriteString(" };\n")
		decls.WriteString(b.String())
		seen[u] = name
		return name
	case Union:
		var b strings.Builder
		if u.Disc == nil {
			name := "union " + u.Name[0]
			fmt.Fprintf(&b, "%s {", name)
			for _, a := range u.Arms {
				fmt.Fprintf(&b, " %s;", cDecl(a.Field.Type, a.Field.Name, decls, seen))
			}
			b.WriteString(" };\n")
			decls.WriteString(b.String())
			seen[u] = name
			return name
		}
		name := "struct " + u.Name[0]
		fmt.Fprintf(&b, "%s { %s _d; union {", name, cType(u.Disc, decls, seen))
		for _, a := range u.Arms {
			fmt.Fprintf(&b, " %s;", cDecl(a.Field.Type, a.Field.Name, decls, seen))
		}
		b.WriteString(" } _u; };\n")
		decls.WriteString(b.String())
		seen[u] = name
		return name
	}
	return "__unsupported_" + strings.ReplaceAll(u.Kind.String(), " ", "_") // gcc fails on it
}

func cDecl(t *Type, name string, decls *strings.Builder, seen map[*Type]string) string {
	if u := t.Underlying(); u.Kind == Array {
		return fmt.Sprintf("%s %s[%d]", cType(u.Elem, decls, seen), name, u.Len)
	}
	return cType(t, decls, seen) + " " + name
}

// TestMemLayoutMatchesGCC compiles the C mapping of memTypes with gcc for
// ia32 (-m32) and amd64 (-m64) and compares sizeof, _Alignof and every
// member offset with Sizeof, Alignof, Offsetof and UnionArmOffset.
func TestMemLayoutMatchesGCC(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("gcc is required in CI (scripts/test.sh installs it)")
		}
		t.Skip("gcc not installed")
	}
	for _, tc := range []struct{ abi, flag string }{{"ia32", "-m32"}, {"amd64", "-m64"}} {
		abi, _ := LookupABI(tc.abi)
		var decls, vals strings.Builder
		var want []int64
		seen := map[*Type]string{}
		add := func(expr string, v int64) {
			fmt.Fprintf(&vals, "  %s,\n", expr)
			want = append(want, v)
		}
		for k, ty := range memTypes() {
			var cname string
			if ty.Kind == Array {
				fmt.Fprintf(&decls, "typedef %s;\n", cDecl(ty, fmt.Sprintf("arr%d", k), &decls, seen))
				cname = fmt.Sprintf("arr%d", k)
			} else {
				cname = cType(ty, &decls, seen)
			}
			add(fmt.Sprintf("sizeof(%s)", cname), Sizeof(ty, abi))
			add(fmt.Sprintf("_Alignof(%s)", cname), Alignof(ty, abi))
			switch ty.Kind {
			case Struct:
				for i, f := range ty.Fields {
					add(fmt.Sprintf("__builtin_offsetof(%s, %s)", cname, f.Name), Offsetof(ty, i, abi))
				}
			case Union:
				if ty.Disc != nil {
					add(fmt.Sprintf("__builtin_offsetof(%s, _u)", cname), UnionArmOffset(ty, abi))
				}
			}
		}
		src := decls.String() + "long long values[] = {\n" + vals.String() + "};\n"
		dir := t.TempDir()
		cfile := filepath.Join(dir, "layout.c")
		if err := os.WriteFile(cfile, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		outp, err := exec.Command("gcc", tc.flag, "-S", "-o", "-", cfile).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: gcc %s failed: %v\n%s\n%s", tc.abi, tc.flag, err, outp, src)
		}
		got := asmQuads(string(outp))
		if len(got) != len(want) {
			t.Fatalf("%s: gcc gave %d values, want %d\n%s", tc.abi, len(got), len(want), outp)
		}
		lines := strings.Split(strings.TrimSpace(vals.String()), "\n")
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: %s = %d in gcc, %d in l4idl", tc.abi, strings.TrimSuffix(strings.TrimSpace(lines[i]), ","), got[i], want[i])
			}
		}
	}
}

// asmQuads reads the 64-bit values gcc emits for a long long array: one
// .quad each on amd64, two .long (low, high) on ia32.
func asmQuads(asm string) []int64 {
	re := regexp.MustCompile(`(?m)^\s*\.(quad|long)\s+(-?\d+)`)
	var vals []int64
	var low int64
	half := false
	for _, m := range re.FindAllStringSubmatch(asm, -1) {
		v, _ := strconv.ParseInt(m[2], 10, 64)
		if m[1] == "quad" {
			vals = append(vals, v)
			continue
		}
		if !half {
			low, half = v, true
			continue
		}
		vals = append(vals, low|v<<32)
		half = false
	}
	return vals
}

// TestMemLayoutARM checks the ARM EABI rules by hand: 64-bit integers and
// doubles aligned to 8, long double = double.
func TestMemLayoutARM(t *testing.T) {
	abi, _ := LookupABI("arm")
	ts := memTypes()
	cases := []struct {
		t            *Type
		size, align  int64
		offsets      []int64
		unionArmOffs int64
	}{
		{ts[0], 8, 4, []int64{0, 4}, -1},
		{ts[1], 24, 8, []int64{0, 8, 16}, -1},
		{ts[2], 16, 8, []int64{0, 8}, -1},
		{ts[3], 16, 4, []int64{0, 4, 8, 12}, -1},
		{ts[4], 32, 8, []int64{0, 8, 24}, -1},
		{ts[5], 20, 4, []int64{0, 4, 8}, -1},
		{ts[6], 32, 8, []int64{0, 8, 24}, -1},
		{ts[7], 24, 8, []int64{0, 8, 16}, -1},
		{ts[8], 0, 1, nil, -1},
		{ts[9], 16, 8, nil, 8},
		{ts[10], 48, 8, nil, -1},
		{ts[11], 16, 8, nil, 0},
		{ts[12], 32, 8, []int64{0, 8, 24}, -1},
	}
	for _, c := range cases {
		if s, a := Sizeof(c.t, abi), Alignof(c.t, abi); s != c.size || a != c.align {
			t.Errorf("%s: size %d align %d, want %d %d", c.t, s, a, c.size, c.align)
		}
		for i, want := range c.offsets {
			if got := Offsetof(c.t, i, abi); got != want {
				t.Errorf("%s: offset of %s = %d, want %d", c.t, c.t.Fields[i].Name, got, want)
			}
		}
		if got := UnionArmOffset(c.t, abi); got != c.unionArmOffs {
			t.Errorf("%s: arm offset %d, want %d", c.t, got, c.unionArmOffs)
		}
	}
}

// goType builds the Go type a Go backend declares for t (unions have no
// Go equivalent and are left out).
func goType(t *Type) reflect.Type {
	u := t.Underlying()
	switch u.Kind {
	case Boolean:
		return reflect.TypeOf(false)
	case Char:
		return reflect.TypeOf(int8(0))
	case Octet:
		return reflect.TypeOf(uint8(0))
	case Short:
		return reflect.TypeOf(int16(0))
	case Long:
		return reflect.TypeOf(int32(0))
	case LongLong:
		return reflect.TypeOf(int64(0))
	case Float:
		return reflect.TypeOf(float32(0))
	case Double:
		return reflect.TypeOf(float64(0))
	case Word, ThreadID, Fpage:
		return reflect.TypeOf(uintptr(0))
	case String:
		return reflect.TypeOf("")
	case Sequence:
		return reflect.SliceOf(goType(u.Elem))
	case Array:
		return reflect.ArrayOf(int(u.Len), goType(u.Elem))
	case Struct:
		var fs []reflect.StructField
		for _, f := range u.Fields {
			fs = append(fs, reflect.StructField{Name: "F" + f.Name, Type: goType(f.Type)})
		}
		return reflect.StructOf(fs)
	}
	return nil
}

// TestMemLayoutGo checks the Go ABIs against the Go compiler's own layout
// of the equivalent Go types (on a 64-bit host).
func TestMemLayoutGo(t *testing.T) {
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Skipf("Go layout check needs a 64-bit host, have %s", runtime.GOARCH)
	}
	for _, name := range []string{"go-amd64", "go-arm64"} {
		abi, _ := LookupABI(name)
		for _, ty := range memTypes() {
			if hasKind(ty, Union) || hasKind(ty, LongDouble) {
				continue
			}
			gt := goType(ty)
			if s, a := Sizeof(ty, abi), Alignof(ty, abi); s != int64(gt.Size()) || a != int64(gt.Align()) {
				t.Errorf("%s %s: size %d align %d, Go says %d %d", name, ty, s, a, gt.Size(), gt.Align())
			}
			if ty.Kind == Struct {
				for i := range ty.Fields {
					if got, want := Offsetof(ty, i, abi), int64(gt.Field(i).Offset); got != want {
						t.Errorf("%s %s.%s: offset %d, Go says %d", name, ty, ty.Fields[i].Name, got, want)
					}
				}
			}
		}
	}
}

func hasKind(t *Type, k Kind) bool {
	u := t.Underlying()
	if u.Kind == k {
		return true
	}
	switch u.Kind {
	case Struct:
		for _, f := range u.Fields {
			if hasKind(f.Type, k) {
				return true
			}
		}
	case Array, Sequence:
		return hasKind(u.Elem, k)
	}
	return false
}

func TestMemLayoutEdgeCases(t *testing.T) {
	abi, _ := LookupABI("ia32")
	// A struct that contains itself (the checker rejects it) must not
	// loop: it has no finite image.
	self := structT("self")
	self.Fields = []*Field{field("c", tChar), field("me", self)}
	if IsMemoryImage(self) {
		t.Error("a struct containing itself reported as a memory image")
	}
	_ = Sizeof(self, abi) // must return
	if got := Offsetof(tLong, 0, abi); got != -1 {
		t.Errorf("Offsetof(long) = %d, want -1", got)
	}
	if got := UnionArmOffset(tLong, abi); got != -1 {
		t.Errorf("UnionArmOffset(long) = %d, want -1", got)
	}
	if IsMemoryImage(structT("p", field("f", tFpage))) {
		t.Error("a struct with an fpage is not a memory image")
	}
	if !IsMemoryImage(alias("pt", structT("pt", field("t", tThread)))) {
		t.Error("a struct of thread ids is a memory image")
	}
	if got := Sizeof(alias("a", arrayT(tDouble, 3)), abi); got != 24 {
		t.Errorf("Sizeof(double[3]) = %d, want 24", got)
	}
	// A C union is plain data when its arms are; its arms start at 0.
	cu := cUnionT("cu", field("l", tLong), field("c", tChar))
	if !IsMemoryImage(cu) || UnionArmOffset(cu, abi) != 0 || Sizeof(cu, abi) != 4 {
		t.Errorf("C union: image %v, arm offset %d, size %d", IsMemoryImage(cu), UnionArmOffset(cu, abi), Sizeof(cu, abi))
	}
	if IsMemoryImage(cUnionT("cp", field("p", tFpage))) {
		t.Error("a C union with an fpage arm is not a memory image")
	}
}
