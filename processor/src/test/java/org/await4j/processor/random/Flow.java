package org.await4j.processor.random;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.await4j.processor.random.Ast.Assign;
import org.await4j.processor.random.Ast.Block;
import org.await4j.processor.random.Ast.Call;
import org.await4j.processor.random.Ast.Case;
import org.await4j.processor.random.Ast.Catch;
import org.await4j.processor.random.Ast.Decl;
import org.await4j.processor.random.Ast.Do;
import org.await4j.processor.random.Ast.Expr;
import org.await4j.processor.random.Ast.ForEach;
import org.await4j.processor.random.Ast.If;
import org.await4j.processor.random.Ast.Jump;
import org.await4j.processor.random.Ast.Local;
import org.await4j.processor.random.Ast.Loop;
import org.await4j.processor.random.Ast.LoopKind;
import org.await4j.processor.random.Ast.Method;
import org.await4j.processor.random.Ast.Ref;
import org.await4j.processor.random.Ast.Resource;
import org.await4j.processor.random.Ast.Return;
import org.await4j.processor.random.Ast.Step;
import org.await4j.processor.random.Ast.Stmt;
import org.await4j.processor.random.Ast.Switch;
import org.await4j.processor.random.Ast.Throw;
import org.await4j.processor.random.Ast.Try;

/**
 * Makes a method body valid Java and checks it: drops statements that javac would call
 * unreachable (following javac's Flow.AliveAnalyzer, which for a finally that cannot complete
 * normally also discards the jumps out of the catch blocks), computes whether the body can
 * complete normally (then the renderer adds a final return), and rejects bodies that use a local
 * out of its scope, redeclare a name in scope, jump to a missing target, or are otherwise not
 * Java. The generator relies on it to stay simple; the shrinker on it to discard broken
 * variants without compiling them.
 */
final class Flow {
  /** The body is not valid Java. */
  static final class Invalid extends RuntimeException {
    Invalid(String why) {
      super(why, null, false, false);
    }
  }

  /** A normalized method and whether its body can complete normally. */
  record Result(Method method, boolean completes) {}

  private enum FrameKind { LOOP, SWITCH, BLOCK, TRY }

  private static final class Frame {
    final FrameKind kind;
    final String label;
    final boolean finallyCompletes;
    boolean broken;
    boolean continued;

    Frame(FrameKind kind, String label, boolean finallyCompletes) {
      this.kind = kind;
      this.label = label;
      this.finallyCompletes = finallyCompletes;
    }
  }

  private final Deque<Frame> frames = new ArrayDeque<>();
  private final List<Local> visible = new ArrayList<>();
  private final Set<String> labels = new HashSet<>();
  private final Method method;

  private Flow(Method method) {
    this.method = method;
  }

  /** Normalizes {@code m}; throws {@link Invalid} when it cannot be valid Java. */
  static Result normalize(Method m) {
    Flow f = new Flow(m);
    f.visible.addAll(m.params());
    checkNames(m.params());
    if (m.base() != null) {
      f.expr(m.base());
    }
    Block[] out = new Block[1];
    boolean completes = f.block(m.body(), out);
    return new Result(m.withBody(out[0]), completes);
  }

  static boolean isValid(Method m) {
    try {
      normalize(m);
      return true;
    } catch (Invalid e) {
      return false;
    }
  }

  private static void checkNames(List<Local> params) {
    Set<String> names = new HashSet<>();
    for (Local l : params) {
      if (!names.add(l.name)) throw new Invalid("duplicate parameter " + l.name);
    }
  }

  // ---------------------------------------------------------------- scopes

  private void declare(Local v) {
    for (Local l : visible) {
      if (l.name.equals(v.name)) throw new Invalid("redeclared " + v.name);
    }
    visible.add(v);
  }

  private void expr(Expr e) {
    if (e instanceof Ref r) {
      if (!visible.contains(r.v())) throw new Invalid("out of scope: " + r.v().name);
    }
    if (e instanceof Assign a) {
      lvalue(a.target());
    }
    if (e instanceof Step s) {
      lvalue(s.target());
    }
    for (Expr c : Ast.children(e)) {
      expr(c);
    }
  }

  private void lvalue(Expr t) {
    if (t instanceof Ref r && r.v().readonly) throw new Invalid("assigns read-only " + r.v().name);
    if (!(t instanceof Ref || t instanceof Ast.Field || t instanceof Ast.Elem)) {
      throw new Invalid("not a variable: " + t);
    }
  }

  private static boolean isStatementExpression(Expr e) {
    return e instanceof Assign || e instanceof Step
        || (e instanceof Call c && c.has(Ast.STMT));
  }

  // ---------------------------------------------------------------- statements

