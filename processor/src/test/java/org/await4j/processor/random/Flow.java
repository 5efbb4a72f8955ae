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

  /** BARRIER: a switch expression, which no jump may leave. */
  private enum FrameKind { LOOP, SWITCH, BLOCK, TRY, BARRIER }

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
    Method n = m;
    if (m.base() != null) {
      n = n.withBase(f.expr(m.base()));
    }
    Block[] out = new Block[1];
    boolean completes = f.block(m.body(), out);
    return new Result(n.withBody(out[0]), completes);
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

  private int lambdas;
  private int switchExpressions;

  /** Checks {@code e} and returns it normalized (switch expression arms made valid). */
  private Expr expr(Expr e) {
    if (e instanceof Ref r) {
      if (!visible.contains(r.v())) throw new Invalid("out of scope: " + r.v().name);
      if (lambdas > 0 && !r.v().capturable) throw new Invalid("captures " + r.v().name);
      return e;
    }
    if (e instanceof Call c && c.has(Ast.LAMBDA)) {
      lambdas++;
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        if (Ast.suspends(a)) throw new Invalid("suspends in a lambda");
        if (a instanceof Ast.SwitchExpr) throw new Invalid("statements in a lambda");
        args.add(expr(a));
      }
      lambdas--;
      return c.with(args);
    }
    if (e instanceof Assign a) {
      lvalue(a.target());
    }
    if (e instanceof Step s) {
      lvalue(s.target());
    }
    if (e instanceof Ast.SwitchExpr w) {
      return switchExpression(w);
    }
    if (e instanceof Ast.Pattern p) {
      Expr obj = expr(p.obj());
      if (Ast.ty(obj) != Ast.Ty.OBJ) throw new Invalid("instanceof on a non-object");
      int mark = visible.size();
      declare(p.binding());
      Expr rhs = expr(p.rhs());
      truncate(mark);
      return new Ast.Pattern(obj, p.type(), p.binding(), rhs);
    }
    List<Expr> children = Ast.children(e);
    if (children.isEmpty()) {
      return e;
    }
    List<Expr> n = new ArrayList<>();
    for (Expr c : children) {
      n.add(expr(c));
    }
    return Ast.withChildren(e, n);
  }

  private Expr switchExpression(Ast.SwitchExpr w) {
    Expr selector = expr(w.selector());
    Frame barrier = new Frame(FrameKind.BARRIER, null, true);
    frames.push(barrier);
    switchExpressions++;
    int mark = visible.size();
    boolean hasDefault = false;
    boolean yields = false;
    Set<String> seen = new HashSet<>();
    List<Ast.Arm> arms = new ArrayList<>();
    boolean fallsIn = false;
    for (int i = 0; i < w.arms().size(); i++) {
      Ast.Arm a = w.arms().get(i);
      if (a.labels().isEmpty()) {
        if (hasDefault) throw new Invalid("two defaults");
        hasDefault = true;
      }
      for (String l : a.labels()) {
        if (!seen.add(l)) throw new Invalid("duplicate case " + l);
      }
      Block[] b = new Block[1];
      boolean completes = w.arrow() ? block(a.body(), b) : statements(a.body(), b);
      Expr value = a.value();
      if (!completes) {
        value = null; // a yield there would be unreachable
      } else if (value != null) {
        value = expr(value);
        if (Ast.ty(value) != w.ty()) throw new Invalid("arm type");
        yields = true;
      } else if (w.arrow() || i == w.arms().size() - 1) {
        throw new Invalid("an arm completes without a value");
      }
      fallsIn = !w.arrow() && completes && value == null;
      arms.add(new Ast.Arm(a.labels(), b[0], value));
    }
    if (fallsIn) throw new Invalid("falls out of a switch expression");
    truncate(mark);
    switchExpressions--;
    frames.pop();
    if (!hasDefault) throw new Invalid("switch expression without default");
    if (!yields) throw new Invalid("switch expression without a result");
    return new Ast.SwitchExpr(w.ty(), selector, w.arrow(), arms);
  }

  private void lvalue(Expr t) {
    if (t instanceof Ref r && r.v().readonly) throw new Invalid("assigns read-only " + r.v().name);
    if (!(t instanceof Ref || t instanceof Ast.Field || t instanceof Ast.Elem)) {
      throw new Invalid("not a variable: " + t);
    }
  }

  private boolean isStatementExpression(Expr e) {
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
      // a local is in scope in its own initializer (for name clashes)
      int mark = visible.size();
      declare(new Local(d.v().name, Ast.Ty.VOID, true, false, false));
      Expr init = expr(d.init());
      truncate(mark);
      if (Ast.ty(init) != d.v().ty) throw new Invalid("initializer type");
      declare(d.v());
      out[0] = new Decl(d.v(), init, d.useVar());
      return true;
    }
    if (s instanceof Do d) {
      if (!isStatementExpression(d.e())) throw new Invalid("not a statement: " + d.e());
      out[0] = new Do(expr(d.e()));
      return true;
    }
    if (s instanceof If i) {
      Expr c = expr(i.c());
      Block[] a = new Block[1];
      Block[] b = new Block[1];
      boolean ta = block(i.then(), a);
      boolean tb = true;
      if (i.otherwise() != null) {
        tb = block(i.otherwise(), b);
      }
      out[0] = new If(c, a[0], b[0]);
      return i.otherwise() == null || ta || tb;
    }
    if (s instanceof Ast.PatternIf i) {
      Expr obj = expr(i.obj());
      if (Ast.ty(obj) != Ast.Ty.OBJ) throw new Invalid("instanceof on a non-object");
      Block[] a = new Block[1];
      Block[] b = new Block[1];
      int mark = visible.size();
      if (!i.negated()) declare(i.binding());
      boolean ta = block(i.then(), a);
      truncate(mark);
      boolean tb = true;
      if (i.negated()) declare(i.binding());
      if (i.otherwise() != null) {
        tb = block(i.otherwise(), b);
      }
      truncate(mark);
      // flow scoping (JLS 6.3.2.2): the binding is in scope after the if when only the branch
      // where it is not matched cannot complete normally
      boolean after = i.negated() ? !ta && (i.otherwise() == null || tb)
          : i.otherwise() != null && ta && !tb;
      if (after) {
        declare(i.binding());
      }
      out[0] = new Ast.PatternIf(obj, i.type(), i.binding(), i.negated(), a[0], b[0]);
      return i.otherwise() == null || ta || tb;
    }
    if (s instanceof Loop l) {
      return loop(l, out);
    }
    if (s instanceof ForEach f) {
      Expr iterable = expr(f.iterable());
      Frame frame = loopFrame(f.label());
      int mark = visible.size();
      declare(f.v());
      Block[] b = new Block[1];
      block(f.body(), b);
      truncate(mark);
      popLoop(frame);
      out[0] = new ForEach(f.label(), f.v(), f.useVar(), iterable, b[0]);
      return true;
    }
    if (s instanceof Switch w) {
      return switchStatement(w, out);
    }
    if (s instanceof Try t) {
      return tryStatement(t, out);
    }
    if (s instanceof Throw t) {
      Expr e = expr(t.e());
      if (Ast.ty(e) != Ast.Ty.EXC) throw new Invalid("throws a non-exception");
      out[0] = new Throw(e);
      return false;
    }
    if (s instanceof Return r) {
      if (switchExpressions > 0) throw new Invalid("return out of a switch expression");
      if ((r.e() == null) != (method.ret() == Ast.Ty.VOID)) throw new Invalid("return kind");
      if (r.e() != null) {
        Expr e = expr(r.e());
        if (Ast.ty(e) != method.ret()) throw new Invalid("return type");
        out[0] = new Return(e);
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

  private static boolean hasSwitchExpression(Expr e) {
    if (e instanceof Ast.SwitchExpr) return true;
    for (Expr c : Ast.children(e)) {
      if (hasSwitchExpression(c)) return true;
    }
    return false;
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
    Expr cond = null;
    if (l.cond() != null) {
      if (l.kind() == LoopKind.FOREVER) throw new Invalid("forever with a condition");
      if (l.kind() == LoopKind.DO && hasSwitchExpression(l.cond())) {
        throw new Invalid("a switch expression in a do-while condition");
      }
      cond = expr(l.cond());
    }
    Frame frame = loopFrame(l.label());
    Block[] b = new Block[1];
    boolean bodyCompletes = block(l.body(), b);
    Expr update = null;
    if (l.update() != null) {
      update = expr(l.update());
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
    out[0] = new Loop(l.kind(), l.label(), l.counter(), l.bound(), cond, update, b[0]);
    if (l.kind() == LoopKind.DO) {
      return bodyCompletes || frame.continued || frame.broken;
    }
    return true; // conditions are never constant; FOREVER has its guard break
  }

  private boolean switchStatement(Switch w, Stmt[] out) {
    Expr selector = expr(w.selector());
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
    out[0] = new Switch(selector, w.arrow(), cases);
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
    List<Resource> resources = new ArrayList<>();
    for (Resource r : t.resources()) {
      if (r.v().ty != Ast.Ty.RES || !r.v().readonly) throw new Invalid("resource");
      if (r.init() == null) {
        if (!visible.contains(r.v())) throw new Invalid("resource out of scope");
        resources.add(r);
      } else {
        int m = visible.size();
        declare(new Local(r.v().name, Ast.Ty.VOID, true, false, false));
        Expr init = expr(r.init());
        truncate(m);
        resources.add(new Resource(r.v(), init));
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
    out[0] = new Try(resources, body[0], catches, fin[0]);
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
      if (f.kind == FrameKind.BARRIER) {
        throw new Invalid("jumps out of a switch expression");
      }
    }
    throw new Invalid("no target for " + j);
  }
}
