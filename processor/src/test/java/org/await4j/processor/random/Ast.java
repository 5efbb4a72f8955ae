package org.await4j.processor.random;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The small typed Java subset that random programs are built from. Nodes are immutable, so
 * the shrinker can build variants by copying; a {@link Local} is compared by identity, so a
 * reference always names exactly one declaration, whatever its name.
 */
final class Ast {
  private Ast() {}

  /** Value types of expressions. */
  enum Ty {
    INT("int", "Integer", "0"),
    LONG("long", "Long", "0L"),
    STRING("String", "String", "\"\""),
    BOOL("boolean", "Boolean", "false"),
    VOID("void", "Void", null),
    CHAR("char", "Character", "'0'"),
    DOUBLE("double", "Double", "0.0"),
    FLOAT("float", "Float", "0.0f"),
    BYTE("byte", "Byte", "(byte) 0"),
    SHORT("short", "Short", "(short) 0"),
    INT_ARRAY("int[]", null, null),
    /** Only as locals declared with a nested array initializer, read through templates. */
    INT_MATRIX("int[][]", null, null),
    STRING_ARRAY("String[]", null, null),
    INT_LIST("List<Integer>", null, null),
    STRING_LIST("List<String>", null, null),
    EXC("Exception", null, null),
    RES("Res", null, null),
    OBJ("Object", null, null);

    final String java;
    final String boxed;
    final String zero;

    Ty(String java, String boxed, String zero) {
      this.java = java;
      this.boxed = boxed;
      this.zero = zero;
    }

    boolean isValue() {
      return this == INT || this == LONG || this == STRING || this == BOOL || isNarrowOrFloating();
    }

    /** The types that {@code ++} and compound assignments apply to. */
    boolean isNumeric() {
      return this == INT || this == LONG || isNarrowOrFloating();
    }

    /** char, byte, short: whose arithmetic is int arithmetic, narrowed back on assignment. */
    boolean isNarrow() {
      return this == CHAR || this == BYTE || this == SHORT;
    }

    boolean isFloating() {
      return this == DOUBLE || this == FLOAT;
    }

    boolean isNarrowOrFloating() {
      return isNarrow() || isFloating();
    }

    /** The element type of an iterable type. */
    Ty element() {
      switch (this) {
        case INT_ARRAY: case INT_LIST: return INT;
        case STRING_ARRAY: case STRING_LIST: return STRING;
        default: throw new IllegalArgumentException(name());
      }
    }
  }

  /** A local variable, parameter, loop variable, catch or resource variable. */
  static final class Local {
    final String name;
    final Ty ty;
    /** Never assigned after its declaration: loop counters, catch parameters, resources... */
    final boolean readonly;
    /** Declared with {@code var} from a boxed initializer: an Integer, not an int. */
    final boolean boxed;

    /** Effectively final, so lambdas may capture it (a loop counter is read-only, not this). */
    final boolean capturable;

    Local(String name, Ty ty, boolean readonly, boolean boxed) {
      this(name, ty, readonly, boxed, readonly);
    }

    Local(String name, Ty ty, boolean readonly, boolean boxed, boolean capturable) {
      this.name = name;
      this.ty = ty;
      this.readonly = readonly;
      this.boxed = boxed;
      this.capturable = capturable;
    }

    @Override
    public String toString() {
      return name + ":" + ty;
    }
  }

  // ---------------------------------------------------------------- expressions

  sealed interface Expr permits Lit, Ref, Field, Elem, Call, Bin, Un, Cond, Assign, Step,
      SwitchExpr, Pattern {}

  /** A literal, as Java text. */
  record Lit(Ty ty, String text) implements Expr {}

  /** A local variable. */
  record Ref(Local v) implements Expr {}

  /** Fields whose names start so are boxes (Integer, Boolean, Double) that may hold null. */
  static final String BOXED_FIELD = "box";

