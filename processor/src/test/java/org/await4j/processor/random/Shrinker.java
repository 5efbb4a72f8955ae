package org.await4j.processor.random;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.await4j.processor.random.Ast.Assign;
import org.await4j.processor.random.Ast.Bin;
import org.await4j.processor.random.Ast.Block;
import org.await4j.processor.random.Ast.Call;
import org.await4j.processor.random.Ast.Case;
import org.await4j.processor.random.Ast.Catch;
import org.await4j.processor.random.Ast.Cond;
import org.await4j.processor.random.Ast.Decl;
import org.await4j.processor.random.Ast.Do;
import org.await4j.processor.random.Ast.Elem;
import org.await4j.processor.random.Ast.Expr;
import org.await4j.processor.random.Ast.ForEach;
import org.await4j.processor.random.Ast.If;
import org.await4j.processor.random.Ast.Lit;
import org.await4j.processor.random.Ast.Loop;
import org.await4j.processor.random.Ast.Method;
import org.await4j.processor.random.Ast.Program;
import org.await4j.processor.random.Ast.Resource;
import org.await4j.processor.random.Ast.Return;
import org.await4j.processor.random.Ast.Step;
import org.await4j.processor.random.Ast.Stmt;
import org.await4j.processor.random.Ast.Switch;
import org.await4j.processor.random.Ast.Throw;
import org.await4j.processor.random.Ast.Try;
import org.await4j.processor.random.Ast.Ty;
import org.await4j.processor.random.Ast.Un;

/**
 * Greedy test-case reduction: builds every variant of a failing program that differs by one
 * edit (delete a statement, replace a statement by one of its blocks, drop an else, a catch, a
 * finally, a case or a resource, lower a loop bound, replace an expression by a literal or by
 * one of its operands), keeps the valid ones, and evaluates them smallest first, in batches
 * compiled by one javac run. The first variant that still fails the same way becomes the
 * program; it stops when no variant does (or at the deadline).
 */
final class Shrinker {
  /** Evaluates candidates: the failure signature of each, or null when it passes. */
  interface Oracle {
    List<String> signatures(List<Program> candidates);
  }

  static final int BATCH = 24;

  private final Oracle oracle;
  private int evaluated;
  private int compiles;

  Shrinker(Oracle oracle) {
    this.oracle = oracle;
  }

  int evaluated() {
    return evaluated;
  }

  int compiles() {
    return compiles;
  }

