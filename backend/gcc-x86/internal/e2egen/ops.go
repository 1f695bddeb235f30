package e2egen

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// srvLV returns the lvalue of parameter p inside an implementation.
func srvLV(p *ir.Param) string {
	name := cmap.Ident(p.Name)
	switch cmap.ParamClass(p) {
	case cmap.Scalar, cmap.Handle, cmap.FpageItem:
		if p.Dir == ir.In {
			return name
		}
		return "(*" + name + ")"
	case cmap.Aggregate, cmap.SeqValue:
		return "(*" + name + ")"
	}
	return name
}

// cliVar returns the client's variable for parameter p.
func cliVar(p *ir.Param) string { return "v_" + p.Name }

// countExpr returns the C expression of the element count of variable
// data t (its length under the case's mode) converted to type ct.
func (g *gen) countValue(o *opInfo, p *ir.Param) string {
	buf := o.counts[p]
	return fmt.Sprintf("(%s)%s", g.m.TypeName(p.Type), g.lenExpr(buf.Type))
}

// slotMask returns the mask of the slot carrying in-parameter p of a
// kernel message when the slot is narrower than p's type ("" if not).
func (g *gen) slotMask(o *opInfo, p *ir.Param) string {
	if o.ol.Op.KernelMsg == ir.KernelNone {
		return ""
	}
	for _, s := range o.ol.Request.Slots {
		if s.Path == p.Name && s.Width > 0 && s.Width < p.Type.Bits(g.abi) && s.Width < 64 {
			return fmt.Sprintf("0x%XULL", uint64(1)<<uint(s.Width)-1)
		}
	}
	return ""
}

