package org.await4j.processor.random;

import java.util.ArrayList;
import java.util.List;
import org.await4j.processor.random.Ast.Call;
import org.await4j.processor.random.Ast.Expr;
import org.await4j.processor.random.Ast.Local;
import org.await4j.processor.random.Ast.Ref;
import org.await4j.processor.random.Ast.Ty;

/**
 * Expression forms of the families of issue 9, as templates: calls of the generic, varargs and
 * inner-class @Async methods of {@link Source#LIBRARY}, anonymous classes with constructor
 * arguments, method references and lambdas as values, nested array initializers, checked
 * exceptions. Each names its family, so that {@code random.avoid} (and the open-bug switches of
 * {@link RandomProgramsTest}) can leave it out.
 */
final class Forms {
  private Forms() {}

  /**
   * A form: {@code fmt} with a {@code %s} (or {@code %o}, an operand) per type in {@code args};
   * {@code #C} is the class. Flags as {@link Call}'s; {@link Ast#SUSPENDS} marks calls of @Async
   * methods (suspension points, never in lambdas), {@link Ast#INSTANCE} those that need
   * {@code this}.
   */
  private record Form(String family, Ty ty, String fmt, int flags, Ty... args) {}

  private static final int S = Ast.SUSPENDS | Ast.STMT;
  private static final int SB = Ast.SUSPENDS | Ast.STMT | Ast.BOXED;
  private static final int I = Ast.INSTANCE;

  private static final Ty INT = Ty.INT;
  private static final Ty LONG = Ty.LONG;
  private static final Ty STR = Ty.STRING;
  private static final Ty BOOL = Ty.BOOL;
  private static final Ty CHAR = Ty.CHAR;
  private static final Ty DBL = Ty.DOUBLE;