  /** A field of the generated class; {@code qualified} writes {@code this.f} / {@code C.f}. */
  record Field(String name, Ty ty, boolean isStatic, boolean qualified) implements Expr {}

  /**
   * An element of an int array field; {@code mask} writes the index as {@code (i) & 3} so that
   * it is always in bounds (the arrays have 4 elements).
   */
  record Elem(String array, boolean isStatic, boolean qualified, Expr index, boolean mask)
      implements Expr {}

  /** Flags of a {@link Call}. */
  static final int SUSPENDS = 1;     // the template itself is a suspension point (await)
  static final int ASYNC = 2;        // a call of a generated @Async helper: a suspension point
  static final int BOXED = 4;        // the static type is a box (Integer, Long, Boolean)
  static final int STMT = 8;         // may stand as an expression statement
  static final int INSTANCE = 16;    // needs `this` (not in static helpers)
  static final int LAMBDA = 32;      // the arguments are inside a lambda body
  static final int CAST = 64;        // a cast: needs parentheses as an operand

  /**
   * Anything written as a template with {@code %s} holes: method calls, awaits, casts,
   * constructions. {@code #C} in the template stands for the generated class's name.
   */
  record Call(String fmt, Ty ty, int flags, List<Expr> args) implements Expr {
    Call {
      args = List.copyOf(args);
    }

    boolean has(int flag) {
      return (flags & flag) != 0;
    }

    Call with(List<Expr> newArgs) {
      return new Call(fmt, ty, flags, newArgs);
    }
  }

  /** A binary operator, its result type precomputed. */
  record Bin(String op, Ty ty, Expr l, Expr r) implements Expr {}

  /** A prefix operator: {@code -}, {@code ~}, {@code !}. */
  record Un(String op, Ty ty, Expr e) implements Expr {}

  /** {@code c ? a : b}. */
  record Cond(Ty ty, Expr c, Expr a, Expr b) implements Expr {}

  /** {@code target op rhs} where op is {@code =} or a compound operator. */
  record Assign(String op, Expr target, Expr rhs) implements Expr {}

  /** {@code ++x}, {@code x--} ... */
  record Step(String op, boolean prefix, Expr target) implements Expr {}

  /**
   * An arm of a switch expression: labels (empty: {@code default}), statements, and the value
   * it yields ({@code null}: an old-style group that falls through, or a body that cannot
   * complete normally).
   */
  record Arm(List<String> labels, Block body, Expr value) {
    Arm {
      labels = List.copyOf(labels);
    }
  }

  /** A switch expression, with arrows or old-style groups that {@code yield}. */
  record SwitchExpr(Ty ty, Expr selector, boolean arrow, List<Arm> arms) implements Expr {
    SwitchExpr {
      arms = List.copyOf(arms);
    }
  }

  /** {@code obj instanceof T binding && rhs}: the binding is in scope in {@code rhs}. */
  record Pattern(Expr obj, String type, Local binding, Expr rhs) implements Expr {}

  static Ty ty(Expr e) {
    if (e instanceof Lit l) return l.ty();
    if (e instanceof Ref r) return r.v().ty;
    if (e instanceof Field f) return f.ty();
    if (e instanceof Elem) return Ty.INT;
    if (e instanceof Call c) return c.ty();
    if (e instanceof Bin b) return b.ty();
    if (e instanceof Un u) return u.ty();
    if (e instanceof Cond c) return c.ty();
    if (e instanceof Assign a) return ty(a.target());
    if (e instanceof Step s) return ty(s.target());
    if (e instanceof SwitchExpr w) return w.ty();
    if (e instanceof Pattern) return Ty.BOOL;
    throw new AssertionError(e);
  }

  /** Whether the static type is a box, so that {@code ==} between two of them compares refs. */
  static boolean boxed(Expr e) {
    if (e instanceof Ref r) return r.v().boxed;
    if (e instanceof Field f) return f.name().startsWith(BOXED_FIELD);
    if (e instanceof Call c) return c.has(BOXED);
    if (e instanceof Cond c) return boxed(c.a()) && boxed(c.b());
    if (e instanceof Assign a) return boxed(a.target());
    if (e instanceof Step s) return boxed(s.target());
    return false;
  }

