package ir

import (
	"fmt"
	"sort"
	"strings"
)

// ABI describes one target's calling convention for IPC, as data: word size,
// byte order, the alignment of scalar types in memory, and which message
// registers travel in CPU registers when a thread sends and when it
// receives. Lowering reads only this; adding a target means adding a value.
type ABI struct {
	// Name is the --abi spelling: ia32, amd64, arm, go-amd64, go-arm64.
	Name string
	// WordBits is the machine word (and message register) width: 32 or 64.
	WordBits int
	// BigEndian is the byte order of memory (strings copied by the kernel
	// keep memory order; untyped words are register values).
	BigEndian bool
	// LabelBits is the width of the label field of MR0 (W-16).
	LabelBits int
	// Int64Align is the alignment in bytes of 64-bit integers and doubles
	// inside structs in memory (4 on ia32's System V ABI, 8 elsewhere).
	Int64Align int
	// LongDoubleSize and LongDoubleAlign give C's long double in memory.
	LongDoubleSize, LongDoubleAlign int
	// SendRegs names, for MR0, MR1, ..., the CPU register that carries the
	// message register into the kernel on Ipc; MRs past the list are in
	// the UTCB. ia32 carries only MR0 (ESI).
	SendRegs []string
	// RecvRegs names the registers that hold MR0, MR1, ... when Ipc returns
	// with a received message.
	RecvRegs []string
	// Note says where the register assignment comes from.
	Note string
	// GoTypes marks ABIs whose backend maps IDL types to Go types: in
	// memory a string is a Go string header (two words) and a sequence a
	// slice header (three words) instead of the C mapping's descriptors.
	GoTypes bool
	// ExceptionWords lists the untyped word counts u of the kernel's
	// exception message (ABI sheet §12.5), the general form first: ia32 12,
	// amd64 20, arm 6 (general) and 13 (unknown system call).
	ExceptionWords []int
	// Macros are predefined for the preprocessor when compiling for the
	// ABI, as a C compiler for the target would (imported C headers such
	// as l4/types.h choose their word types with them).
	Macros map[string]string
}

// Limits common to every L4 X.2 ABI (ABI sheet §2, §3.6, §13).
const (
	// NumMRs is the number of message registers, MR0..MR63.
	NumMRs = 64
	// MaxPayloadWords is the number of MRs after MR0: u + t <= 63.
	MaxPayloadWords = NumMRs - 1
	// NumBRs is the number of buffer registers, BR0..BR32.
	NumBRs = 33
	// MaxBufferWords is the number of BR words for string receive buffers.
	MaxBufferWords = NumBRs - 1
	// MaxUntyped is the largest u the tag can express (6 bits).
	MaxUntyped = 63
)

// WordBytes returns the word size in bytes.
func (a *ABI) WordBytes() int { return a.WordBits / 8 }

// SendReg returns the register that carries MR i into the kernel, or "".
func (a *ABI) SendReg(i int) string {
	if i < len(a.SendRegs) {
		return a.SendRegs[i]
	}
	return ""
}

// RecvReg returns the register that holds MR i after a receive, or "".
func (a *ABI) RecvReg(i int) string {
	if i < len(a.RecvRegs) {
		return a.RecvRegs[i]
	}
	return ""
}

// String returns the ABI name.
func (a *ABI) String() string { return a.Name }

var abis = map[string]*ABI{
	"ia32": {
		Name: "ia32", WordBits: 32, LabelBits: 16,
		Int64Align: 4, LongDoubleSize: 12, LongDoubleAlign: 4,
		SendRegs: []string{"esi"},
		RecvRegs: []string{"esi", "ebx", "ebp"},
		Macros:   map[string]string{"__i386__": "1", "__i386": "1", "__ILP32__": "1"},
		Note:     "ABI sheet §9.2: Ipc takes MR0 in ESI (MR1.. in the UTCB) and returns MR0, MR1, MR2 in ESI, EBX, EBP",

		ExceptionWords: []int{12},
	},
	"amd64": {
		Name: "amd64", WordBits: 64, LabelBits: 48,
		Int64Align: 8, LongDoubleSize: 16, LongDoubleAlign: 16,
		SendRegs: []string{"r9", "rax", "rbx", "r10", "r12", "r13", "r14", "r15"},
		RecvRegs: []string{"r9", "rax", "rbx", "r10", "r12", "r13", "r14", "r15"},
		Macros:   map[string]string{"__x86_64__": "1", "__amd64__": "1", "__LP64__": "1"},
		Note:     "ABI sheet §9.3: Ipc carries MR0..MR7 in R9, RAX, RBX, R10, R12..R15 both ways",

		ExceptionWords: []int{20},
	},
	"arm": {
		Name: "arm", WordBits: 32, LabelBits: 16,
		Int64Align: 8, LongDoubleSize: 8, LongDoubleAlign: 8,
		SendRegs: []string{"r3", "r4", "r5", "r6", "r7"},
		RecvRegs: []string{"r3", "r4", "r5", "r6", "r7"},
		Macros:   map[string]string{"__arm__": "1", "__ILP32__": "1"},
		Note:     "ABI sheet §9.4: Ipc carries MR0..MR4 in r3..r7 both ways; memory layout follows the ARM EABI (the sheet is silent on alignment)",

		ExceptionWords: []int{6, 13},
	},
	"go-amd64": {
		Name: "go-amd64", WordBits: 64, LabelBits: 48,
		Int64Align: 8, LongDoubleSize: 16, LongDoubleAlign: 16,
		SendRegs: []string{"r9", "rax", "rbx", "r10", "r12", "r13", "r14", "r15"},
		RecvRegs: []string{"r9", "rax", "rbx", "r10", "r12", "r13", "r14", "r15"},
		Macros:   map[string]string{"__x86_64__": "1", "__amd64__": "1", "__LP64__": "1", "__L4IDL_GO__": "1"},
		Note:     "Go backend on amd64: its assembly enters the kernel with the amd64 Ipc registers (ABI sheet §9.3)",

		GoTypes:        true,
		ExceptionWords: []int{20},
	},
	"go-arm64": {
		Name: "go-arm64", WordBits: 64, LabelBits: 48,
		Int64Align: 8, LongDoubleSize: 16, LongDoubleAlign: 16,
		SendRegs: []string{"x3", "x4", "x5", "x6", "x7"},
		RecvRegs: []string{"x3", "x4", "x5", "x6", "x7"},
		Macros:   map[string]string{"__aarch64__": "1", "__LP64__": "1", "__L4IDL_GO__": "1"},
		Note:     "Go backend on arm64: the ABI sheet has no 64-bit ARM ABI (Pistachio never had one); l4idl uses the arm convention widened to 64-bit registers (MR0..MR4 in x3..x7)",

		GoTypes:        true,
		ExceptionWords: []int{6, 13},
	},
}

// LookupABI returns the ABI with the given name.
func LookupABI(name string) (*ABI, error) {
	if a, ok := abis[name]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("unknown ABI %q (known: %s)", name, strings.Join(ABINames(), ", "))
}

// ABINames lists the known ABI names in a fixed order.
func ABINames() []string {
	order := map[string]int{"ia32": 0, "amd64": 1, "arm": 2, "go-amd64": 3, "go-arm64": 4}
	names := make([]string, 0, len(abis))
	for n := range abis {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return order[names[i]] < order[names[j]] })
	return names
}