  /** The oracle of {@link Runner#evaluate}: each candidate in its own class, in one javac run. */
  static Oracle compiling() {
    return candidates -> {
      List<Runner.Unit> units = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        units.add(new Runner.Unit("Cand" + i, List.of(candidates.get(i))));
      }
      Map<Program, Runner.Verdict> v = Runner.evaluate(units);
      List<String> out = new ArrayList<>();
      for (Program p : candidates) {
        Runner.Verdict verdict = v.get(p);
        out.add(verdict == null ? null : verdict.signature());
      }
      return out;
    };
  }

  Program shrink(Program p, String signature, long deadlineNanos) {
    p = tidy(p);
    for (boolean expressions : new boolean[] {false, true}) {
      while (System.nanoTime() < deadlineNanos) {
        Program next = step(p, signature, expressions, deadlineNanos);
        if (next == null) {
          break;
        }
        p = next;
      }
    }
    return p;
  }

  /** Drops the helpers that the method does not reach. */
  private static Program tidy(Program p) {
    return new Program(Source.reachableHelpers(p), p.method(), p.p());
  }

  private Program step(Program p, String signature, boolean expressions, long deadline) {
    List<Program> candidates = validVariants(p, expressions);
    for (int from = 0; from < candidates.size() && System.nanoTime() < deadline; from += BATCH) {
      List<Program> batch = candidates.subList(from, Math.min(candidates.size(), from + BATCH));
      List<String> sigs = oracle.signatures(batch);
      compiles++;
      evaluated += batch.size();
      for (int i = 0; i < batch.size(); i++) {
        if (signature.equals(sigs.get(i))) {
          return tidy(batch.get(i));
        }
      }
    }
    return null;
  }

  /** The valid one-edit variants, distinct by source, smallest first. */
  List<Program> validVariants(Program p, boolean expressions) {
    Map<String, Program> bySource = new LinkedHashMap<>();
    String original = render(p);
    for (Program v : variants(p, expressions)) {
      try {
        for (Method m : v.helpers()) {
          Flow.normalize(m);
        }
        Flow.normalize(v.method());
      } catch (Flow.Invalid e) {
        continue;
      }
      String s = render(tidy(v));
      if (!s.equals(original)) {
        bySource.putIfAbsent(s, v);
      }
    }
    List<Program> out = new ArrayList<>(bySource.values());
    out.sort(Comparator.comparingInt(Program::size).thenComparingInt(x -> render(x).length()));
    return out;
  }

  private static String render(Program p) {
    StringBuilder b = new StringBuilder();
    for (Method h : Source.reachableHelpers(p)) {
      b.append(Source.method("C", h));
    }
    return b.append(Source.method("C", p.method())).toString();
  }

  private List<Program> variants(Program p, boolean expressions) {
    List<Program> out = new ArrayList<>();
    for (Method m : methodVariants(p.method(), expressions)) {
      out.add(p.withMethod(m));
    }
    for (int i = 0; i < p.helpers().size(); i++) {
      for (Method m : methodVariants(p.helpers().get(i), expressions)) {
        out.add(p.withHelper(i, m));
      }
    }
    return out;
  }

  private List<Method> methodVariants(Method m, boolean expressions) {
    List<Method> out = new ArrayList<>();
    for (Block b : new Edits(expressions).block(m.body())) {
      out.add(m.withBody(b));
    }
    if (expressions && m.base() != null) {
      for (Expr e : new Edits(true).expr(m.base())) {
        out.add(m.withBase(e));
      }
    }
    return out;
  }

  /** One-edit variants of trees. */
  static final class Edits {
    private final boolean expressions;

    Edits(boolean expressions) {
      this.expressions = expressions;
    }

    List<Block> block(Block b) {
      List<Block> out = new ArrayList<>();
      List<Stmt> stmts = b.stmts();
      for (int i = 0; i < stmts.size(); i++) {
        for (List<Stmt> rep : stmt(stmts.get(i))) {
          List<Stmt> n = new ArrayList<>(stmts.subList(0, i));
          n.addAll(rep);
          n.addAll(stmts.subList(i + 1, stmts.size()));
          out.add(new Block(b.label(), n));
        }
      }
      if (b.label() != null) {
        out.add(new Block(null, stmts));
      }
      return out;
    }

    private static <T> List<List<Stmt>> map(List<T> variants, Function<T, Stmt> f) {
      List<List<Stmt>> out = new ArrayList<>();
      for (T v : variants) {
        out.add(List.of(f.apply(v)));
      }
      return out;
    }

    /** Each variant is the list of statements that replaces {@code s}. */
    List<List<Stmt>> stmt(Stmt s) {
      List<List<Stmt>> out = new ArrayList<>();
      out.add(List.of()); // delete it
      if (s instanceof Decl d) {
        out.addAll(map(expr(d.init()), e -> new Decl(d.v(), e, d.useVar())));
      } else if (s instanceof Do d) {
        out.addAll(map(expr(d.e()), Do::new));
      } else if (s instanceof If i) {
        out.add(i.then().stmts());
        if (i.otherwise() != null) {
          out.add(i.otherwise().stmts());
          out.add(List.of(new If(i.c(), i.then(), null)));
          out.addAll(map(block(i.otherwise()), b -> new If(i.c(), i.then(), b)));
        }
        out.addAll(map(block(i.then()), b -> new If(i.c(), b, i.otherwise())));
        out.addAll(map(expr(i.c()), c -> new If(c, i.then(), i.otherwise())));
      } else if (s instanceof Loop l) {
        out.add(l.body().stmts());
        if (l.bound() > 0) {
          out.add(List.of(new Loop(l.kind(), l.label(), l.counter(), l.bound() - 1, l.cond(),
              l.update(), l.body())));
        }
        if (l.bound() > 1) {
          out.add(List.of(new Loop(l.kind(), l.label(), l.counter(), 1, l.cond(),
              l.update(), l.body())));
        }
        if (l.cond() != null) {
          out.add(List.of(new Loop(l.kind(), l.label(), l.counter(), l.bound(), null,
              l.update(), l.body())));
          out.addAll(map(expr(l.cond()), c -> new Loop(l.kind(), l.label(), l.counter(),
              l.bound(), c, l.update(), l.body())));
        }
        if (l.update() != null) {
          out.add(List.of(new Loop(l.kind(), l.label(), l.counter(), l.bound(), l.cond(),
              null, l.body())));
          out.addAll(map(expr(l.update()), u -> new Loop(l.kind(), l.label(), l.counter(),
              l.bound(), l.cond(), u, l.body())));
        }
        if (l.label() != null) {
          out.add(List.of(new Loop(l.kind(), null, l.counter(), l.bound(), l.cond(),
              l.update(), l.body())));
        }
        out.addAll(map(block(l.body()), b -> new Loop(l.kind(), l.label(), l.counter(),
            l.bound(), l.cond(), l.update(), b)));
      } else if (s instanceof ForEach f) {
        out.add(f.body().stmts());
        if (f.label() != null) {
          out.add(List.of(new ForEach(null, f.v(), f.useVar(), f.iterable(), f.body())));
        }
        out.addAll(map(block(f.body()), b -> new ForEach(f.label(), f.v(), f.useVar(),
            f.iterable(), b)));
        out.addAll(map(expr(f.iterable()), e -> new ForEach(f.label(), f.v(), f.useVar(), e,
            f.body())));
      } else if (s instanceof Switch w) {
        List<Case> cases = w.cases();
        for (int i = 0; i < cases.size(); i++) {
          out.add(cases.get(i).body().stmts());
        }
        for (int i = 0; i < cases.size(); i++) {
          List<Case> n = new ArrayList<>(cases);
          n.remove(i);
          out.add(List.of(new Switch(w.selector(), w.arrow(), n)));
        }
        for (int i = 0; i < cases.size(); i++) {
          int at = i;
          Case c = cases.get(i);
          out.addAll(map(block(c.body()), b -> {
            List<Case> n = new ArrayList<>(cases);
            n.set(at, new Case(c.labels(), b));
            return new Switch(w.selector(), w.arrow(), n);
          }));
        }
        out.addAll(map(expr(w.selector()), e -> new Switch(e, w.arrow(), cases)));
      } else if (s instanceof Try t) {
        out.add(t.body().stmts());
        if (t.fin() != null) {
          out.add(t.fin().stmts());
          out.add(List.of(new Try(t.resources(), t.body(), t.catches(), null)));
          out.addAll(map(block(t.fin()), b -> new Try(t.resources(), t.body(), t.catches(), b)));
        }
        for (int i = 0; i < t.catches().size(); i++) {
          List<Catch> n = new ArrayList<>(t.catches());
          n.remove(i);
          out.add(List.of(new Try(t.resources(), t.body(), n, t.fin())));
        }
        for (int i = 0; i < t.resources().size(); i++) {
          List<Resource> n = new ArrayList<>(t.resources());
          n.remove(i);
          out.add(List.of(new Try(n, t.body(), t.catches(), t.fin())));
          int at = i;
          Resource r = t.resources().get(i);
          if (r.init() != null) {
            out.addAll(map(expr(r.init()), e -> {
              List<Resource> m = new ArrayList<>(t.resources());
              m.set(at, new Resource(r.v(), e));
              return new Try(m, t.body(), t.catches(), t.fin());
            }));
          }
        }
        out.addAll(map(block(t.body()), b -> new Try(t.resources(), b, t.catches(), t.fin())));
        for (int i = 0; i < t.catches().size(); i++) {
          int at = i;
          Catch c = t.catches().get(i);
          out.addAll(map(block(c.body()), b -> {
            List<Catch> n = new ArrayList<>(t.catches());
            n.set(at, new Catch(c.types(), c.param(), b));
            return new Try(t.resources(), t.body(), n, t.fin());
          }));
        }
      } else if (s instanceof Throw t) {
        out.addAll(map(expr(t.e()), Throw::new));
      } else if (s instanceof Return r) {
        if (r.e() != null) {
          out.addAll(map(expr(r.e()), Return::new));
        }
      } else if (s instanceof Block b) {
        out.add(b.stmts());
        out.addAll(map(block(b), x -> x));
      }
      return out;
    }

    /** One-edit variants of an expression, of the same type. */
    List<Expr> expr(Expr e) {
      List<Expr> out = new ArrayList<>();
      if (!expressions) {
        return out;
      }
      Ty ty = Ast.ty(e);
      if (ty.zero != null && !(e instanceof Lit l && l.text().equals(ty.zero))) {
        out.add(new Lit(ty, ty.zero));
      }
      List<Expr> children = Ast.children(e);
      for (Expr c : children) {
        if (Ast.ty(c) == ty && !(e instanceof Assign a && a.target() == c)
            && !(e instanceof Step)) {
          out.add(c);
        }
      }
      for (int i = 0; i < children.size(); i++) {
        int at = i;
        for (Expr c : expr(children.get(i))) {
          out.add(replaceChild(e, at, c));
        }
      }
      return out;
    }

    private static Expr replaceChild(Expr e, int i, Expr c) {
      List<Expr> children = new ArrayList<>(Ast.children(e));
      children.set(i, c);
      return Ast.withChildren(e, children);
    }
  }
}
