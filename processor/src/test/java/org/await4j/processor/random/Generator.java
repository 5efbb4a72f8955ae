package org.await4j.processor.random;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
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
import org.await4j.processor.random.Ast.Field;
import org.await4j.processor.random.Ast.ForEach;
import org.await4j.processor.random.Ast.If;
import org.await4j.processor.random.Ast.Jump;
import org.await4j.processor.random.Ast.Lit;
import org.await4j.processor.random.Ast.Local;
import org.await4j.processor.random.Ast.Loop;
import org.await4j.processor.random.Ast.LoopKind;
import org.await4j.processor.random.Ast.Method;
import org.await4j.processor.random.Ast.Program;
import org.await4j.processor.random.Ast.Ref;
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
 * Builds random @Async methods from the forms the processor supports, with suspension points
 * anywhere an expression may stand. Every method is valid Java by construction (all locals are
 * initialized where declared, {@link Flow} drops unreachable statements and the renderer adds a
 * final return), terminates (loops are bounded by read-only counters, helper recursion by a
 * depth parameter that always decreases) and is deterministic.
 */
final class Generator {
  private final SplittableRandom rnd;

  // the class being generated
  private final List<Method> helpers = new ArrayList<>();
  private int events;

  // the method being generated
  private Method current;
  boolean isStatic;
  private boolean inHelper;
  private int helperIndex;
  private Ty ret;
  private final List<Local> scope = new ArrayList<>();
  private final List<String> deadNames = new ArrayList<>();
  private final Deque<JumpTarget> targets = new ArrayDeque<>();
  private int names;
  private int labels;
  private int loopNest;
  private int budget;
  private int helperCalls;
  boolean inLambda;
  /** How many enclosing try blocks have catch clauses. */
  private int catching;
  /** Inside the arms of a switch expression: no return, no jump out. */
  private int switchExpressions;
  /**
   * javac 17 crashes (NullPointerException in Gen.doHandleSwitchExpression, or in Code) on a
   * switch expression with a try statement in an arm while a long is on the operand stack
   * ({@code 3L + switch (..) { case 1 -> { try {..} catch (..) {..} yield 1; } ..}}, and long
   * compound assignments): arms may hold try statements only when the switch expression is the
   * whole initializer, return value, assigned value or logged value ({@code top}), and nothing
   * inside a switch expression that is not may hold one either.
   */
  private boolean topExpr;
  private boolean noTry;

  /** An expression at a position where the operand stack holds no long. */
  private Expr topExpr(Ty ty, int depth) {
    topExpr = true;
    return expr(ty, depth);
  }

  /** Whether this method may use instanceof patterns, switch expressions. */
  private boolean patterns;
  private boolean switchExprs;
  private boolean noAsyncCalls;

  private record JumpTarget(boolean loop, String label) {}

  /**
   * Forms not to generate, to look for other bugs while known ones are open (system property
   * {@code random.avoid}, comma-separated): {@code var} (no {@code var} locals),
   * {@code existingResource} (no {@code try (r)} on a local declared before), {@code lambda},
   * {@code asyncCall} (no calls of @Async helpers), {@code failing} (no failing awaits),
   * {@code switch}, {@code try}, {@code resources}, {@code loops}, {@code pattern},
   * {@code switchExpression}, {@code bareFieldArm} (no {@code case 1 -> f} with a bare field),
   * and the families of issue 9: {@code boxed} (boxed locals and fields), {@code nullBox}
   * (boxes that are null: {@code (Integer) null}, fields that start null), {@code narrow} (byte and short, compound assignments that narrow),
   * {@code char}, {@code floating} (double and float), {@code generics} (generic @Async methods
   * and classes with bounds, wildcards, explicit type arguments, a type variable only in the
   * result), {@code varargs} (varargs @Async methods called with 0, 1, many arguments and an
   * array), {@code matrix} (multi-dimensional arrays, nested array initializers), {@code inner}
   * (inner-class creation), {@code innerQualified} ({@code this.new Inner(..)}), {@code anonymous} (anonymous classes with
   * constructor arguments), {@code methodRef} (method references and lambdas as values),
   * {@code checked} (checked exceptions thrown, caught and declared).
   */
  static final Set<String> AVOID = Set.of(System.getProperty("random.avoid", "").split(","));

  private final Set<String> avoid;

  /** Whether the generator may write the forms of {@code family} (see {@link #AVOID}). */
  boolean on(String family) {
    return !avoid.contains(family);
  }

  Generator(long seed) {
    this(seed, AVOID);
  }

  Generator(long seed, Set<String> avoid) {
    this.rnd = new SplittableRandom(seed);
    this.avoid = avoid;
  }

  // ---------------------------------------------------------------- classes

