// Package stubcost measures what the stubs l4idl generates cost, for the
// gcc-x86 backend (ia32 and amd64): statically, by disassembling the
// compiled client and server code, and dynamically, by counting with
// callgrind the instructions one round trip executes in them over the
// hosted L4 X.2 emulator (runtime/hosted). It compares three variants of
// every stub set (see Variant): l4idl's own stubs, hand-optimal stubs
// (bench/handopt) and portable ones (l4idl gen --style portable).
//
// Measure makes a Report; Report.Markdown, Report.JSON and Report.SVG
// print it, Compare checks it against a baseline (bench/baseline.json).
// `l4idl cost` and the CI test (cost_ci_test.go) are thin layers over
// this package; bench/README.md describes the method and every figure.
package stubcost