  private static final List<Form> FORMS = List.of(
      // generic @Async methods: bounds, wildcards, explicit type arguments, a type variable
      // only in the result (issue 9, items 3 and 9)
      new Form("generics", INT, "#C.<Integer>maxOf(env, %s, %s)", SB, INT, INT),
      new Form("generics", STR, "maxOf(env, %s, %s)", S, STR, STR),
      new Form("generics", LONG, "#C.<Long>maxOf(env, %s, %s)", SB, LONG, LONG),
      new Form("generics", CHAR, "maxOf(env, %s, %s)", SB, CHAR, CHAR),
      new Form("generics", DBL, "#C.<Double>maxOf(env, %s, %s)", SB, DBL, DBL),
      new Form("generics", INT, "mapAll(env, List.of(%s, %s), lx -> lx * 2).get(1)", SB, INT, INT),
      new Form("generics", INT, "#C.<String, Integer>mapAll(env, List.of(%s), String::length)"
          + ".get(0)", SB, STR),
      new Form("generics", STR, "mapAll(env, Arrays.asList(%s, %s), String::toUpperCase)"
          + ".toString()", S, STR, STR),
      new Form("generics", STR, "#C.<Object, String>mapAll(env, Arrays.asList(%s, %s),"
          + " Object::toString).get(1)", S, INT, BOOL),
      new Form("generics", INT, "#C.<Integer>firstOf(env, Arrays.asList(%s, %s))", SB, INT, INT),
      new Form("generics", STR, "firstOf(env, List.of(%s))", S, STR),
      new Form("generics", INT, "#C.<Integer>unchecked(env, %s)", SB, INT),
      new Form("generics", STR, "#C.<String>unchecked(env, %s)", S, STR),
      new Form("generics", BOOL, "#C.<Boolean>unchecked(env, %s)", SB, BOOL),
      // a generic class with a bound, diamond and explicit type arguments
      new Form("generics", INT, "new Cell<>(%s).swap(env, %s)", SB, INT, INT),
      new Form("generics", STR, "new Cell<String>(%s).swap(env, %s)", S, STR, STR),
      new Form("generics", INT, "new Cell<Integer>(%s).v", Ast.STMT | Ast.BOXED, INT),
      // varargs @Async methods: no, one, many variable arguments, an array (item 10)
      new Form("varargs", INT, "count(env)", S),
      new Form("varargs", INT, "count(env, %s)", S, STR),
      new Form("varargs", INT, "#C.count(env, %s, %s, %s)", S, STR, STR, STR),
      new Form("varargs", INT, "count(env, new String[] {%s, %s})", S, STR, STR),
      new Form("varargs", LONG, "total(env, %s)", S, LONG),
      new Form("varargs", LONG, "total(env, %s, %s)", S, LONG, INT),
      new Form("varargs", LONG, "total(env, %s, %s, %s, %s)", S, LONG, INT, INT, INT),
      new Form("varargs", LONG, "total(env, %s, new int[] {%s, %s})", S, LONG, INT, INT),
      new Form("varargs", STR, "any(%s)", S | I, STR),
      new Form("varargs", STR, "any(%s, %s)", S | I, STR, STR),
      new Form("varargs", STR, "this.any(%s, %s, %s, %s)", S | I, STR, STR, STR, STR),
      new Form("varargs", STR, "any(%s, new String[] {%s, %s})", S | I, STR, STR, STR),
      // inner-class creation, qualified and not (item 2)
      new Form("innerQualified", INT, "this.new Inner(%s).get()", Ast.STMT | I, INT),
      new Form("inner", INT, "new Inner(%s).v", I, INT),
      new Form("inner", INT, "new Inner(%s).next(env, %s)", S | I, INT, INT),
      new Form("innerQualified", INT, "this.new Inner(%s).next(env, %s)", S | I, INT, INT),
      // anonymous classes with constructor arguments
      new Form("anonymous", INT, "new Base(%s, %s) { int get() { return v * 3; } }.get()",
          Ast.STMT, INT, STR),
      new Form("anonymous", INT, "new Base(%s, \"b\") { int get() { return v + sf; } }.get()",
          Ast.STMT, INT),
      new Form("anonymous", INT, "new Base(%s, %s) { int get() { return v - f; } }.get()",
          Ast.STMT | I, INT, STR),
      new Form("anonymous", STR, "String.valueOf(new Base(%s, %s) { int get() { return v; } }"
          + ".get())", Ast.STMT, INT, STR),
      // method references and lambdas as values (not suspending)
      new Form("methodRef", INT, "((IntBinaryOperator) Math::max).applyAsInt(%s, %s)", Ast.STMT,
          INT, INT),
      new Form("methodRef", INT, "((BinaryOperator<Integer>) Integer::sum).apply(%s, %s)",
          Ast.STMT | Ast.BOXED, INT, INT),
      new Form("methodRef", INT, "((Function<String, Integer>) String::length).apply(%s)",
          Ast.STMT | Ast.BOXED, STR),
      new Form("methodRef", INT, "((IntBinaryOperator) this::sum).applyAsInt(%s, %s)",
          Ast.STMT | I, INT, INT),
      new Form("methodRef", INT, "((IntBinaryOperator) (la, lb) -> la * 10 + lb).applyAsInt(%s, %s)",
          Ast.STMT, INT, INT),
      new Form("methodRef", INT, "Optional.of(%s).map(lx -> lx + 1).get()", Ast.STMT | Ast.BOXED,
          INT),
      new Form("methodRef", INT, "IntStream.of(%s, %s).map(lx -> lx * 2).sum()", Ast.STMT, INT,
          INT),
      new Form("methodRef", INT, "Stream.of(%s, %s).map(String::length).reduce(0, Integer::sum)",
          Ast.STMT | Ast.BOXED, STR, STR),
      new Form("methodRef", STR, "((UnaryOperator<String>) String::toUpperCase).apply(%s)",
          Ast.STMT, STR),
      new Form("methodRef", STR, "Optional.of(%s).map(String::trim).orElse(\"\")", Ast.STMT,
          STR),
      new Form("methodRef", STR, "Stream.of(%s, %s).sorted(Comparator.<String>reverseOrder())"
          + ".findFirst().get()", Ast.STMT, STR, STR),
      new Form("methodRef", STR, "((Function<Integer, String>) Integer::toHexString).apply(%s)",
          Ast.STMT, INT),
      new Form("methodRef", LONG, "((java.util.function.LongBinaryOperator) Long::sum)"
          + ".applyAsLong(%s, %s)", Ast.STMT, LONG, LONG),
      new Form("methodRef", BOOL, "((java.util.function.Predicate<String>) String::isEmpty)"
          + ".test(%s)", Ast.STMT, STR),
      // arrays of arrays and initializers nested in expressions (item 1)
      new Form("matrix", INT, "(new int[][] {{%s}, {%s, %s}, {}})[1][1]", Ast.STMT, INT, INT,
          INT),
      new Form("matrix", INT, "(new int[][] {{%s, %s}, {%s}})[0].length", Ast.STMT, INT, INT,
          INT),
      new Form("matrix", INT, "Arrays.stream(new int[] {%s, %s}).sum()", Ast.STMT, INT, INT),
      new Form("matrix", STR, "Arrays.deepToString(new int[][] {{%s}, {%s, %s}, {}})",
          Ast.STMT, INT, INT, INT),
      new Form("matrix", STR, "Arrays.deepToString(new String[][] {{%s, %s}, {}, {%s}})",
          Ast.STMT, STR, STR, STR),
      new Form("matrix", INT, "new int[%o & 3][2].length", Ast.STMT, INT),
      // checked exceptions
      new Form("checked", INT, "io(%s)", Ast.STMT, INT),
      // boxes that may be null
      new Form("nullBox", BOOL, "Optional.ofNullable(%s).isPresent()", Ast.STMT, INT),
      new Form("nullBox", INT, "java.util.Objects.requireNonNullElse(%s, -1)",
          Ast.STMT | Ast.BOXED, INT),
      // char and floating-point library calls
      new Form("char", INT, "Character.getNumericValue(%s)", Ast.STMT, CHAR),
      // not String.valueOf: with a Character it is ambiguous (valueOf(Object), valueOf(char))
      new Form("char", STR, "(\"\" + %o)", Ast.STMT, CHAR),
      new Form("char", BOOL, "Character.isDigit(%s)", Ast.STMT, CHAR),
      new Form("floating", STR, "Double.toString(%s)", Ast.STMT, DBL),
      new Form("floating", BOOL, "Double.isNaN(%s)", Ast.STMT, DBL),
      new Form("floating", LONG, "Math.round(%s)", Ast.STMT, DBL));