  /** The direct subexpressions. */
  static List<Expr> children(Expr e) {
    if (e instanceof Elem x) return List.of(x.index());
    if (e instanceof Call c) return c.args();
    if (e instanceof Bin b) return List.of(b.l(), b.r());
    if (e instanceof Un u) return List.of(u.e());
    if (e instanceof Cond c) return List.of(c.c(), c.a(), c.b());
    if (e instanceof Assign a) return List.of(a.target(), a.rhs());
    if (e instanceof Step s) return List.of(s.target());
    if (e instanceof SwitchExpr w) {
      List<Expr> c = new ArrayList<>();
      c.add(w.selector());
      for (Arm a : w.arms()) {
        if (a.value() != null) c.add(a.value());
      }
      return c;
    }
    if (e instanceof Pattern p) return List.of(p.obj(), p.rhs());
    return List.of();
  }

  /** {@code e} with its direct subexpressions (as {@link #children} lists them) replaced. */
  static Expr withChildren(Expr e, List<Expr> c) {
    if (e instanceof Lit || e instanceof Ref || e instanceof Field) return e;
    if (e instanceof Elem x) return new Elem(x.array(), x.isStatic(), x.qualified(), c.get(0), x.mask());
    if (e instanceof Call k) return k.with(c);
    if (e instanceof Bin b) return new Bin(b.op(), b.ty(), c.get(0), c.get(1));
    if (e instanceof Un u) return new Un(u.op(), u.ty(), c.get(0));
    if (e instanceof Cond k) return new Cond(k.ty(), c.get(0), c.get(1), c.get(2));
    if (e instanceof Assign a) return new Assign(a.op(), c.get(0), c.get(1));
    if (e instanceof Step s) return new Step(s.op(), s.prefix(), c.get(0));
    if (e instanceof SwitchExpr w) {
      List<Arm> arms = new ArrayList<>();
      int i = 1;
      for (Arm a : w.arms()) {
        arms.add(a.value() == null ? a : new Arm(a.labels(), a.body(), c.get(i++)));
      }
      return new SwitchExpr(w.ty(), c.get(0), w.arrow(), arms);
    }
    if (e instanceof Pattern p) return new Pattern(c.get(0), p.type(), p.binding(), c.get(1));
    throw new AssertionError(e);
  }

  /** Whether {@code e} holds a switch expression. */
  static boolean hasSwitch(Expr e) {
    return e instanceof SwitchExpr || children(e).stream().anyMatch(Ast::hasSwitch);
  }

  /** Whether evaluating {@code e} may suspend. */
  static boolean suspends(Expr e) {
    if (e instanceof Call c && (c.has(SUSPENDS) || c.has(ASYNC))) return true;
    if (e instanceof SwitchExpr w) {
      for (Arm a : w.arms()) {
        if (a.body().stmts().stream().anyMatch(Ast::suspends)) return true;
      }
    }
    for (Expr c : children(e)) {
      if (suspends(c)) return true;
    }
    return false;
  }

  /** Whether running {@code s} may suspend. */
  static boolean suspends(Stmt s) {
    boolean[] found = {false};
    exprs(s, e -> found[0] |= suspends(e));
    return found[0];
  }