  /** Normalizes a block in its own scope; returns whether it can complete normally. */
  private boolean block(Block b, Block[] out) {
    Frame frame = null;
    if (b.label() != null) {
      if (!labels.add(b.label())) throw new Invalid("label reused " + b.label());
      frame = new Frame(FrameKind.BLOCK, b.label(), true);
      frames.push(frame);
    }
    int mark = visible.size();
    List<Stmt> kept = new ArrayList<>();
    boolean alive = true;
    for (Stmt s : b.stmts()) {
      Stmt[] n = new Stmt[1];
      alive = stmt(s, n);
      kept.add(n[0]);
      if (!alive) {
        break;
      }
    }
    truncate(mark);
    if (frame != null) {
      frames.pop();
      labels.remove(b.label());
      alive |= frame.broken;
    }
    out[0] = new Block(b.label(), kept);
    return alive;
  }

  /** Statements that run in the enclosing scope (case groups of an old-style switch). */
  private boolean statements(Block b, Block[] out) {
    List<Stmt> kept = new ArrayList<>();
    boolean alive = true;
    for (Stmt s : b.stmts()) {
      Stmt[] n = new Stmt[1];
      alive = stmt(s, n);
      kept.add(n[0]);
      if (!alive) {
        break;
      }
    }
    out[0] = new Block(null, kept);
    return alive;
  }

  private void truncate(int mark) {
    while (visible.size() > mark) {
      visible.remove(visible.size() - 1);
    }
  }

  private boolean stmt(Stmt s, Stmt[] out) {
    out[0] = s;
    if (s instanceof Decl d) {
      expr(d.init());
      if (d.v().ty == Ast.Ty.VOID) throw new Invalid("void local");
      declare(d.v());
      return true;
    }
    if (s instanceof Do d) {
      if (!isStatementExpression(d.e())) throw new Invalid("not a statement: " + d.e());
      expr(d.e());
      return true;
    }
    if (s instanceof If i) {
      expr(i.c());
      Block[] a = new Block[1];
      Block[] b = new Block[1];
      boolean ta = block(i.then(), a);
      boolean tb = true;
      if (i.otherwise() != null) {
        tb = block(i.otherwise(), b);
      }
      out[0] = new If(i.c(), a[0], b[0]);
      return i.otherwise() == null || ta || tb;
    }
    if (s instanceof Loop l) {
      return loop(l, out);
    }
    if (s instanceof ForEach f) {
      expr(f.iterable());
      Frame frame = loopFrame(f.label());
      int mark = visible.size();
      declare(f.v());
      Block[] b = new Block[1];
      block(f.body(), b);
      truncate(mark);
      popLoop(frame);
      out[0] = new ForEach(f.label(), f.v(), f.useVar(), f.iterable(), b[0]);
      return true;
    }
    if (s instanceof Switch w) {
      return switchStatement(w, out);
    }
    if (s instanceof Try t) {
      return tryStatement(t, out);
    }
    if (s instanceof Throw t) {
      expr(t.e());
      if (Ast.ty(t.e()) != Ast.Ty.EXC) throw new Invalid("throws a non-exception");
      return false;
    }
    if (s instanceof Return r) {
      if ((r.e() == null) != (method.ret() == Ast.Ty.VOID)) throw new Invalid("return kind");
      if (r.e() != null) {
        expr(r.e());
        if (Ast.ty(r.e()) != method.ret()) throw new Invalid("return type");
      }
      return false;
    }
    if (s instanceof Jump j) {
      jump(j);
      return false;
    }
    if (s instanceof Block b) {
      Block[] n = new Block[1];
      boolean alive = block(b, n);
      out[0] = n[0];
      return alive;
    }
    throw new AssertionError(s);
  }

  private Frame loopFrame(String label) {
    if (label != null && !labels.add(label)) throw new Invalid("label reused " + label);
    Frame frame = new Frame(FrameKind.LOOP, label, true);
    frames.push(frame);
    return frame;
  }

  private void popLoop(Frame frame) {
    frames.pop();
    if (frame.label != null) {
      labels.remove(frame.label);
    }
  }

