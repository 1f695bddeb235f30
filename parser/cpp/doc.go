// Package cpp is l4idl's built-in C preprocessor. It turns IDL (and C
// header) source into a stream of tokens with #include, #define, #if and
// friends carried out, every token keeping the file:line:col where it was
// written (tokens produced by a macro expansion carry the position of the
// macro name at the expansion site).
//
// What it does, in the terms of the C standard and GCC:
//
//   - #include "x" and #include <x> look in the including file's folder,
//     then in Options.IncludeDirs; #include_next goes on after the folder
//     where the current file was found; #import includes a file once.
//     #pragma once and classic include guards (#ifndef X / #define X ...
//     #endif around a whole file) are honoured; a guarded file is not even
//     read again. Include cycles and nesting deeper than 64 are errors.
//   - #define and #undef of object-like and function-like macros with
//     __VA_ARGS__ (or GNU "name..."), # and ##, GNU ", ## __VA_ARGS__";
//     rescanning stops a macro from expanding inside its own expansion.
//     Built in: __FILE__, __LINE__ and __L4IDL__ (1).
//   - #if, #ifdef, #ifndef, #elif, #elifdef, #elifndef, #else and #endif,
//     with 64-bit C integer constant expressions (signed, unsigned where
//     an operand is).
//   - #error and #warning report their text; #line is checked but does not
//     change positions; #pragma (other than once), #ident and #sccs are
//     ignored; other directives are errors.
//
// Lexer errors in skipped groups (an apostrophe in the prose of an #if 0
// block) are not reported. Hostile input is bounded: macro expansion,
// argument nesting, #if expression nesting and the amount of input read
// through #include all have limits that end in an error, never a hang or
// a crash.
package cpp