  /** Calls {@code f} with each expression directly held by {@code s} or its nested statements. */
  static void exprs(Stmt s, java.util.function.Consumer<Expr> f) {
    if (s == null) return;
    if (s instanceof Decl d) f.accept(d.init());
    else if (s instanceof Do d) f.accept(d.e());
    else if (s instanceof If i) {
      f.accept(i.c());
      exprs(i.then(), f);
      exprs(i.otherwise(), f);
    } else if (s instanceof PatternIf i) {
      f.accept(i.obj());
      exprs(i.then(), f);
      exprs(i.otherwise(), f);
    } else if (s instanceof Loop l) {
      if (l.cond() != null) f.accept(l.cond());
      if (l.update() != null) f.accept(l.update());
      exprs(l.body(), f);
    } else if (s instanceof ForEach e) {
      f.accept(e.iterable());
      exprs(e.body(), f);
    } else if (s instanceof Switch w) {
      f.accept(w.selector());
      for (Case c : w.cases()) exprs(c.body(), f);
    } else if (s instanceof Try t) {
      for (Resource r : t.resources()) {
        if (r.init() != null) f.accept(r.init());
      }
      exprs(t.body(), f);
      for (Catch c : t.catches()) exprs(c.body(), f);
      exprs(t.fin(), f);
    } else if (s instanceof Throw t) f.accept(t.e());
    else if (s instanceof Return r) {
      if (r.e() != null) f.accept(r.e());
    } else if (s instanceof Block b) {
      for (Stmt x : b.stmts()) exprs(x, f);
    }
  }

  /** Node count, for size budgets and for reporting. */
  static int size(Expr e) {
    int n = 1;
    if (e instanceof SwitchExpr w) {
      for (Arm a : w.arms()) n += size(a.body());
    }
    for (Expr c : children(e)) n += size(c);
    return n;
  }

  // ---------------------------------------------------------------- statements

  sealed interface Stmt permits Decl, Do, If, Loop, ForEach, Switch, Try, Throw, Return, Jump,
      Block, PatternIf {}

  /** {@code int v = init;} or {@code var v = init;}. */
  record Decl(Local v, Expr init, boolean useVar) implements Stmt {}

  /** An expression statement. */
  record Do(Expr e) implements Stmt {}

  record If(Expr c, Block then, Block otherwise) implements Stmt {}

  /**
   * {@code if (obj instanceof T b) then else otherwise}, or negated {@code if (!(obj instanceof
   * T b)) then else otherwise}: then b is in scope in {@code otherwise} and, when {@code then}
   * cannot complete normally, in the rest of the enclosing block.
   */
  record PatternIf(Expr obj, String type, Local binding, boolean negated, Block then,
      Block otherwise) implements Stmt {}

  enum LoopKind { WHILE, DO, FOR, FOREVER }

  /**
   * A loop with a counter that bounds it, so that it always terminates: WHILE {@code int c = 0;
   * while (c++ < K && cond) body}, DO {@code int c = 0; do body while (++c < K && cond);}, FOR
   * {@code for (int c = 0; c < K && cond; c++, update) body}, FOREVER {@code for (int c = 0; ;
   * c++) { if (c >= K) break; body }}. The counter is read-only for the body.
   */
  record Loop(LoopKind kind, String label, Local counter, int bound, Expr cond, Expr update,
      Block body) implements Stmt {}

  /** {@code for (T v : iterable) body}; {@code useVar} writes {@code var}. */
  record ForEach(String label, Local v, boolean useVar, Expr iterable, Block body)
      implements Stmt {}

  /** A case: its constant labels (empty: {@code default}) and its statements. */
  record Case(List<String> labels, Block body) {
    Case {
      labels = List.copyOf(labels);
    }
  }

  /** A switch statement, old style (fall-through) or with arrows. */
  record Switch(Expr selector, boolean arrow, List<Case> cases) implements Stmt {
    Switch {
      cases = List.copyOf(cases);
    }
  }

  /** A resource: a new {@code Res v = init} or ({@code init == null}) an existing local. */
  record Resource(Local v, Expr init) {}

  record Catch(List<String> types, Local param, Block body) {
    Catch {
      types = List.copyOf(types);
    }
  }

  record Try(List<Resource> resources, Block body, List<Catch> catches, Block fin)
      implements Stmt {
    Try {
      resources = List.copyOf(resources);
      catches = List.copyOf(catches);
    }
  }