// impl prints the implementation of an operation.
func (g *gen) impl(o *opInfo) {
	f := g.body
	op := o.ol.Op
	ret, _ := g.m.ReturnType(op.Result)
	ps := []string{"CORBA_Object _caller"}
	for _, p := range op.Params {
		ps = append(ps, g.m.ParamDecl(p, cmap.ServerSide))
	}
	ps = append(ps, "idl4_server_environment *_env")
	f.Comment(fmt.Sprintf("%s: %s", o.show, op.Signature()))
	f.P(ret, " ", o.cname, "_implementation(", strings.Join(ps, ", "), ")")
	f.Block("", "", func() {
		f.P("e2e_srv_used = 0;")
		f.P("e2e_over = 0;")
		f.P("e2e_calls[", o.idx, "]++;")
		f.P("(void)_env;")
		f.P("e2e_check_caller(_caller);")
		for i, p := range op.Params {
			if !p.Dir.Sends() {
				continue
			}
			f.Block("", "", func() {
				f.P("struct e2e_ck ck = { 0, \"\" };")
				seed := fmt.Sprintf("e2e_seed(%#x)", seedIn+i)
				switch {
				case o.counts[p] != nil:
					f.P("E2E_EQ(&ck, ", cgen.Quote(p.Name), ", -1, ", srvLV(p), ", ", g.countValue(o, p), ");")
				case g.slotMask(o, p) != "":
					f.P("E2E_EQ(&ck, ", cgen.Quote(p.Name), ", -1, ", srvLV(p), ", ", g.leaf(p.Type, "("+seed+" & "+g.slotMask(o, p)+")"), ");")
				default:
					g.check(f, "&ck", srvLV(p), p.Type, seed, p.Name, g.paramOpt(o, p, "e2e_srv_alloc", false, true))
				}
				f.P("e2e_sdone(&ck, ", cgen.Quote("server in "+p.Name), ");")
			})
		}
		zero := func() {
			if ret == "void" {
				f.P("return;")
				return
			}
			f.Block("", "", func() {
				f.P(ret, " _z;")
				f.P("__builtin_memset(&_z, 0, sizeof _z);")
				f.P("return _z;")
			})
		}
		f.P("e2e_over = e2e_cur->kind == E2E_REPLYOVER;")
		if len(op.Raises) > 0 {
			f.Block("if (e2e_cur->exc >= 0)", "", func() {
				f.Block("switch (e2e_cur->exc)", "", func() {
					for k, exc := range op.Raises {
						ct := cmap.NamedType(exc)
						f.CaseBlock(fmt.Sprintf("case %d:", k), func() {
							if len(exc.Underlying().Fields) == 0 {
								f.P("CORBA_exception_set(_env, ex_", ct, ", (void *)0);")
							} else {
								f.P("static ", ct, " _x;")
								f.P("__builtin_memset(&_x, 0, sizeof _x);")
								g.fill(f, "_x", exc, fmt.Sprintf("e2e_seed(%#x)", seedExc+k), vopt{alloc: "e2e_srv_alloc"})
								f.P("CORBA_exception_set(_env, ex_", ct, ", &_x);")
							}
							zero()
						})
					}
				})
			})
		}
		for i, p := range op.Params {
			if !p.Dir.Returns() {
				continue
			}
			seed := fmt.Sprintf("e2e_seed(%#x)", seedOut+i)
			if o.counts[p] != nil {
				f.P(srvLV(p), " = ", g.countValue(o, p), ";")
				continue
			}
			g.fill(f, srvLV(p), p.Type, seed, g.paramOpt(o, p, "e2e_srv_alloc", true, true))
		}
		if ret != "void" {
			f.P(ret, " _ret;")
			f.P("__builtin_memset(&_ret, 0, sizeof _ret);")
			g.fill(f, "_ret", op.Result, fmt.Sprintf("e2e_seed(%#x)", seedReturn), vopt{alloc: "e2e_srv_alloc"})
		}
		if o.ol.Reply != nil && op.KernelMsg == ir.KernelNone {
			// The reply sent by the operation's deferred reply stub.
			f.Block("if (e2e_cur->flags & E2E_F_DEFER)", "", func() {
				args := []string{"_caller"}
				if ret != "void" {
					if c := cmap.ClassOf(op.Result); c == cmap.Aggregate || c == cmap.SeqValue {
						args = append(args, "&_ret")
					} else {
						args = append(args, "_ret")
					}
				}
				for _, p := range op.Params {
					if !p.Dir.Returns() {
						continue
					}
					switch cmap.ParamClass(p) {
					case cmap.Scalar, cmap.Handle, cmap.FpageItem:
						args = append(args, srvLV(p))
					default:
						args = append(args, cmap.Ident(p.Name))
					}
				}
				// The in parameters that size DCE out buffers follow.
				sizers := map[*ir.Param]bool{}
				for _, p := range op.Params {
					if p.Dir.Returns() && cmap.ParamClass(p) == cmap.DCEBuffer {
						for _, q := range []*ir.Param{p.SizeIs, p.LengthIs} {
							if q != nil && !q.Dir.Returns() {
								sizers[q] = true
							}
						}
					}
				}
				for _, p := range op.Params {
					if sizers[p] {
						args = append(args, cmap.Ident(p.Name))
					}
				}
				f.P("struct e2e_ck ck = { 0, \"\" };")
				f.P("const struct e2e_case *e2e_c = e2e_cur;")
				f.P("int rc = ", o.cname, "_reply(", strings.Join(args, ", "), ");")
				f.P("E2E_EQ(&ck, \"reply stub result\", -1, rc, 0);")
				f.P("e2e_sdone_case(&ck, e2e_c, \"server deferred reply\");")
				f.P("idl4_set_no_response(_env);")
			})
		}
		if ret != "void" {
			f.P("return _ret;")
		}
	})
	f.P()
}

// paramOpt returns the access options of a top-level parameter value:
// out strings, sequences and DCE buffers are written in place, a DCE
// buffer's count is its size_is/length_is parameter.
func (g *gen) paramOpt(o *opInfo, p *ir.Param, alloc string, inPlace, server bool) vopt {
	opt := vopt{alloc: alloc, grant: p.Grant}
	cls := cmap.ParamClass(p)
	if inPlace && (cls == cmap.StringValue || cls == cmap.SeqValue || cls == cmap.DCEBuffer) {
		opt.inPlace = true
	}
	if cls == cmap.DCEBuffer {
		var c *ir.Param
		for _, x := range []*ir.Param{p.SizeIs, p.LengthIs} {
			if x != nil {
				c = x
			}
		}
		switch {
		case c != nil && server:
			opt.count = srvLV(c)
		case c != nil:
			opt.count = cliVar(c)
		default:
			opt.count = g.lenExpr(p.Type)
		}
	}
	return opt
}

