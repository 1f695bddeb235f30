package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenStyle checks gen --style: portable writes the same stub API in
// the portable shape (with its helper header), optimal is the default,
// and an unknown style is a usage error that writes nothing.
func TestGenStyle(t *testing.T) {
	var out, errb bytes.Buffer
	idl := "../../testdata/anchor/a_calc.idl"
	read := func(dir, name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}

	port := t.TempDir()
	if code := run([]string{"gen", "--target", "ia32", "--style", "portable", "-o", port, idl}, &out, &errb); code != 0 {
		t.Fatalf("--style portable: exit %d: %s", code, errb.String())
	}
	client := read(port, "a_calc_client.h")
	for _, want := range []string{
		"static inline CORBA_long calc_add(CORBA_Object _service, CORBA_long a, CORBA_long b, CORBA_Environment *_env)",
		"#include \"l4idl_portable.h\"", "l4idl_put_long(&_msg, 1, 0, (CORBA_unsigned_long)(a));", "L4_Ipc(",
	} {
		if !strings.Contains(client, want) {
			t.Errorf("portable a_calc_client.h lacks %q", want)
		}
	}
	if strings.Contains(client, "__asm__") {
		t.Errorf("portable a_calc_client.h has inline asm")
	}
	if h := read(port, "l4idl_portable.h"); !strings.Contains(h, "noinline") {
		t.Errorf("l4idl_portable.h: helpers are not out of line")
	}
	server := read(port, "a_calc_server.h")
	if !strings.Contains(server, "CORBA_long calc_add_implementation(CORBA_Object _caller, const CORBA_long a, const CORBA_long b, idl4_server_environment *_env);") {
		t.Errorf("portable a_calc_server.h lacks the implementation prototype")
	}

	def := t.TempDir()
	if code := run([]string{"gen", "--target", "ia32", "-o", def, idl}, &out, &errb); code != 0 {
		t.Fatalf("default style: exit %d: %s", code, errb.String())
	}
	opt := t.TempDir()
	if code := run([]string{"gen", "--target", "ia32", "--style", "optimal", "-o", opt, idl}, &out, &errb); code != 0 {
		t.Fatalf("--style optimal: exit %d: %s", code, errb.String())
	}
	if a, b := read(def, "a_calc_client.h"), read(opt, "a_calc_client.h"); a != b || !strings.Contains(a, "__asm__") {
		t.Errorf("--style optimal differs from the default or is not the inline-asm style")
	}
	if _, err := os.Stat(filepath.Join(def, "l4idl_portable.h")); err == nil {
		t.Errorf("the default style wrote l4idl_portable.h")
	}

	errb.Reset()
	bad := t.TempDir()
	if code := run([]string{"gen", "--target", "ia32", "--style", "fast", "-o", bad, idl}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "--style fast: unknown stub style (optimal or portable)") {
		t.Errorf("--style fast: exit %d, stderr %q", code, errb.String())
	}
	if es, _ := os.ReadDir(bad); len(es) != 0 {
		t.Errorf("--style fast wrote %d files", len(es))
	}
}