  private boolean loop(Loop l, Stmt[] out) {
    if (l.counter().ty != Ast.Ty.INT || !l.counter().readonly) throw new Invalid("counter");
    int mark = visible.size();
    // WHILE and DO declare the counter before the loop, in the enclosing scope; FOR and
    // FOREVER in the loop. Either way it is visible to the condition and the body only.
    declare(l.counter());
    if (l.update() != null) {
      if (l.kind() != LoopKind.FOR || !isStatementExpression(l.update())) {
        throw new Invalid("update");
      }
    }
    if (l.cond() != null) {
      if (l.kind() == LoopKind.FOREVER) throw new Invalid("forever with a condition");
      expr(l.cond());
    }
    Frame frame = loopFrame(l.label());
    Block[] b = new Block[1];
    boolean bodyCompletes = block(l.body(), b);
    if (l.update() != null) {
      expr(l.update());
    }
    popLoop(frame);
    if (l.kind() == LoopKind.WHILE || l.kind() == LoopKind.DO) {
      // declared in the enclosing block: stays visible for name clashes
      visible.remove(l.counter());
      visible.add(mark, l.counter());
      truncate(mark + 1);
    } else {
      truncate(mark);
    }
    out[0] = new Loop(l.kind(), l.label(), l.counter(), l.bound(), l.cond(), l.update(), b[0]);
    if (l.kind() == LoopKind.DO) {
      return bodyCompletes || frame.continued || frame.broken;
    }
    return true; // conditions are never constant; FOREVER has its guard break
  }

  private boolean switchStatement(Switch w, Stmt[] out) {
    expr(w.selector());
    Frame frame = new Frame(FrameKind.SWITCH, null, true);
    frames.push(frame);
    int mark = visible.size();
    boolean hasDefault = false;
    boolean alive = true;
    Set<String> seen = new HashSet<>();
    List<Case> cases = new ArrayList<>();
    for (Case c : w.cases()) {
      if (c.labels().isEmpty()) {
        if (hasDefault) throw new Invalid("two defaults");
        hasDefault = true;
      }
      for (String l : c.labels()) {
        if (!seen.add(l)) throw new Invalid("duplicate case " + l);
      }
      Block[] b = new Block[1];
      if (w.arrow()) {
        boolean completes = block(c.body(), b);
        alive = completes;
        frame.broken |= completes;
      } else {
        alive = statements(c.body(), b);
      }
      cases.add(new Case(c.labels(), b[0]));
    }
    if (w.arrow()) {
      alive = false;
    }
    truncate(mark);
    frames.pop();
    out[0] = new Switch(w.selector(), w.arrow(), cases);
    return alive || frame.broken || !hasDefault;
  }

  private boolean tryStatement(Try t, Stmt[] out) {
    if (t.resources().isEmpty() && t.catches().isEmpty() && t.fin() == null) {
      throw new Invalid("try without catch or finally");
    }
    boolean finallyCompletes = true;
    Block[] fin = new Block[1];
    if (t.fin() != null) {
      finallyCompletes = block(t.fin(), fin);
    }
    Frame frame = new Frame(FrameKind.TRY, null, finallyCompletes);
    frames.push(frame);
    int mark = visible.size();
    for (Resource r : t.resources()) {
      if (r.v().ty != Ast.Ty.RES || !r.v().readonly) throw new Invalid("resource");
      if (r.init() == null) {
        if (!visible.contains(r.v())) throw new Invalid("resource out of scope");
      } else {
        expr(r.init());
        declare(r.v());
      }
    }
    Block[] body = new Block[1];
    boolean alive = block(t.body(), body);
    truncate(mark);
    Set<String> caught = new HashSet<>();
    List<Catch> catches = new ArrayList<>();
    for (Catch c : t.catches()) {
      for (String type : c.types()) {
        if (!caught.add(type)) throw new Invalid("caught twice " + type);
        // a supertype caught before: javac says "has already been caught"
        for (String earlier : caught) {
          if (!earlier.equals(type) && Generator.isSubclass(type, earlier)) {
            throw new Invalid("already caught " + type);
          }
        }
      }
      declare(c.param());
      Block[] b = new Block[1];
      alive |= block(c.body(), b);
      truncate(mark);
      catches.add(new Catch(c.types(), c.param(), b[0]));
    }
    frames.pop();
    out[0] = new Try(t.resources(), body[0], catches, fin[0]);
    return alive && finallyCompletes;
  }

  private void jump(Jump j) {
    boolean exits = true;
    for (Frame f : frames) {
      boolean target;
      if (j.label() != null) {
        target = j.label().equals(f.label);
        if (target && !j.isBreak() && f.kind != FrameKind.LOOP) {
          throw new Invalid("continue to a non-loop " + j.label());
        }
      } else if (j.isBreak()) {
        target = f.kind == FrameKind.LOOP || f.kind == FrameKind.SWITCH;
      } else {
        target = f.kind == FrameKind.LOOP;
      }
      if (target) {
        if (exits) {
          if (j.isBreak()) {
            f.broken = true;
          } else {
            f.continued = true;
          }
        }
        return;
      }
      if (f.kind == FrameKind.TRY && !f.finallyCompletes) {
        exits = false;
      }
    }
    throw new Invalid("no target for " + j);
  }
}