// capElems returns the capacity in elements of a caller's buffer for out
// variable data of type t (NUL excluded for strings).
func (g *gen) capElems(t *ir.Type) int64 { return fitOf(t, g.abi) }

// client prints the client function of a (non-kernel) operation.
func (g *gen) client(o *opInfo) {
	f := g.body
	op := o.ol.Op
	ret, _ := g.m.ReturnType(op.Result)
	f.P("static void e2e_cli_", o.idx, "(const struct e2e_case *c, int server)")
	f.Block("", "", func() {
		f.P("CORBA_Environment env = idl4_default_environment;")
		f.P("CORBA_Environment *envp = (c->flags & E2E_F_NOENV) ? (CORBA_Environment *)0 : &env;")
		f.P("L4_ThreadId_t srv = (c->kind == E2E_EVIL || c->kind == E2E_TIMEOUT) ? e2e_evil : e2e_srv[server];")
		f.P("if (c->kind == E2E_TIMEOUT)")
		f.P(f.Tab, "env._timeout = L4_Timeouts(L4_Never, L4_TimePeriod(1000));")
		f.P("e2e_cur = c;")
		f.P("e2e_cli_used = 0;")
		f.P("e2e_over = 0;")
		f.P("if (c->kind != E2E_NOWIN)")
		f.P(f.Tab, "env._rcv_window = E2E_WINDOW;")
		var args []string
		for i, p := range op.Params {
			v := cliVar(p)
			cls := cmap.ParamClass(p)
			in := fmt.Sprintf("e2e_seed(%#x)", seedIn+i)
			u := p.Type.Underlying()
			switch cls {
			case cmap.Scalar, cmap.Handle, cmap.FpageItem, cmap.Aggregate:
				f.P(g.m.Decl(p.Type, v), ";")
				f.P("__builtin_memset(&", v, ", 0, sizeof ", v, ");")
				switch {
				case o.counts[p] != nil && p.Dir.Sends():
					f.P(v, " = ", g.countValue(o, p), ";")
				case p.Dir.Sends():
					g.fill(f, v, p.Type, in, vopt{alloc: "e2e_cli_alloc"})
				}
				if cls == cmap.Aggregate || p.Dir != ir.In {
					args = append(args, "&"+v)
				} else {
					args = append(args, v)
				}
			case cmap.ArrayValue:
				f.P(g.m.Decl(p.Type, v), ";")
				f.P("__builtin_memset(", v, ", 0, sizeof ", v, ");")
				if p.Dir.Sends() {
					g.fill(f, v, p.Type, in, vopt{alloc: "e2e_cli_alloc"})
				}
				args = append(args, v)
			case cmap.StringValue:
				ct := "CORBA_char"
				if u.Kind == ir.WString {
					ct = "CORBA_wchar"
				}
				f.P(ct, " *", v, ";")
				if p.Dir == ir.In {
					g.fill(f, v, p.Type, in, vopt{alloc: "e2e_cli_alloc"})
				} else {
					f.P(v, " = (", ct, " *)e2e_cli_alloc((", g.capElems(p.Type), " + 2) * sizeof(", ct, "));")
					f.P(v, "[0] = 0;")
					if p.Dir == ir.InOut {
						g.fill(f, v, p.Type, in, vopt{alloc: "e2e_cli_alloc", inPlace: true})
					}
				}
				args = append(args, v)
			case cmap.SeqValue:
				f.P(g.m.Decl(p.Type, v), ";")
				f.P("__builtin_memset(&", v, ", 0, sizeof ", v, ");")
				if p.Dir == ir.In {
					g.fill(f, v, p.Type, in, vopt{alloc: "e2e_cli_alloc"})
				} else {
					n := g.capElems(p.Type)
					f.P(v, "._buffer = (", g.elemPtr(u.Elem, ""), ")e2e_cli_alloc((", n, " + 1) * sizeof *", v, "._buffer);")
					f.P(v, "._maximum = ", n, ";")
					if p.Dir == ir.InOut {
						g.fill(f, v, p.Type, in, vopt{alloc: "e2e_cli_alloc", inPlace: true})
					}
				}
				args = append(args, "&"+v)
			case cmap.DCEBuffer:
				opt := g.paramOpt(o, p, "e2e_cli_alloc", false, false)
				f.P(g.elemPtr(u.Elem, v), ";")
				if p.Dir == ir.In {
					g.fill(f, v, p.Type, in, opt)
				} else {
					n := fmt.Sprint(g.capElems(p.Type))
					if p.SizeIs != nil {
						n = "(unsigned long)" + cliVar(p.SizeIs)
					}
					f.P(v, " = (", g.elemPtr(u.Elem, ""), ")e2e_cli_alloc((", n, ") * sizeof *", v, " + 1);")
					if p.Dir == ir.InOut {
						opt.inPlace = true
						g.fill(f, v, p.Type, in, opt)
					}
				}
				args = append(args, v)
			default:
				g.unsupported(p.Type, "a parameter of this class")
			}
		}
		f.P("int before = e2e_calls[", o.idx, "];")
		f.P("(void)before;")
		call := o.cname + "(" + strings.Join(append(append([]string{"srv"}, args...), "envp"), ", ") + ");"
		if ret != "void" {
			call = ret + " r = " + call
		}
		f.P(call)
		f.Block("switch (c->kind)", "", func() {
			f.Case("case E2E_EVIL:")
			f.P("if (c->expect_minor < 0)")
			f.P(f.Tab, "e2e_check_env(&env, CORBA_NO_EXCEPTION, 0);")
			f.P("else")
			f.P(f.Tab, "e2e_check_env(&env, CORBA_SYSTEM_EXCEPTION, c->expect_minor);")
			f.P("return;")
			f.Case("case E2E_TIMEOUT:")
			f.P("e2e_check_env(&env, CORBA_SYSTEM_EXCEPTION, L4IDL_EX_IPC | 3);")
			f.P("return;")
			f.Case("case E2E_REPLYOVER:")
			f.P("e2e_check_env(&env, CORBA_SYSTEM_EXCEPTION, L4IDL_EX_NO_SERVER_BUFFER);")
			f.P("return;")
			f.Case("case E2E_NOWIN:")
			f.P("e2e_check_env(&env, CORBA_SYSTEM_EXCEPTION, L4IDL_EX_IPC | 9);")
			f.P("return;")
			f.Case("case E2E_BADPARAM:")
			f.P("e2e_check_env(&env, CORBA_SYSTEM_EXCEPTION, L4IDL_EX_BAD_PARAM);")
			f.Block("", "", func() {
				f.P("struct e2e_ck ck = { 0, \"\" };")
				f.P("if (!e2e_probe(server, ck.why, sizeof ck.why))")
				f.P(f.Tab, "ck.bad = 1;")
				f.P("E2E_EQ(&ck, \"implementation calls\", -1, e2e_calls[", o.idx, "], before);")
				f.P("e2e_done(&ck, c->name, \"not sent\");")
			})
			f.P("return;")
			f.Case("case E2E_ONEWAY:")
			f.P("if (envp)")
			f.P(f.Tab, "e2e_check_env(&env, CORBA_NO_EXCEPTION, 0);")
			f.Block("", "", func() {
				f.P("struct e2e_ck ck = { 0, \"\" };")
				f.P("if (!e2e_probe(server, ck.why, sizeof ck.why))")
				f.P(f.Tab, "ck.bad = 1;")
				f.P("E2E_EQ(&ck, \"implementation calls\", -1, e2e_calls[", o.idx, "], before + 1);")
				f.P("e2e_done(&ck, c->name, \"oneway delivered\");")
			})
			f.P("return;")
			if len(op.Raises) > 0 {
				f.CaseBlock("case E2E_EXCEPTION:", func() {
					f.Block("switch (c->exc)", "", func() {
						for k, exc := range op.Raises {
							ct := cmap.NamedType(exc)
							f.CaseBlock(fmt.Sprintf("case %d:", k), func() {
								f.P("e2e_check_env(&env, CORBA_USER_EXCEPTION, ex_", ct, ");")
								fields := exc.Underlying().Fields
								if len(fields) == 0 {
									f.P("break;")
									return
								}
								f.P("const ", ct, " *x = (const ", ct, " *)CORBA_exception_value(&env);")
								for i, fl := range fields {
									f.Block("", "", func() {
										f.P("struct e2e_ck ck = { 0, \"\" };")
										f.P("if (env._major != CORBA_USER_EXCEPTION || !x)")
										f.P(f.Tab, "e2e_bad(&ck, \"exception value\", -1, 0, 1);")
										f.P("else")
										f.Block("", "", func() {
											g.check(f, "&ck", "x->"+cmap.Ident(fl.Name), fl.Type, fmt.Sprintf("e2e_h(e2e_seed(%#x), %d)", seedExc+k, i+1), fl.Name, vopt{})
										})
										f.P("e2e_done(&ck, c->name, ", cgen.Quote("client exception "+fl.Name), ");")
									})
								}
								f.P("break;")
							})
						}
					})
					f.P("CORBA_exception_free(&env);")
					f.P("return;")
				})
			}
			f.Case("default:")
			f.P("break;")
		})
		f.P("if (envp)")
		f.P(f.Tab, "e2e_check_env(&env, CORBA_NO_EXCEPTION, 0);")
		if ret != "void" {
			f.Block("", "", func() {
				f.P("struct e2e_ck ck = { 0, \"\" };")
				g.check(f, "&ck", "r", op.Result, fmt.Sprintf("e2e_seed(%#x)", seedReturn), "return", vopt{})
				f.P("e2e_done(&ck, c->name, \"client return\");")
			})
		}
		for i, p := range op.Params {
			if !p.Dir.Returns() {
				continue
			}
			f.Block("", "", func() {
				f.P("struct e2e_ck ck = { 0, \"\" };")
				if o.counts[p] != nil {
					f.P("E2E_EQ(&ck, ", cgen.Quote(p.Name), ", -1, ", cliVar(p), ", ", g.countValue(o, p), ");")
				} else {
					g.check(f, "&ck", cliVar(p), p.Type, fmt.Sprintf("e2e_seed(%#x)", seedOut+i), p.Name, g.paramOpt(o, p, "e2e_cli_alloc", false, false))
				}
				f.P("e2e_done(&ck, c->name, ", cgen.Quote("client out "+p.Name), ");")
			})
		}
	})
	f.P()
}