  /** {@code throw e;} where e is a construction or a catch parameter. */
  record Throw(Expr e) implements Stmt {}

  /** {@code return e;} ({@code e == null} in void methods). */
  record Return(Expr e) implements Stmt {}

  /** {@code break [label];} or {@code continue [label];}. */
  record Jump(boolean isBreak, String label) implements Stmt {}

  /** A block, labelled when {@code label != null}. */
  record Block(String label, List<Stmt> stmts) implements Stmt {
    Block {
      stmts = List.copyOf(stmts);
    }

    static Block of(List<Stmt> stmts) {
      return new Block(null, stmts);
    }

    static final Block EMPTY = new Block(null, List.of());
  }

  static int size(Stmt s) {
    if (s == null) return 0;
    if (s instanceof Decl d) return 1 + size(d.init());
    if (s instanceof Do d) return 1 + size(d.e());
    if (s instanceof If i) return 1 + size(i.c()) + size(i.then()) + size(i.otherwise());
    if (s instanceof PatternIf i) {
      return 1 + size(i.obj()) + size(i.then()) + size(i.otherwise());
    }
    if (s instanceof Loop l) {
      return 1 + (l.cond() == null ? 0 : size(l.cond()))
          + (l.update() == null ? 0 : size(l.update())) + size(l.body());
    }
    if (s instanceof ForEach f) return 1 + size(f.iterable()) + size(f.body());
    if (s instanceof Switch w) {
      int n = 1 + size(w.selector());
      for (Case c : w.cases()) n += size(c.body());
      return n;
    }
    if (s instanceof Try t) {
      int n = 1 + size(t.body()) + size(t.fin());
      for (Resource r : t.resources()) n += 1 + (r.init() == null ? 0 : size(r.init()));
      for (Catch c : t.catches()) n += 1 + size(c.body());
      return n;
    }
    if (s instanceof Throw t) return 1 + size(t.e());
    if (s instanceof Return r) return 1 + (r.e() == null ? 0 : size(r.e()));
    if (s instanceof Jump) return 1;
    if (s instanceof Block b) {
      int n = 0;
      for (Stmt x : b.stmts()) n += size(x);
      return n;
    }
    throw new AssertionError(s);
  }

  // ---------------------------------------------------------------- methods and classes

  /**
   * An @Async method. A test method {@code mN(int p)}; a helper {@code hN(int d, T x)} (static
   * helpers take {@code Env env} first) that starts with {@code if (d <= 0) return base;} so that
   * its recursion, always with {@code d - 1}, ends.
   */
  record Method(String name, Ty ret, boolean isStatic, boolean helper, List<Local> params,
      Expr base, Block body) {
    Method {
      params = List.copyOf(params);
    }

    Method withBody(Block b) {
      return new Method(name, ret, isStatic, helper, params, base, b);
    }

    Method withBase(Expr e) {
      return new Method(name, ret, isStatic, helper, params, e, body);
    }

    Method renamed(String n) {
      return new Method(n, ret, isStatic, helper, params, base, body);
    }

    /** The parameter after {@code d} of a helper. */
    Local helperParam() {
      return params.get(params.size() - 1);
    }

    int size() {
      return Ast.size(body) + (base == null ? 0 : Ast.size(base));
    }
  }

  /** What the test runs: a method and the argument of its {@code p}. */
  record Program(List<Method> helpers, Method method, int p) {
    Program {
      helpers = List.copyOf(helpers);
    }

    Program withMethod(Method m) {
      return new Program(helpers, m, p);
    }

    Program withHelper(int i, Method h) {
      List<Method> hs = new ArrayList<>(helpers);
      hs.set(i, h);
      return new Program(hs, method, p);
    }

    int size() {
      int n = method.size();
      for (Method h : helpers) n += h.size();
      return n;
    }
  }

  static String describe(Object o) {
    return Objects.toString(o);
  }
}