  /** A form of type {@code ty} that the generator may write here, or null. */
  static Expr pick(Generator g, Ty ty, int depth) {
    List<Form> fit = new ArrayList<>();
    for (Form f : FORMS) {
      if (f.ty() != ty || !g.on(f.family())) continue;
      if ((f.flags() & Ast.SUSPENDS) != 0 && !g.maySuspend()) continue;
      if ((f.flags() & Ast.INSTANCE) != 0 && g.isStatic) continue;
      if (f.family().equals("checked") && g.inLambda) continue; // IntSupplier throws nothing
      fit.add(f);
    }
    List<Expr> matrices = new ArrayList<>();
    for (Local l : g.locals(Ty.INT_MATRIX, false)) {
      matrices.add(new Ref(l));
    }
    if (!matrices.isEmpty() && (ty == Ty.INT || ty == Ty.STRING) && g.chance(50)) {
      Expr m = g.pick(matrices);
      if (ty == Ty.STRING) {
        return new Call("Arrays.deepToString(%s)", ty, Ast.STMT, List.of(m));
      }
      int k = g.pick(List.of(0, 1, 2));
      String fmt = k == 0 ? "%o.length" : k == 1 ? "%o[1].length" : "%o[1][0]";
      return new Call(fmt, ty, 0, List.of(m));
    }
    if (fit.isEmpty()) {
      return null;
    }
    Form f = g.pick(fit);
    g.anonymousSeen |= f.family().equals("anonymous");
    List<Expr> args = new ArrayList<>();
    for (Ty a : f.args()) {
      args.add(g.expr(a, depth - 1));
    }
    return new Call(f.fmt(), f.ty(), f.flags(), args);
  }

  /** A nested array initializer, as only a declaration may have: {@code {{a}, {b, c}, {}}}. */
  static Expr matrixInitializer(Generator g) {
    int k = g.pick(List.of(0, 1, 2));
    String fmt = k == 0 ? "{{%s}, {%s, %s}, {}}" : k == 1 ? "new int[][] {{%s, %s}, {%s}}"
        : "{{%s, %s, %s}, {}}";
    List<Expr> args = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      args.add(g.expr(Ty.INT, 2));
    }
    return new Call(fmt, Ty.INT_MATRIX, 0, args);
  }
}