// kernelClient prints the client of a kernel-message operation: the
// message the kernel would send, built with the L4 API from the IR's
// layout of the protocol, and the check of the reply's words.
func (g *gen) kernelClient(o *opInfo) {
	f := g.body
	op := o.ol.Op
	req := o.ol.Request
	wb := g.abi.WordBits
	f.P("static void e2e_cli_", o.idx, "(const struct e2e_case *c, int server)")
	f.Block("", "", func() {
		f.P("L4_Word_t w[64];")
		f.P("e2e_cur = c;")
		f.P("e2e_cli_used = 0;")
		f.P("__builtin_memset(w, 0, sizeof w);")
		f.P("w[0] = ", cgen.Hex(req.Label<<16|uint64(req.TypedWords)<<6|uint64(req.FixedWords), wb), ";")
		// Words no parameter takes (registers of the exception protocol)
		// carry a pattern the reply must echo.
		covered := map[int]bool{}
		for _, s := range req.Slots {
			covered[s.MR] = true
		}
		for k := 1; k <= req.FixedWords; k++ {
			if !covered[k] {
				f.P("w[", k, "] = (L4_Word_t)e2e_seed(", fmt.Sprintf("%#x", 0x500+k), ");")
			}
		}
		for i, p := range op.Params {
			if !p.Dir.Sends() {
				continue
			}
			var slot *ir.Slot
			for _, s := range req.Slots {
				if s.Path == p.Name {
					slot = s
				}
			}
			if slot == nil || slot.Run || slot.Words > 1 || !p.Type.IsScalar() {
				g.unsupported(p.Type, "a kernel-message parameter that is not a one-word scalar")
				continue
			}
			seed := fmt.Sprintf("e2e_seed(%#x)", seedIn+i)
			if m := g.slotMask(o, p); m != "" {
				seed = "(" + seed + " & " + m + ")"
			}
			v := "(L4_Word_t)(" + scalarWord(g.leaf(p.Type, seed), p.Type) + ")"
			if slot.Width < wb {
				v = fmt.Sprintf("(%s & %s)", v, cgen.Hex(uint64(1)<<uint(slot.Width)-1, wb))
			}
			f.P("w[", slot.MR, "] |= ", v, " << ", slot.Bit, ";")
		}
		f.P("int before = e2e_calls[", o.idx, "];")
		f.P("L4_Word_t tag = e2e_raw(e2e_srv[server], w, ", map[bool]int{true: 1, false: 0}[o.ol.Reply == nil], ");")
		f.P("struct e2e_ck ck = { 0, \"\" };")
		rep := o.ol.Reply
		if rep == nil {
			f.P("E2E_EQ(&ck, \"send tag\", -1, (tag >> 15) & 1, 0);")
			f.P("if (!ck.bad && !e2e_probe(server, ck.why, sizeof ck.why))")
			f.P(f.Tab, "ck.bad = 1;")
			f.P("E2E_EQ(&ck, \"implementation calls\", -1, e2e_calls[", o.idx, "], before + 1);")
			f.P("e2e_done(&ck, c->name, \"oneway delivered\");")
			return
		}
		f.P("(void)before;")
		f.P("E2E_EQ(&ck, \"reply tag\", -1, tag, ", cgen.Hex(rep.Label<<16|uint64(rep.TypedWords)<<6|uint64(rep.FixedWords), wb), ");")
		f.P("L4_Word_t m;")
		f.P("(void)m;")
		for i, p := range op.Params {
			if !p.Dir.Returns() {
				continue
			}
			seed := fmt.Sprintf("e2e_seed(%#x)", seedOut+i)
			for _, s := range rep.Slots {
				if s.Path != p.Name {
					continue
				}
				if s.Run || s.Words > 1 || !p.Type.IsScalar() {
					g.unsupported(p.Type, "a kernel-message reply value that is not a one-word scalar")
					continue
				}
				mask := cgen.Hex(uint64(1)<<uint(min(s.Width, 63))-1, wb)
				if s.Width >= wb {
					mask = "~(L4_Word_t)0"
				}
				f.P("L4_StoreMR(", s.MR, ", &m);")
				f.P("E2E_EQ(&ck, ", cgen.Quote(p.Name), ", -1, (m >> ", s.Bit, ") & ", mask, ", (L4_Word_t)(", scalarWord(g.leaf(p.Type, seed), p.Type), ") & ", mask, ");")
			}
			for _, it := range rep.Items {
				if it.Path != p.Name {
					continue
				}
				if it.Kind == ir.StringItem || cmap.IsL4Fpage(p.Type) {
					g.unsupported(p.Type, "a kernel-message reply item that is not an IDL fpage")
					continue
				}
				typ := "8"
				if it.Kind == ir.GrantItem {
					typ = "0xA"
				}
				f.P("L4_StoreMR(", it.MR, ", &m);")
				f.P("E2E_EQ(&ck, ", cgen.Quote(p.Name+".base"), ", -1, m, (e2e_fpbase(", seed, ") & ~(L4_Word_t)0x3FF) | ", typ, ");")
				f.P("L4_StoreMR(", it.MR+1, ", &m);")
				f.P("E2E_EQ(&ck, ", cgen.Quote(p.Name+".fpage"), ", -1, m, e2e_fpword(", seed, "));")
				f.P("E2E_EQ(&ck, ", cgen.Quote(p.Name+" mapped"), ", -1, e2e_touch(e2e_fpbase(", seed, "), e2e_fpword(", seed, ")), 1);")
			}
		}
		for _, k := range rep.EchoMRs {
			f.P("L4_StoreMR(", k, ", &m);")
			f.P("E2E_EQ(&ck, ", cgen.Quote(fmt.Sprintf("echoed MR%d", k)), ", -1, m, w[", k, "]);")
		}
		f.P("e2e_done(&ck, c->name, \"client reply\");")
	})
	f.P()
}

// scalarWord returns the word of a one-word scalar value expression.
func scalarWord(e string, t *ir.Type) string {
	switch t.Underlying().Kind {
	case ir.ThreadID, ir.ObjRef, ir.Fpage:
		return "(" + e + ").raw"
	case ir.Float:
		return "e2e_fbits(" + e + ")"
	}
	return e
}