  /** Helpers, then {@code count} test programs that share them. */
  List<Program> programs(int count) {

    int nHelpers = 1 + rnd.nextInt(4);
    for (int i = 0; i < nHelpers; i++) {
      helpers.add(helper(i));
    }
    List<Program> programs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      programs.add(new Program(helpers, testMethod("m" + i), rnd.nextInt(5)));
    }
    return programs;
  }

  private static final Ty[] RETURNS = {Ty.INT, Ty.INT, Ty.STRING, Ty.STRING, Ty.LONG, Ty.BOOL,
      Ty.VOID};

  private Method testMethod(String name) {
    Ty r = chance(15) ? newValueType() : RETURNS[rnd.nextInt(RETURNS.length)];
    Local p = new Local("p", Ty.INT, false, false);
    startMethod(new Method(name, r, false, false, List.of(p), null, Block.EMPTY), false, -1);
    budget = 12 + rnd.nextInt(30);
    Block body = block(4, 4, 10);
    return finish(current.withBody(body));
  }

  private Method helper(int index) {
    Ty r = chance(15) ? newValueType()
        : new Ty[] {Ty.INT, Ty.STRING, Ty.LONG, Ty.BOOL, Ty.VOID}[rnd.nextInt(5)];
    boolean st = rnd.nextInt(4) == 0;
    Ty paramTy = chance(15) ? newValueType()
        : new Ty[] {Ty.INT, Ty.STRING, Ty.LONG, Ty.BOOL}[rnd.nextInt(4)];
    Local d = new Local("d", Ty.INT, true, false);
    Local x = new Local("x", paramTy, false, false);
    String name = "h" + index;
    startMethod(new Method(name, r, st, true, List.of(d, x), null, Block.EMPTY), true, index);
    Expr base = null;
    if (r != Ty.VOID) {
      noAsyncCalls = true;
      base = expr(r, 2);
      noAsyncCalls = false;
    }
    budget = 4 + rnd.nextInt(12);
    Block body = block(3, 2, 5);
    return finish(current.withBase(base).withBody(body));
  }

  private void startMethod(Method m, boolean helper, int index) {
    current = m;
    isStatic = m.isStatic();
    inHelper = helper;
    helperIndex = index;
    ret = m.ret();
    scope.clear();
    scope.addAll(m.params());
    deadNames.clear();
    targets.clear();
    names = 0;
    labels = 0;
    loopNest = 0;
    helperCalls = 0;
    inLambda = false;
    noAsyncCalls = false;
    catching = 0;
    switchExpressions = 0;
    topExpr = false;
    noTry = false;
    patterns = !avoid.contains("pattern");
    switchExprs = !avoid.contains("switchExpression");
  }

  private static Method finish(Method m) {
    return Flow.normalize(m).method();
  }

  // ---------------------------------------------------------------- randomness

  boolean chance(int percent) {
    return rnd.nextInt(100) < percent;
  }

  <T> T pick(List<T> items) {
    return items.get(rnd.nextInt(items.size()));
  }

  /** Index of a weighted choice; zero weights are never chosen. */
  private int weighted(int... weights) {
    int total = 0;
    for (int w : weights) total += w;
    int r = rnd.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    throw new AssertionError();
  }

  // ---------------------------------------------------------------- scopes

  private int enter() {
    return scope.size();
  }

  private void exit(int mark) {
    while (scope.size() > mark) {
      deadNames.add(scope.remove(scope.size() - 1).name);
    }
  }

  private boolean visibleName(String n) {
    for (Local l : scope) {
      if (l.name.equals(n)) return true;
    }
    return false;
  }

  /** A fresh name, or now and then the name of a local whose scope has ended. */
  private String name(String prefix, boolean mayReuse) {
    if (mayReuse && !deadNames.isEmpty() && chance(25)) {
      String n = pick(deadNames);
      if (!visibleName(n)) {
        deadNames.remove(n);
        return n;
      }
    }
    return prefix + (++names);
  }

  private String label() {
    return "L" + (++labels);
  }

  String event() {
    return "e" + (++events);
  }

  List<Local> locals(Ty ty, boolean writable) {
    List<Local> r = new ArrayList<>();
    for (Local l : scope) {
      if (l.ty != ty) continue;
      if (writable && l.readonly) continue;
      if (inLambda && !l.capturable) continue; // lambdas capture effectively final locals only
      r.add(l);
    }
    return r;
  }

  // ---------------------------------------------------------------- expressions

  private static Lit lit(Ty ty, String text) {
    return new Lit(ty, text);
  }

  private Expr literal(Ty ty) {
    switch (ty) {
      case INT: {
        int k = weighted(10, 3, 1, 1);
        if (k == 0) return lit(ty, Integer.toString(rnd.nextInt(10)));
        if (k == 1) return lit(ty, Integer.toString(-1 - rnd.nextInt(5)));
        if (k == 2) return lit(ty, Integer.toString(100 + rnd.nextInt(1000)));
        return lit(ty, pick(List.of("2147483647", "-2147483648", "65536")));
      }
      case LONG: {
        int k = weighted(8, 2, 1);
        if (k == 0) return lit(ty, rnd.nextInt(10) + "L");
        if (k == 1) return lit(ty, "-" + (1 + rnd.nextInt(5)) + "L");
        return lit(ty, "9000000000L");
      }
      case STRING:
        return lit(ty, "\"" + pick(List.of("a", "b", "k0", "k1", "xy", "", "z")) + "\"");
      case BOOL:
        return lit(ty, rnd.nextBoolean() ? "true" : "false");
      case CHAR:
        return lit(ty, pick(List.of("'a'", "'k'", "'0'", "'Z'", "'\\uffff'")));
      case BYTE:
        return lit(ty, pick(List.of("(byte) 3", "(byte) 0", "(byte) 127", "(byte) -128")));
      case SHORT:
        return lit(ty, pick(List.of("(short) 7", "(short) 300", "(short) 32767")));
      case DOUBLE:
        return lit(ty, pick(List.of("0.5", "2.0", "-1.5", "0.1", "1e300", "3.0")));
      case FLOAT:
        return lit(ty, pick(List.of("0.5f", "2.0f", "-1.25f", "0.1f", "3e38f")));
      default:
        throw new AssertionError(ty);
    }
  }

  /** {@code (Integer) null} and the like: a box that unboxes to a NullPointerException. */
  private Expr nullBox(Ty ty) {
    return new Call("(" + ty.boxed + ") null", ty, Ast.BOXED | Ast.CAST, List.of());
  }

  private static boolean boxable(Ty ty) {
    return ty == Ty.INT || ty == Ty.LONG || ty == Ty.BOOL || ty == Ty.DOUBLE || ty == Ty.CHAR;
  }

  private Expr field(Ty ty) {
    List<Field> fs = new ArrayList<>();
    boolean q = rnd.nextBoolean();
    switch (ty) {
      case INT:
        if (!isStatic) {
          fs.add(new Field("f", ty, false, q));
          fs.add(new Field("g", ty, false, q));
        }
        fs.add(new Field("sf", ty, true, q));
        break;
      case LONG:
        if (!isStatic) fs.add(new Field("lf", ty, false, q));
        fs.add(new Field("slf", ty, true, q));
        break;
      case STRING:
        if (!isStatic) fs.add(new Field("str", ty, false, q));
        fs.add(new Field("sstr", ty, true, q));
        break;
      case BOOL:
        if (!isStatic) fs.add(new Field("flag", ty, false, q));
        break;
      case CHAR:
        if (!isStatic) fs.add(new Field("cf", ty, false, q));
        break;
      case BYTE:
        if (!isStatic) fs.add(new Field("bf", ty, false, q));
        break;
      case SHORT:
        if (!isStatic) fs.add(new Field("shf", ty, false, q));
        break;
      case DOUBLE:
        if (!isStatic) fs.add(new Field("df", ty, false, q));
        fs.add(new Field("sdf", ty, true, q));
        break;
      case FLOAT:
        if (!isStatic) fs.add(new Field("ff", ty, false, q));
        break;
      default:
        break;
    }
    if (!isStatic && chance(20)) {
      // the boxed fields: boxI and boxZ start null, boxD is 4.0
      String box = ty == Ty.INT && on("nullBox") ? "boxI" : ty == Ty.BOOL && on("nullBox") ? "boxZ"
          : ty == Ty.DOUBLE && on("boxed") ? "boxD" : null;
      if (box != null) {
        return new Field(box, ty, false, q);
      }
    }
    return fs.isEmpty() ? null : pick(fs);
  }

  private Expr element(int depth) {
    boolean st = isStatic || rnd.nextBoolean();
    Expr index;
    boolean mask = true;
    if (chance(catching > 0 ? 4 : 1)) {
      index = lit(Ty.INT, pick(List.of("4", "-1", "7")));
      mask = false; // out of bounds: ArrayIndexOutOfBoundsException, after or before the rhs
    } else if (depth <= 0 || chance(40)) {
      index = literal(Ty.INT);
    } else {
      index = expr(Ty.INT, depth - 1);
    }
    return new Elem(st ? "sarr" : "arr", st, rnd.nextBoolean(), index, mask);
  }

  private Expr leaf(Ty ty) {
    List<Local> ls = locals(ty, false);
    int k = weighted(4, ls.isEmpty() ? 0 : 6, ty.isValue() && ty != Ty.BOOL ? 2 : 1,
        ty == Ty.INT ? 2 : 0);
    if (k == 1) return new Ref(pick(ls));
    if (k == 2) {
      Expr f = field(ty);
      if (f != null) return f;
    }
    if (k == 3) return element(0);
    if (on("nullBox") && boxable(ty) && chance(3)) return nullBox(ty);
    return literal(ty);
  }

  boolean maySuspend() {
    return !inLambda;
  }

  /** An expression of type {@code ty}. */
  Expr expr(Ty ty, int depth) {
    boolean top = topExpr;
    topExpr = false;
    if (depth <= 0 || chance(25)) {
      return leaf(ty);
    }
    boolean susp = maySuspend();
    boolean async = susp && !noAsyncCalls && asyncCallsAllowed() && !avoid.contains("asyncCall");
    int k = weighted(
        susp ? 10 : 0,              // 0 await
        async ? 3 : 0,              // 1 helper call
        8,                          // 2 library call
        ty == Ty.BOOL ? 10 : 7,     // 3 binary
        2,                          // 4 unary
        3,                          // 5 conditional
        ty.isValue() ? 3 : 0,       // 6 assignment as an expression
        ty.isNumeric() ? 2 : 0,     // 7 ++ / --
        inLambda || (ty != Ty.INT && ty != Ty.STRING) || avoid.contains("lambda") ? 0 : 1, // 8
        ty == Ty.INT ? 2 : 0,       // 9 array element
        inLambda || !switchExprs || switchExpressions > 1 ? 0 : 2, // 10
        3);                         // 11 a form of issue 9's families
    Expr e = null;
    switch (k) {
      case 0: e = await(ty, depth); break;
      case 1: e = asyncCall(ty, depth); break;
      case 2: e = library(ty, depth); break;
      case 3: e = binary(ty, depth); break;
      case 4: e = unary(ty, depth); break;
      case 5: e = new Cond(ty, expr(Ty.BOOL, depth - 1), expr(ty, depth - 1), expr(ty, depth - 1));
        break;
      case 6: e = assignment(ty, depth, false); break;
      case 7: e = step(ty); break;
      case 8: e = lambda(ty, depth); break;
      case 9: e = element(depth - 1); break;
      case 10: e = switchExpression(ty, depth, top); break;
      case 11: e = Forms.pick(this, ty, depth); break;
      default: throw new AssertionError(k);
    }
    return e != null ? e : leaf(ty);
  }

  /** An {@code Object}: a boxed value, for instanceof patterns. */
  private Expr object(int depth) {
    Ty ty = valueType();
    int k = weighted(4, maySuspend() ? 2 : 0, 1);
    if (k == 1) {
      return new Call("await(env.task((Object) %o))", Ty.OBJ, Ast.SUSPENDS | Ast.STMT,
          List.of(expr(ty, depth - 1)));
    }
    if (k == 2 && depth > 0) {
      return new Cond(Ty.OBJ, expr(Ty.BOOL, depth - 1), object(depth - 1), object(depth - 1));
    }
    if (ty == Ty.BOOL) {
      // javac 17 crashes (AssertionError in Flow.AssignAnalyzer.newVar) on
      // `((Object) (a ? b : c)) instanceof Boolean x` with a local declared in the then block
      return new Call("(Object) Boolean.valueOf(%s)", Ty.OBJ, Ast.CAST, List.of(expr(ty, depth - 1)));
    }
    return new Call("(Object) %o", Ty.OBJ, Ast.CAST, List.of(expr(ty, depth - 1)));
  }

  private static final List<String> PATTERN_TYPES = List.of("String", "Integer", "Long",
      "Boolean");

  private static Ty patternType(String type) {
    switch (type) {
      case "String": return Ty.STRING;
      case "Integer": return Ty.INT;
      case "Long": return Ty.LONG;
      default: return Ty.BOOL;
    }
  }

  private Local binding(String type) {
    Ty ty = patternType(type);
    return new Local(name("b", false), ty, true, ty != Ty.STRING, true);
  }

  /** {@code obj instanceof T b && rhs}, with b used (maybe after a suspension) in rhs. */
  private Expr pattern(int depth) {
    String type = pick(PATTERN_TYPES);
    Expr obj = object(depth - 1);
    Local b = binding(type);
    scope.add(b);
    Expr rhs = expr(Ty.BOOL, depth - 1);
    scope.remove(b);
    return new Ast.Pattern(obj, type, b, rhs);
  }

  /** A switch expression; its arms may hold statements, but no jump or return out of it. */
  private Expr switchExpression(Ty ty, int depth, boolean top) {
    boolean wasNoTry = noTry;
    noTry |= !top;
    try {
      return switchExpressionArms(ty, depth);
    } finally {
      noTry = wasNoTry;
    }
  }

  private Expr switchExpressionArms(Ty ty, int depth) {
    boolean arrow = chance(60);
    boolean strings = chance(35);
    List<String> pool;
    Expr selector;
    if (strings) {
      pool = new ArrayList<>(List.of("\"k0\"", "\"k1\"", "\"k2\"", "\"a\""));
      selector = chance(60) ? new Bin("+", Ty.STRING, lit(Ty.STRING, "\"k\""),
          new Bin("&", Ty.INT, expr(Ty.INT, depth - 1), lit(Ty.INT, "3")))
          : expr(Ty.STRING, depth - 1);
    } else {
      pool = new ArrayList<>(List.of("0", "1", "2", "3"));
      selector = new Bin("&", Ty.INT, expr(Ty.INT, depth - 1), lit(Ty.INT, "3"));
    }
    Deque<JumpTarget> saved = new ArrayDeque<>(targets);
    targets.clear();
    switchExpressions++;
    int n = 1 + rnd.nextInt(3);
    int defaultAt = rnd.nextInt(n + 1);
    List<Ast.Arm> arms = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      List<String> labels = new ArrayList<>();
      if (i != defaultAt) {
        int nl = chance(25) ? 2 : 1;
        for (int j = 0; j < nl && !pool.isEmpty(); j++) {
          labels.add(pool.remove(rnd.nextInt(pool.size())));
        }
        if (labels.isEmpty()) continue;
      }
      java.util.Set<String> deadBefore = new java.util.HashSet<>(deadNames);
      Block body = chance(45) && depth > 1 ? nested(1, 2) : Block.EMPTY;
      List<Stmt> stmts = new ArrayList<>(body.stmts());
      if (!arrow && stmts.stream().anyMatch(Generator::declaresAfter)) {
        stmts = new ArrayList<>(List.of(Block.of(stmts)));
      }
      // the arm's own locals are still in scope where it yields: not to be declared again in
      // the value (a switch expression there with a local of the same name)
      List<String> armLocals = new ArrayList<>(deadNames);
      armLocals.removeAll(deadBefore);
      deadNames.removeAll(armLocals);
      // old-style groups may fall through into the next one
      Expr value = !arrow && i < n && chance(20) ? null : armValue(ty, depth - 1);
      deadNames.addAll(armLocals);
      arms.add(new Ast.Arm(labels, Block.of(stmts), value));
    }
    // the last arm yields, so that the switch has a result even if all others throw
    Ast.Arm last = arms.get(arms.size() - 1);
    arms.set(arms.size() - 1, new Ast.Arm(last.labels(), Block.EMPTY,
        last.value() != null ? last.value() : armValue(ty, depth - 1)));
    switchExpressions--;
    targets.addAll(saved);
    return new Ast.SwitchExpr(ty, selector, arrow, arms);
  }

  private Expr armValue(Ty ty, int depth) {
    Expr e = expr(ty, depth);
    if (avoid.contains("bareFieldArm") && e instanceof Field f && !f.qualified()) {
      return new Field(f.name(), f.ty(), f.isStatic(), true);
    }
    return e;
  }

  private Expr await(Ty ty, int depth) {
    // failures mostly where a catch may handle them, so that programs run on
    int k = catching > 0 ? weighted(12, 6, 3) : weighted(24, 12, 1);
    if (k == 2 && avoid.contains("failing")) {
      k = 0;
    }
    if (k == 2) {
      String exc = pick(List.of("IllegalStateException", "IllegalStateException",
          "IllegalArgumentException", "ArithmeticException", "Exception",
          on("checked") ? "IOException" : "Exception"));
      Expr msg = chance(70) ? lit(Ty.STRING, "\"" + event() + "\"") : expr(Ty.STRING, depth - 1);
      return new Call("await(env.<" + ty.boxed + ">failing(new " + exc + "(%s)))", ty,
          Ast.SUSPENDS | Ast.BOXED | Ast.STMT, List.of(msg));
    }
    String fmt = k == 0 ? "await(env.task(%s))" : "await(env.stage(%s))";
    return new Call(fmt, ty, Ast.SUSPENDS | Ast.BOXED | Ast.STMT, List.of(expr(ty, depth - 1)));
  }

  private boolean asyncCallsAllowed() {
    if (inHelper) {
      return helperCalls < 2 && loopNest == 0;
    }
    return helperCalls < 6;
  }

  /** A call of a helper: a suspension point. In helpers always with depth {@code d - 1}. */
  private Expr asyncCall(Ty ty, int depth) {
    List<Method> callable = new ArrayList<>();
    List<Method> candidates = new ArrayList<>(helpers);
    if (inHelper) {
      candidates.add(current); // recursion
    }
    for (Method h : candidates) {
      if (h.ret() != ty) continue;
      if (isStatic && !h.isStatic()) continue;
      callable.add(h);
    }
    if (callable.isEmpty()) return null;
    Method h = pick(callable);
    helperCalls++;
    String d = inHelper ? "d - 1" : Integer.toString(rnd.nextInt(3));
    String fmt;
    int flags = Ast.ASYNC | Ast.STMT;
    if (h.isStatic()) {
      fmt = (chance(50) ? "#C." : "") + h.name() + "(env, " + d + ", %s)";
    } else {
      fmt = (chance(30) ? "this." : "") + h.name() + "(" + d + ", %s)";
      flags |= Ast.INSTANCE;
    }
    return new Call(fmt, ty, flags, List.of(expr(h.helperParam().ty, depth - 1)));
  }

  private Expr library(Ty ty, int depth) {
    int d = depth - 1;
    switch (ty) {
      case INT: {
        List<Local> excs = locals(Ty.EXC, false);
        int k = weighted(2, 3, isStatic ? 0 : 3, 2, 2, 1, 2, excs.isEmpty() ? 0 : 1,
            isStatic ? 0 : 1, 1);
        switch (k) {
          case 0: return new Call("env.log(\"" + event() + "\", %s)", ty,
              Ast.BOXED | Ast.STMT, List.of(expr(ty, d)));
          case 1: return new Call("mix(%s, %s, %s)", ty, Ast.STMT,
              List.of(expr(ty, d), expr(ty, d), expr(ty, d)));
          case 2: return new Call((chance(50) ? "this." : "") + "sum(%s, %s)", ty,
              Ast.STMT | Ast.INSTANCE, List.of(expr(ty, d), expr(ty, d)));
          case 3: return new Call("Math.max(%s, %s)", ty, Ast.STMT,
              List.of(expr(ty, d), expr(ty, d)));
          case 4: return new Call("%o.length()", ty, Ast.STMT, List.of(expr(Ty.STRING, d)));
          case 5: return new Call("(int) (long) %o", ty, Ast.CAST, List.of(expr(Ty.LONG, d)));
          case 6: return new Call("Integer.compare(%s, %s)", ty, Ast.STMT,
              List.of(expr(ty, d), expr(ty, d)));
          case 7: return new Call("%o.getSuppressed().length", ty, 0,
              List.of(new Ref(pick(excs))));
          case 8: return new Call("items.size()", ty, Ast.STMT | Ast.INSTANCE, List.of());
          default: return new Call("Math.floorMod(%s, 7)", ty, Ast.STMT, List.of(expr(ty, d)));
        }
      }
      case LONG: {
        int k = weighted(2, 3, 2, 1);
        switch (k) {
          case 0: return new Call("env.log(\"" + event() + "\", %s)", ty,
              Ast.BOXED | Ast.STMT, List.of(expr(ty, d)));
          case 1: return new Call("(long) %o", ty, Ast.CAST, List.of(expr(Ty.INT, d)));
          case 2: return new Call("Math.max(%s, %s)", ty, Ast.STMT,
              List.of(expr(ty, d), expr(ty, d)));
          default: return new Call("Long.rotateLeft(%s, %s)", ty, Ast.STMT,
              List.of(expr(ty, d), expr(Ty.INT, d)));
        }
      }
      case STRING: {
        List<Local> excs = locals(Ty.EXC, false);
        List<Local> res = locals(Ty.RES, false);
        int k = weighted(2, 3, 2, 2, 1, excs.isEmpty() ? 0 : 3, res.isEmpty() ? 0 : 3);
        switch (k) {
          case 0: return new Call("env.log(\"" + event() + "\", %s)", ty,
              Ast.BOXED | Ast.STMT, List.of(expr(ty, d)));
          case 1: {
            Ty t = new Ty[] {Ty.INT, Ty.LONG, Ty.BOOL}[rnd.nextInt(3)];
            String fmt = t == Ty.INT ? "Integer.toString(%s)"
                : t == Ty.LONG ? "Long.toString(%s)" : "Boolean.toString(%s)";
            return new Call(fmt, ty, Ast.STMT, List.of(expr(t, d)));
          }
          case 2: return new Call("String.join(\"-\", %s, %s, %s)", ty, Ast.STMT,
              List.of(expr(ty, d), expr(ty, d), expr(ty, d)));
          case 3: return new Call("tag(%s, %s, %s)", ty, Ast.STMT,
              List.of(expr(ty, d), expr(Ty.INT, d), expr(Ty.BOOL, d)));
          case 4: return new Call("%o.toUpperCase()", ty, Ast.STMT, List.of(expr(ty, d)));
          case 5: return new Call("msg(%s)", ty, Ast.STMT, List.of(new Ref(pick(excs))));
          default: return new Call("%o.use()", ty, Ast.STMT, List.of(new Ref(pick(res))));
        }
      }
      case BOOL: {
        int k = weighted(2, 2, 2, 1, isStatic ? 0 : 1, isStatic || inLambda ? 0 : 1);
        switch (k) {
          case 0: return new Call("env.log(\"" + event() + "\", %s)", ty,
              Ast.BOXED | Ast.STMT, List.of(expr(ty, d)));
          case 1: return new Call("%o.isEmpty()", ty, Ast.STMT, List.of(expr(Ty.STRING, d)));
          case 2: return new Call("%o.equals(%s)", ty, Ast.STMT,
              List.of(expr(Ty.STRING, d), expr(Ty.STRING, d)));
          case 3: return new Call("%o.startsWith(%s)", ty, Ast.STMT,
              List.of(expr(Ty.STRING, d), expr(Ty.STRING, d)));
          case 4: return new Call("items.contains(%s)", ty, Ast.STMT | Ast.INSTANCE,
              List.of(expr(Ty.INT, d)));
          default: return new Call("items.add(%s)", ty, Ast.STMT | Ast.INSTANCE,
              List.of(expr(Ty.INT, d)));
        }
      }
      case CHAR: {
        int k = weighted(2, 2, 2, 2, 1);
        switch (k) {
          case 0: return new Call("env.log(\"" + event() + "\", %s)", ty,
              Ast.BOXED | Ast.STMT, List.of(expr(ty, d)));
          case 1: return new Call("(%s + \"x\").charAt(0)", ty, Ast.STMT,
              List.of(expr(Ty.STRING, d)));
          case 2: return new Call("(char) (%o + 1)", ty, Ast.CAST, List.of(expr(ty, d)));
          case 3: return new Call("Character.toUpperCase(%s)", ty, Ast.STMT,
              List.of(expr(ty, d)));
          // a cast may unbox and widen, not unbox and narrow: (char) (int) await(...)
          default: return new Call("(char) (int) %o", ty, Ast.CAST, List.of(expr(Ty.INT, d)));
        }
      }
      case BYTE: case SHORT: {
        int k = weighted(2, 3, 1);
        switch (k) {
          case 0: return new Call("env.log(\"" + event() + "\", %s)", ty,
              Ast.BOXED | Ast.STMT, List.of(expr(ty, d)));
          case 1: {
            Ty from = chance(75) ? Ty.INT : Ty.LONG;
            return new Call("(" + ty.java + ") (" + from.java + ") %o", ty, Ast.CAST,
                List.of(expr(from, d)));
          }
          default: {
            Ty from = on("floating") ? Ty.DOUBLE : Ty.CHAR;
            return new Call("(" + ty.java + ") (" + from.java + ") %o", ty, Ast.CAST,
                List.of(expr(from, d)));
          }
        }
      }
      case DOUBLE: case FLOAT: {
        boolean dbl = ty == Ty.DOUBLE;
        int k = weighted(2, 2, 2, 2, 1);
        switch (k) {
          case 0: return new Call("env.log(\"" + event() + "\", %s)", ty,
              Ast.BOXED | Ast.STMT, List.of(expr(ty, d)));
          case 1: {
            Ty from = pick(List.of(Ty.INT, Ty.LONG, dbl ? Ty.FLOAT : Ty.DOUBLE));
            return new Call("(" + ty.java + ") (" + from.java + ") %o", ty, Ast.CAST,
                List.of(expr(from, d)));
          }
          case 2: return new Call("Math.max(%s, %s)", ty, Ast.STMT,
              List.of(expr(ty, d), expr(ty, d)));
          case 3: return new Call("Math.abs(%s)", ty, Ast.STMT, List.of(expr(ty, d)));
          default: return dbl ? new Call("Math.floor(%s)", ty, Ast.STMT, List.of(expr(ty, d)))
              : new Call("Float.sum(%s, %s)", ty, Ast.STMT, List.of(expr(ty, d), expr(ty, d)));
        }
      }
      default:
        throw new AssertionError(ty);
    }
  }

  /** An operand of int arithmetic: mostly an int, now and then a char, byte or short. */
  private Ty intOperand() {
    if (chance(80)) return Ty.INT;
    List<Ty> narrow = new ArrayList<>();
    if (on("char")) narrow.add(Ty.CHAR);
    if (on("narrow")) {
      narrow.add(Ty.BYTE);
      narrow.add(Ty.SHORT);
    }
    return narrow.isEmpty() ? Ty.INT : pick(narrow);
  }

  /** Any numeric type the families allow. */
  private Ty anyNumeric() {
    List<Ty> all = new ArrayList<>(List.of(Ty.INT, Ty.INT, Ty.LONG));
    if (on("char")) all.add(Ty.CHAR);
    if (on("narrow")) {
      all.add(Ty.BYTE);
      all.add(Ty.SHORT);
    }
    if (on("floating")) {
      all.add(Ty.DOUBLE);
      all.add(Ty.FLOAT);
    }
    return pick(all);
  }

  private Expr binary(Ty ty, int depth) {
    int d = depth - 1;
    switch (ty) {
      case INT: {
        String op = pick(List.of("+", "-", "*", "+", "&", "|", "^", "<<", ">>", ">>>", "/", "%"));
        Expr l = expr(intOperand(), d);
        Expr r;
        if (op.equals("/") || op.equals("%")) {
          // usually a nonzero constant; now and then anything: ArithmeticException
          r = chance(80) ? lit(Ty.INT, Integer.toString(1 + rnd.nextInt(5)))
              : expr(intOperand(), d);
        } else if (op.startsWith("<") || op.startsWith(">")) {
          r = expr(chance(80) ? intOperand() : Ty.LONG, d);
        } else {
          r = expr(intOperand(), d);
        }
        return new Bin(op, ty, l, r);
      }
      case LONG: {
        String op = pick(List.of("+", "-", "*", "^", "<<"));
        boolean leftLong = op.equals("<<") || rnd.nextBoolean();
        Expr l = expr(leftLong ? Ty.LONG : intOperand(), d);
        Expr r = expr(leftLong && rnd.nextBoolean() ? intOperand() : Ty.LONG, d);
        return new Bin(op, ty, l, r);
      }
      case DOUBLE: case FLOAT: {
        // one operand of the type itself, so that the result has it; the other any numeric
        // (a float with a double would be a double)
        String op = pick(List.of("+", "-", "*", "/", "%", "+"));
        Ty other = anyNumeric();
        if (ty == Ty.FLOAT && other == Ty.DOUBLE) other = Ty.FLOAT;
        Expr own = expr(ty, d);
        Expr any = expr(other, d);
        return rnd.nextBoolean() ? new Bin(op, ty, own, any) : new Bin(op, ty, any, own);
      }
      case STRING: {
        Ty other = chance(20) ? anyNumeric()
            : new Ty[] {Ty.INT, Ty.LONG, Ty.BOOL, Ty.STRING, Ty.STRING}[rnd.nextInt(5)];
        return rnd.nextBoolean() ? new Bin("+", ty, expr(ty, d), expr(other, d))
            : new Bin("+", ty, expr(other, d), expr(ty, d));
      }
      case BOOL: {
        int k = weighted(4, 4, 2, inLambda || !patterns ? 0 : 1);
        if (k == 3) {
          return pattern(depth);
        }
        if (k == 0) {
          return new Bin(pick(List.of("&&", "||", "&&", "||", "&", "|", "^", "==", "!=")), ty,
              expr(Ty.BOOL, d), expr(Ty.BOOL, d));
        }
        Ty t = k == 1 ? (chance(70) ? Ty.INT : anyNumeric()) : Ty.LONG;
        return new Bin(pick(List.of("<", "<=", ">", ">=", "==", "!=")), ty, expr(t, d),
            expr(rnd.nextBoolean() ? t : intOperand(), d));
      }
      case CHAR: case BYTE: case SHORT:
        return null; // their arithmetic is int arithmetic: see the casts of library()
      default:
        throw new AssertionError(ty);
    }
  }

  private Expr unary(Ty ty, int depth) {
    switch (ty) {
      case INT: case LONG: return new Un(rnd.nextBoolean() ? "-" : "~", ty, expr(ty, depth - 1));
      case DOUBLE: case FLOAT: return new Un("-", ty, expr(ty, depth - 1));
      case BOOL: return new Un("!", ty, expr(ty, depth - 1));
      default: return null;
    }
  }

  /** Something that can be assigned: a local, a field, an array element. */
  private Expr target(Ty ty, int depth) {
    if (inLambda) {
      // a lambda may write fields, not locals
      return ty == Ty.INT && chance(40) ? element(depth - 1) : field(ty);
    }
    List<Local> ls = locals(ty, true);
    int k = weighted(ls.isEmpty() ? 0 : 6, 3, ty == Ty.INT ? 3 : 0);
    if (k == 0) return new Ref(pick(ls));
    if (k == 2) return element(depth - 1);
    return field(ty);
  }

  private static final List<String> INT_OPS = List.of("=", "=", "+=", "-=", "*=", "^=", "<<=",
      "|=", "&=", ">>=");

  private Expr assignment(Ty ty, int depth, boolean statement) {
    Expr t = target(ty, depth);
    if (t == null) return null;
    boolean boxedTarget = Ast.boxed(t);
    int d = depth - 1;
    switch (ty) {
      case INT: {
        String op = pick(INT_OPS);
        Ty rt = !op.equals("=") && !boxedTarget && chance(20) ? Ty.LONG : Ty.INT;
        if (!boxedTarget && chance(15)) {
          // i = c, i += 0.5: widening, and compound assignments that narrow
          rt = op.equals("=") ? intOperand()
              : List.of("+=", "-=", "*=").contains(op) ? anyNumeric() : rt;
        }
        // javac 17 crashes (NullPointerException in Gen.doHandleSwitchExpression) on
        // `i += switch (..) { case 1 -> { try {..} catch (..) {..} yield 0L; } ..}`
        boolean was = switchExprs;
        switchExprs &= rt == Ty.INT;
        Expr rhs = expr(rt, d);
        if (boxedTarget && !op.equals("=") && rt != Ty.INT) throw new AssertionError(rt);
        switchExprs = was;
        return new Assign(op, t, rhs);
      }
      case LONG: {
        String op = pick(List.of("=", "+=", "-=", "*=", "<<="));
        Ty rt = boxedTarget ? Ty.LONG : rnd.nextBoolean() ? Ty.LONG : Ty.INT;
        if (!boxedTarget && chance(15)) {
          rt = op.equals("=") || op.equals("<<=") ? intOperand() : anyNumeric();
        }
        boolean was = switchExprs;
        switchExprs &= op.equals("="); // the same javac 17 crash on long compound assignments
        Expr rhs = expr(rt, d);
        switchExprs = was;
        return new Assign(op, t, rhs);
      }
      case STRING: {
        if (chance(50)) return new Assign("=", t, expr(ty, d));
        Ty rt = new Ty[] {Ty.STRING, Ty.INT, Ty.BOOL, Ty.LONG}[rnd.nextInt(4)];
        return new Assign("+=", t, expr(rt, d));
      }
      case BOOL: {
        String op = pick(List.of("=", "&=", "|=", "^="));
        // javac 17 crashes (ArrayIndexOutOfBoundsException in Code.State.pop1, stashing a field
        // receiver) on `this.flag |= switch (..) {..}` used as a condition
        boolean was = switchExprs;
        switchExprs &= op.equals("=");
        Expr rhs = expr(ty, d);
        switchExprs = was;
        return new Assign(op, t, rhs);
      }
      case CHAR: case BYTE: case SHORT: case DOUBLE: case FLOAT:
        return narrowOrFloatingAssignment(ty, t, boxedTarget, d);
      default:
        return null;
    }
  }

  /**
   * An assignment to a char, byte, short, double or float: {@code =} takes the type itself (a
   * box takes nothing else), compound ones any numeric value and narrow it back ({@code b +=
   * 9000000000L}), except on boxes, where the result must box to the target's type.
   */
  private Expr narrowOrFloatingAssignment(Ty ty, Expr t, boolean boxedTarget, int d) {
    boolean floating = ty.isFloating();
    List<String> ops = new ArrayList<>(List.of("=", "=", "+=", "-=", "*="));
    if (floating) {
      ops.addAll(List.of("/=", "%="));
    } else if (!boxedTarget) {
      ops.addAll(List.of("&=", "|=", "^=", "<<=", ">>=", ">>>=", "/="));
    }
    if (boxedTarget && !floating) {
      // Byte b; b += 1 is (Byte) (b + 1): an int that does not box to Byte
      ops = List.of("=");
    }
    String op = pick(ops);
    Ty rt;
    if (op.equals("=")) {
      rt = ty == Ty.SHORT && !boxedTarget && chance(30) && on("narrow") ? Ty.BYTE
          : ty == Ty.DOUBLE && !boxedTarget && chance(40) ? anyNumeric() : ty;
    } else if (op.equals("/=")) {
      rt = floating ? anyNumeric() : Ty.INT;
    } else if (floating) {
      rt = anyNumeric();
    } else if (op.equals("+=") || op.equals("-=") || op.equals("*=")) {
      rt = chance(60) ? Ty.INT : anyNumeric();
    } else {
      rt = chance(50) ? Ty.INT : chance(50) ? Ty.LONG : intOperand();
    }
    if (ty == Ty.FLOAT && boxedTarget && rt == Ty.DOUBLE) {
      rt = Ty.FLOAT; // Float f; f += 0.5 would be (Float) (f + 0.5), a double
    }
    if (op.equals("/=") && !floating) {
      // a nonzero constant: the rest is tested by int division
      return new Assign(op, t, lit(Ty.INT, Integer.toString(1 + rnd.nextInt(5))));
    }
    // the javac 17 crash on switch expressions with a long on the operand stack: none in
    // compound assignments whose value takes two slots or converts
    boolean was = switchExprs;
    switchExprs &= op.equals("=") || (rt == ty && ty != Ty.DOUBLE);
    Expr rhs = expr(rt, d);
    switchExprs = was;
    return new Assign(op, t, rhs);
  }

  private Expr step(Ty ty) {
    Expr t = target(ty, 1);
    if (t == null) return null;
    return new Step(rnd.nextBoolean() ? "++" : "--", rnd.nextBoolean(), t);
  }

  /** A lambda around (not containing) suspensions: captures effectively final locals. */
  private Expr lambda(Ty ty, int depth) {
    boolean was = inLambda;
    inLambda = true;
    Expr body = expr(ty, depth - 1);
    inLambda = was;
    String fmt = ty == Ty.INT ? "((IntSupplier) () -> %s).getAsInt()"
        : "((Supplier<String>) () -> %s).get()";
    return new Call(fmt, ty, Ast.STMT | Ast.LAMBDA, List.of(body));
  }

  // ---------------------------------------------------------------- statements

  /** A block of up to {@code max} statements in its own scope. */
  private Block block(int depth, int max) {
    return block(depth, 1, max);
  }

  /**
   * A nested block, which may use at most half the remaining budget, so that the statements
   * after the enclosing one get their share (and a false condition does not hide everything).
   */
  private Block nested(int depth, int max) {
    int saved = budget;
    int allowance = Math.max(1, budget / 2);
    budget = allowance;
    Block b = block(depth, max);
    budget = saved - (allowance - budget);
    return b;
  }

  /** A block of {@code min} to {@code max} statements in its own scope. */
  private Block block(int depth, int min, int max) {
    int mark = enter();
    List<Stmt> out = new ArrayList<>();
    int n = min + rnd.nextInt(max - min + 1);
    for (int i = 0; i < n && budget > 0; i++) {
      budget--;
      List<Stmt> s = stmt(depth);
      Stmt last = s.isEmpty() ? null : s.get(s.size() - 1);
      boolean ends = last instanceof Return || last instanceof Throw || last instanceof Jump;
      if (ends && i < n - 1 && chance(inHelper ? 95 : 80)) {
        // leave early only now and then: put it under a condition
        s = new ArrayList<>(s);
        s.set(s.size() - 1, new If(condition(), Block.of(List.of(last)), null));
        ends = false;
      }
      out.addAll(s);
      if (ends) {
        break;
      }
    }
    exit(mark);
    return Block.of(out);
  }

  private boolean inLoop() {
    for (JumpTarget t : targets) {
      if (t.loop) return true;
    }
    return false;
  }

  private List<Stmt> stmt(int depth) {
    boolean nest = depth > 0;
    boolean loops = nest && loopNest < (inHelper ? 1 : 2);
    int k = weighted(
        16,                                   // 0 declaration
        14,                                   // 1 assignment
        4,                                    // 2 ++/--
        9,                                    // 3 env.log
        4,                                    // 4 await / call as a statement
        nest ? 10 : 0,                        // 5 if
        loops && !avoid.contains("loops") ? 7 : 0, // 6 counted loop
        loops && !avoid.contains("loops") ? 4 : 0, // 7 for-each
        nest && !avoid.contains("switch") ? 5 : 0, // 8 switch
        nest && !avoid.contains("try") && !noTry ? 7 : 0, // 9 try
        nest && !avoid.contains("resources") && !noTry ? 4 : 0, // 10 try-with-resources
        nest ? 2 : 0,                         // 11 block / labelled block
        switchExpressions > 0 ? 0 : 2,        // 12 return (often under an if)
        catching > 0 ? 3 : 1,                 // 13 throw (often under an if)
        targets.isEmpty() ? 0 : 5,            // 14 break / continue (often under an if)
        nest && patterns ? 3 : 0);             // 15 if with instanceof pattern
    switch (k) {
      case 0: return List.of(declaration());
      case 1: {
        Ty ty = valueType();
        Expr a = assignment(ty, 3, true);
        return a == null ? List.of(log()) : List.of(new Do(a));
      }
      case 2: {
        Expr s = step(chance(20) ? newValueType() : rnd.nextBoolean() ? Ty.INT : Ty.LONG);
        return s == null ? List.of(log()) : List.of(new Do(s));
      }
      case 3: return List.of(log());
      case 4: return List.of(callStatement());
      case 5: return List.of(ifStatement(depth));
      case 6: return loop(depth);
      case 7: return List.of(forEach(depth));
      case 8: return List.of(switchStatement(depth));
      case 9: return tryStatement(depth, false);
      case 10: return tryStatement(depth, true);
      case 11: return List.of(nestedBlock(depth));
      case 12: return List.of(maybeUnderIf(returnStatement()));
      case 13: return List.of(inHelper ? new If(condition(), Block.of(List.of(throwStatement())),
          null) : maybeUnderIf(throwStatement()));
      case 15: return patternIf(depth);
      case 14: {
        Stmt j = jump();
        if (chance(70)) {
          return List.of(new If(condition(), Block.of(List.of(j)), null));
        }
        return List.of(j);
      }
      default: throw new AssertionError(k);
    }
  }

  private Stmt maybeUnderIf(Stmt s) {
    if (chance(55)) {
      return new If(condition(), Block.of(List.of(s)), null);
    }
    return s;
  }

  private Ty valueType() {
    if (chance(18)) {
      return newValueType();
    }
    return new Ty[] {Ty.INT, Ty.INT, Ty.INT, Ty.LONG, Ty.STRING, Ty.STRING, Ty.BOOL}[rnd.nextInt(7)];
  }

  /** char, byte, short, double or float, as the families allow (else int). */
  private Ty newValueType() {
    List<Ty> tys = new ArrayList<>();
    if (on("char")) tys.add(Ty.CHAR);
    if (on("narrow")) {
      tys.add(Ty.BYTE);
      tys.add(Ty.SHORT);
    }
    if (on("floating")) {
      tys.add(Ty.DOUBLE);
      tys.add(Ty.DOUBLE);
      tys.add(Ty.FLOAT);
    }
    return tys.isEmpty() ? Ty.INT : pick(tys);
  }

  private Stmt declaration() {
    Ty ty = valueType();
    // the name is taken first: a local is in scope in its own initializer
    Local placeholder = new Local(name("v", true), Ty.VOID, true, false, false);
    scope.add(placeholder);
    if (on("matrix") && chance(5)) {
      // int[][] m = {{await(x)}, {v(2), await(y)}, {}}: an initializer only a declaration has
      Expr init = Forms.matrixInitializer(this);
      scope.remove(placeholder);
      Local v = new Local(placeholder.name, Ty.INT_MATRIX, true, false);
      scope.add(v);
      return new Decl(v, init, false);
    }
    boolean box = on("boxed") && boxable(ty) && chance(15);
    Expr init = box && on("nullBox") && chance(30) ? nullBox(ty) : topExpr(ty, 3);
    scope.remove(placeholder);
    // javac (17 and 25) rejects a var whose initializer's switch declares an array with an
    // initializer in an arm ("array initializer needs an explicit target-type")
    boolean useVar = !box && mayUseVar() && chance(25) && !Ast.hasSwitch(init);
    Local v = new Local(placeholder.name, ty, chance(15), box || (useVar && Ast.boxed(init)));
    scope.add(v);
    return new Decl(v, init, useVar);
  }

  private boolean mayUseVar() {
    return on("var");
  }

  /** Whether {@code s} puts a name in the scope of the statements after it. */
  private static boolean declaresAfter(Stmt s) {
    return s instanceof Decl
        || (s instanceof Loop l && (l.kind() == LoopKind.WHILE || l.kind() == LoopKind.DO))
        || (s instanceof Ast.PatternIf p && p.negated());
  }

  private Stmt log() {
    Ty ty = valueType();
    return new Do(new Call("env.log(\"" + event() + "\", %s)", ty, Ast.BOXED | Ast.STMT,
        List.of(topExpr(ty, 3))));
  }

  private Stmt callStatement() {
    if (!noAsyncCalls && asyncCallsAllowed() && !avoid.contains("asyncCall") && chance(50)) {
      List<Ty> tys = new ArrayList<>(List.of(Ty.VOID, Ty.INT, Ty.STRING, Ty.LONG, Ty.BOOL));
      Ty ty = pick(tys);
      Expr call = asyncCallAny(ty);
      if (call != null) return new Do(call);
    }
    Ty ty = valueType();
    return new Do(await(ty, 2));
  }

  private Expr asyncCallAny(Ty ty) {
    if (ty == Ty.VOID) {
      // void helpers can only be statements
      return asyncCall(Ty.VOID, 2);
    }
    return asyncCall(ty, 2);
  }

  /** A condition that is not a bare literal, so that both branches may run. */
  private Expr condition() {
    Expr c = expr(Ty.BOOL, 3);
    for (int i = 0; i < 3 && c instanceof Lit; i++) {
      c = expr(Ty.BOOL, 3);
    }
    if (c instanceof Lit) {
      c = new Bin(pick(List.of("<", ">", "==", "!=")), Ty.BOOL, leaf(Ty.INT), literal(Ty.INT));
    }
    return c;
  }

  /**
   * {@code if (obj instanceof T b) {...}}, or {@code if (!(obj instanceof T b)) <exit>} after
   * which b stays in scope (flow scoping).
   */
  private List<Stmt> patternIf(int depth) {
    String type = pick(PATTERN_TYPES);
    Expr obj = object(2);
    Local b = binding(type);
    boolean negated = chance(50);
    if (negated) {
      List<Stmt> exits = new ArrayList<>();
      if (switchExpressions == 0) exits.add(returnStatement());
      exits.add(throwStatement());
      if (!targets.isEmpty()) exits.add(jump());
      Stmt exit = pick(exits);
      Block otherwise = null;
      if (chance(25)) {
        scope.add(b);
        otherwise = nested(depth - 1, 2);
        scope.remove(b);
      }
      // in scope for the rest of the enclosing block
      scope.add(b);
      return List.of(new Ast.PatternIf(obj, type, b, true, Block.of(List.of(exit)), otherwise));
    }
    int mark = enter();
    scope.add(b);
    Block then = nested(depth - 1, 3);
    scope.remove(b);
    exit(mark);
    Block otherwise = chance(40) ? nested(depth - 1, 2) : null;
    return List.of(new Ast.PatternIf(obj, type, b, false, then, otherwise));
  }

  private Stmt ifStatement(int depth) {
    Expr c = condition();
    Block then = nested(depth - 1, 3);
    Block otherwise = null;
    int k = weighted(4, 4, 2);
    if (k == 1) {
      otherwise = nested(depth - 1, 3);
    } else if (k == 2) {
      otherwise = Block.of(List.of(ifStatement(depth - 1)));
    }
    return new If(c, then, otherwise);
  }

  private List<Stmt> loop(int depth) {
    LoopKind kind = LoopKind.values()[rnd.nextInt(LoopKind.values().length)];
    String label = chance(30) ? label() : null;
    int bound = weighted(1, 3, 4, 3);
    Local counter = new Local(name("c", false), Ty.INT, true, false, false);
    int mark = enter();
    scope.add(counter);
    // no switch expression in a do-while condition: javac 17 counts the yields of a switch
    // expression as making the code after it reachable, even after a body that cannot
    // complete normally, so whether `return` must follow the loop depends on the javac version
    boolean was = switchExprs;
    switchExprs &= kind != LoopKind.DO;
    Expr cond = kind != LoopKind.FOREVER && chance(35) ? expr(Ty.BOOL, 2) : null;
    switchExprs = was;
    Expr update = null;
    if (kind == LoopKind.FOR && chance(35)) {
      update = statementExpression();
    }
    targets.push(new JumpTarget(true, label));
    loopNest++;
    Block body = nested(depth - 1, 4);
    loopNest--;
    targets.pop();
    if (kind == LoopKind.WHILE || kind == LoopKind.DO) {
      // the counter is declared before the loop, in the enclosing block: it stays in scope
      scope.remove(counter);
      exit(mark);
      scope.add(counter);
    } else {
      exit(mark);
    }
    return List.of(new Loop(kind, label, counter, bound, cond, update, body));
  }

  private Expr statementExpression() {
    int k = weighted(3, 2, 3);
    Expr e = null;
    if (k == 0) e = assignment(valueType(), 2, true);
    if (k == 1) e = step(Ty.INT);
    if (e == null) {
      Ty ty = valueType();
      e = new Call("env.log(\"" + event() + "\", %s)", ty, Ast.BOXED | Ast.STMT,
          List.of(expr(ty, 2)));
    }
    return e;
  }

  private Stmt forEach(int depth) {
    Ty elem = rnd.nextBoolean() ? Ty.INT : Ty.STRING;
    Expr iterable = iterable(elem);
    boolean list = Ast.ty(iterable) == Ty.INT_LIST || Ast.ty(iterable) == Ty.STRING_LIST;
    boolean useVar = mayUseVar() && chance(30);
    String label = chance(25) ? label() : null;
    Local v = new Local(name("x", false), elem, true, useVar && list && elem == Ty.INT);
    int mark = enter();
    targets.push(new JumpTarget(true, label));
    loopNest++;
    scope.add(v);
    Block body = nested(depth - 1, 4);
    loopNest--;
    targets.pop();
    exit(mark);
    return new ForEach(label, v, useVar, iterable, body);
  }

  private Expr iterable(Ty elem) {
    List<Expr> items = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      items.add(expr(elem, 1));
    }
    String holes = String.join(", ", java.util.Collections.nCopies(n, "%s"));
    boolean susp = maySuspend() && chance(35);
    int k = weighted(3, 3, elem == Ty.INT ? 2 : 0);
    if (k == 2) {
      // the array fields: the body may write them while iterating
      boolean st = isStatic || rnd.nextBoolean();
      return new Call(st ? "sarr" : "arr", Ty.INT_ARRAY, 0, List.of());
    }
    boolean array = k == 0;
    Ty ty = array ? (elem == Ty.INT ? Ty.INT_ARRAY : Ty.STRING_ARRAY)
        : (elem == Ty.INT ? Ty.INT_LIST : Ty.STRING_LIST);
    String fmt = array ? "new " + elem.java + "[] {" + holes + "}" : "List.of(" + holes + ")";
    if (susp && !array) {
      // not arrays: env.task logs its value, and an array's toString is its identity
      return new Call("await(env.task(" + fmt + "))", ty, Ast.SUSPENDS, items);
    }
    return new Call(fmt, ty, 0, items);
  }

  private Stmt switchStatement(int depth) {
    boolean arrow = rnd.nextBoolean();
    boolean strings = chance(35);
    Expr selector;
    List<String> pool;
    if (strings) {
      pool = new ArrayList<>(List.of("\"k0\"", "\"k1\"", "\"k2\"", "\"a\""));
      int k = weighted(3, 3, 2);
      if (k == 0) {
        selector = new Call("await(env.task(%s))", Ty.STRING, Ast.SUSPENDS | Ast.BOXED | Ast.STMT,
            List.of(lit(Ty.STRING, pick(pool))));
      } else if (k == 1) {
        selector = new Bin("+", Ty.STRING, lit(Ty.STRING, "\"k\""),
            new Bin("&", Ty.INT, expr(Ty.INT, 2), lit(Ty.INT, "3")));
      } else {
        selector = expr(Ty.STRING, 2);
      }
    } else {
      pool = new ArrayList<>(List.of("0", "1", "2", "3", "4"));
      selector = chance(70) ? new Bin("&", Ty.INT, expr(Ty.INT, 2), lit(Ty.INT, "3"))
          : expr(Ty.INT, 2);
    }
    int nCases = 1 + rnd.nextInt(4);
    boolean hasDefault = chance(60);
    int defaultAt = hasDefault ? rnd.nextInt(nCases + 1) : -1;
    targets.push(new JumpTarget(false, null));
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i <= nCases; i++) {
      List<String> labels = new ArrayList<>();
      if (i == defaultAt) {
        // default
      } else if (i == nCases) {
        continue;
      } else {
        int nl = chance(25) ? 2 : 1;
        for (int j = 0; j < nl && !pool.isEmpty(); j++) {
          labels.add(pool.remove(rnd.nextInt(pool.size())));
        }
        if (labels.isEmpty()) continue;
      }
      Block body = nested(depth - 1, 3);
      List<Stmt> stmts = new ArrayList<>(body.stmts());
      if (!arrow) {
        // declarations directly in a case group would be in scope in later groups: wrap them
        boolean declares = stmts.stream().anyMatch(Generator::declaresAfter);
        if (declares) {
          stmts = new ArrayList<>(List.of(Block.of(stmts)));
        }
        Stmt last = stmts.isEmpty() ? null : stmts.get(stmts.size() - 1);
        boolean ends = last instanceof Return || last instanceof Throw || last instanceof Jump;
        if (!ends && chance(65)) {
          stmts.add(new Jump(true, null));
        }
      }
      cases.add(new Case(labels, Block.of(stmts)));
    }
    targets.pop();
    return new Switch(selector, arrow, cases);
  }

  private static final List<String> LEAF_EXCEPTIONS = List.of("IllegalStateException",
      "IllegalArgumentException", "ArithmeticException", "ArrayIndexOutOfBoundsException");

  /** Whether {@code sub} is a proper subclass of {@code sup}, among the caught types. */
  static boolean isSubclass(String sub, String sup) {
    if (sub.equals(sup)) return false;
    if (sup.equals("Exception")) return true;
    return sup.equals("RuntimeException") && LEAF_EXCEPTIONS.contains(sub);
  }

  private List<Stmt> tryStatement(int depth, boolean withResources) {
    List<Stmt> before = new ArrayList<>();
    List<Resource> resources = new ArrayList<>();
    int mark = enter();
    if (withResources) {
      int n = 1 + (chance(40) ? 1 : 0);
      boolean[] existing = new boolean[n];
      for (int pass = 0; pass < 2; pass++) {
        // first the locals declared before the try, used as `try (r)` (they stay in scope
        // after it), then the resources declared in the header
        for (int i = 0; i < n; i++) {
          if (pass == 0) {
            existing[i] = !avoid.contains("existingResource") && chance(25);
          }
          if (existing[i] != (pass == 0)) {
            continue;
          }
          Expr name = chance(60) ? lit(Ty.STRING, "\"" + name("r", false) + "\"")
              : expr(Ty.STRING, 2);
          Expr fail = chance(70) ? lit(Ty.BOOL, chance(12) ? "true" : "false")
              : expr(Ty.BOOL, 2);
          Expr init = new Call("new Res(env, %s, %s)", Ty.RES, Ast.STMT, List.of(name, fail));
          Local r = new Local(name("r", false), Ty.RES, true, false);
          if (existing[i]) {
            before.add(new Decl(r, init, false));
            resources.add(new Resource(r, null));
          } else {
            resources.add(new Resource(r, init));
          }
          scope.add(r);
        }
      }
    }
    int nCatch = withResources ? rnd.nextInt(3) : weighted(2, 4, 2, 1);
    List<String> leaves = new ArrayList<>(LEAF_EXCEPTIONS);
    java.util.Collections.shuffle(leaves, new java.util.Random(rnd.nextLong()));
    List<List<String>> types = new ArrayList<>();
    for (int i = 0; i < nCatch; i++) {
      int k = weighted(5, 2, 2, 1);
      if (k == 0 && !leaves.isEmpty()) {
        types.add(List.of(leaves.remove(0)));
      } else if (k == 1 && leaves.size() >= 2) {
        types.add(List.of(leaves.remove(0), leaves.remove(0)));
      } else if (k == 2) {
        types.add(List.of("RuntimeException"));
      } else {
        types.add(List.of("Exception"));
      }
    }
    boolean checked = on("checked") && !inLambda && chance(30);
    if (checked) {
      // a catch of a checked exception needs a body that may throw it: the body starts with
      // a call of io(x), which throws IOException for 7
      types.add(chance(70) || leaves.isEmpty() ? List.of("IOException")
          : List.of("IOException", leaves.remove(0)));
    }
    int c = types.isEmpty() ? 0 : 1;
    catching += c;
    Block body = nested(depth - 1, 4);
    if (checked) {
      List<Stmt> stmts = new ArrayList<>(body.stmts());
      stmts.add(0, new Do(new Call("env.log(\"" + event() + "\", %s)", Ty.INT,
          Ast.BOXED | Ast.STMT, List.of(new Call("io(%s)", Ty.INT, Ast.STMT,
              List.of(chance(50) ? lit(Ty.INT, "7") : expr(Ty.INT, 2)))))));
      body = Block.of(stmts);
    }
    catching -= c;
    exit(mark);
    for (Stmt s : before) {
      scope.add(((Decl) s).v());
    }
    List<Catch> catches = new ArrayList<>();
    // subclasses first; each type once
    types.sort(java.util.Comparator.comparingInt(Generator::rank));
    Set<String> seen = new HashSet<>();
    for (List<String> t : types) {
      if (!seen.addAll(t)) continue;
      Local e = new Local(name("e", false), Ty.EXC, true, false);
      int m = enter();
      scope.add(e);
      Block b = nested(depth - 1, 3);
      exit(m);
      if (b.stmts().isEmpty() || chance(30)) {
        List<Stmt> stmts = new ArrayList<>(b.stmts());
        Stmt last = stmts.isEmpty() ? null : stmts.get(stmts.size() - 1);
        if (!(last instanceof Return || last instanceof Throw || last instanceof Jump)) {
          stmts.add(0, new Do(new Call("env.log(\"" + event() + "\", %s)", Ty.STRING,
              Ast.BOXED | Ast.STMT, List.of(new Call("msg(%s)", Ty.STRING, Ast.STMT,
                  List.of(new Ref(e)))))));
          if (chance(25)) {
            stmts.add(new Throw(new Ref(e)));
          }
        }
        b = Block.of(stmts);
      }
      catches.add(new Catch(t, e, b));
    }
    Block fin = null;
    if ((catches.isEmpty() && resources.isEmpty()) || chance(50)) {
      fin = nested(depth - 1, 3);
    }
    before.add(new Try(resources, body, catches, fin));
    return before;
  }

  private static int rank(List<String> types) {
    if (types.contains("Exception")) return 2;
    if (types.contains("RuntimeException")) return 1;
    return 0;
  }

  private Stmt nestedBlock(int depth) {
    if (chance(50)) {
      String label = label();
      targets.push(new JumpTarget(false, label));
      Block b = nested(depth - 1, 4);
      targets.pop();
      return new Block(label, b.stmts());
    }
    return nested(depth - 1, 4);
  }

  private Stmt returnStatement() {
    if (ret == Ty.VOID) return new Return(null);
    return new Return(topExpr(ret, 3));
  }

  private Stmt throwStatement() {
    List<Local> excs = locals(Ty.EXC, false);
    if (!excs.isEmpty() && chance(30)) {
      return new Throw(new Ref(pick(excs)));
    }
    String exc = pick(List.of("IllegalStateException", "IllegalStateException",
        "IllegalArgumentException", "ArithmeticException", "Exception",
        on("checked") ? "IOException" : "Exception"));
    Expr msg = chance(50) ? lit(Ty.STRING, "\"" + event() + "\"") : expr(Ty.STRING, 2);
    return new Throw(new Call("new " + exc + "(%s)", Ty.EXC, Ast.STMT, List.of(msg)));
  }

  private Stmt jump() {
    // a target among the enclosing loops, switches and labelled blocks
    List<JumpTarget> all = new ArrayList<>(targets);
    JumpTarget innermost = all.get(0);
    boolean isBreak = !inLoop() || rnd.nextBoolean();
    if (chance(35)) {
      List<JumpTarget> labelled = new ArrayList<>();
      for (JumpTarget t : all) {
        if (t.label != null && (isBreak || t.loop)) labelled.add(t);
      }
      if (!labelled.isEmpty()) {
        return new Jump(isBreak, pick(labelled).label);
      }
    }
    if (isBreak) {
      // an unlabelled break needs a loop or switch
      for (JumpTarget t : all) {
        if (t.loop || t.label == null) return new Jump(true, null);
      }
      return new Jump(true, innermost.label);
    }
    return new Jump(false, null);
  }
}
