package org.await4j.processor.random;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/** Writes random programs as Java source. Every compound operand is parenthesized. */
final class Source {
  static final String PACKAGE = "rnd";

  private final String cls;
  private final StringBuilder out = new StringBuilder();
  private int indent;

  private Source(String cls) {
    this.cls = cls;
  }

  /** A compilation unit with class {@code cls} holding {@code methods} (helpers first). */
  static String unit(String cls, List<Method> methods) {
    Source body = new Source(cls);
    for (Method m : methods) {
      body.method(m);
    }
    Source s = new Source(cls);
    s.header();
    s.library(body.out.toString());
    s.out.append(body.out).append("}\n");
    return s.out.toString();
  }

  /** A unit from the text of its @Async methods (the fields and plain helpers are fixed). */
  static String unitFromText(String cls, String methods) {
    Source s = new Source(cls);
    s.header();
    s.library(methods);
    s.out.append('\n').append(methods).append("}\n");
    return s.out.toString();
  }

  /**
   * Hand-written @Async methods and classes that random programs call (generic methods with
   * bounds and wildcards, a type variable only in the result, varargs, a generic class, an inner
   * class, an abstract class for anonymous subclasses): a unit holds those its methods name.
   * Each starts with a {@code // library NAME} line, so that errors in it are blamed on the
   * programs that use it.
   */
  record Library(String name, Pattern use, String text) {}

  static final List<Library> LIBRARY = List.of(
      new Library("maxOf", Pattern.compile("\\bmaxOf\\("), """
            // library maxOf
            @Async
            static <T extends Comparable<? super T>> T maxOf(Env env, T a, T b) throws Exception {
              T x = await(env.task(a));
              return x.compareTo(b) >= 0 ? x : b;
            }
          """),
      new Library("mapAll", Pattern.compile("\\bmapAll\\("), """
            // library mapAll
            @Async
            static <A, B> List<B> mapAll(Env env, List<A> in, Function<? super A, ? extends B> f)
                throws Exception {
              List<B> out = new ArrayList<>();
              for (A a : in) {
                out.add(f.apply(await(env.task(a))));
              }
              return out;
            }
          """),
      new Library("firstOf", Pattern.compile("\\bfirstOf\\("), """
            // library firstOf
            @Async
            static <T> T firstOf(Env env, List<? extends T> xs) throws Exception {
              T x = await(env.task(xs.get(0)));
              return x;
            }
          """),
      new Library("unchecked", Pattern.compile("\\bunchecked\\("), """
            // library unchecked
            @Async
            @SuppressWarnings("unchecked")
            static <T> T unchecked(Env env, Object o) throws Exception {
              return (T) await(env.task(o));
            }
          """),
      new Library("count", Pattern.compile("\\bcount\\("), """
            // library count
            @Async
            static int count(Env env, String... xs) throws Exception {
              int n = xs.length * 100;
              for (String x : xs) {
                n += await(env.task(x)).length();
              }
              return n;
            }
          """),
      new Library("total", Pattern.compile("\\btotal\\("), """
            // library total
            @Async
            static long total(Env env, long first, int... xs) throws Exception {
              long n = first;
              for (int x : xs) {
                n = n * 31 + await(env.task(x));
              }
              return n;
            }
          """),
      new Library("any", Pattern.compile("\\bany\\("), """
            // library any
            @Async
            String any(String v, String... c) throws Exception {
              for (String x : c) {
                if (await(env.task(x)).equals(v)) {
                  return x + c.length;
                }
              }
              return v + "/" + c.length;
            }
          """),
      new Library("Cell", Pattern.compile("\\bCell<"), """
            // library Cell
            static class Cell<T extends Comparable<T>> {
              T v;

              Cell(T v) {
                this.v = v;
              }

              @Async
              T swap(Env env, T nv) throws Exception {
                T old = v;
                v = await(env.task(nv));
                return old.compareTo(v) >= 0 ? old : v;
              }
            }
          """),
      new Library("Inner", Pattern.compile("\\bInner\\("), """
            // library Inner
            class Inner {
              final int v;

              Inner(int v) {
                this.v = v;
                env.log("inner " + v);
              }

              int get() {
                return v * 2 + f;
              }

              // (an @Async method of an inner class may not use the enclosing instance: a
              // documented limit of the processor, so this one does not)
              @Async
              int next(Env env, int k) throws Exception {
                return v + await(env.task(k));
              }
            }
          """),
      new Library("Base", Pattern.compile("\\bBase\\("), """
            // library Base
            abstract static class Base {
              final int v;

              Base(int v, String s) {
                this.v = v * 10 + s.length();
              }

              abstract int get();
            }
          """));

  /** The library entries that {@code text} uses. */
  static List<Library> libraryUsedBy(String text) {
    List<Library> used = new ArrayList<>();
    for (Library l : LIBRARY) {
      if (l.use().matcher(text).find()) {
        used.add(l);
      }
    }
    return used;
  }

  /** Whether {@code p} (its method and helpers) uses library entry {@code name}. */
  static boolean usesLibrary(Program p, String name) {
    StringBuilder text = new StringBuilder();
    for (Method h : reachableHelpers(p)) {
      text.append(method("X", h));
    }
    text.append(method("X", p.method()));
    return libraryUsedBy(text.toString()).stream().anyMatch(l -> l.name().equals(name));
  }

  private void library(String methodsText) {
    for (Library l : libraryUsedBy(methodsText)) {
      out.append('\n').append(l.text());
    }
  }


  /** The unit for one program: its method and the helpers it reaches. */
  static String unit(String cls, Program p) {
    List<Method> all = new ArrayList<>(reachableHelpers(p));
    all.add(p.method());
    return unit(cls, all);
  }

  /** Just the method, for reports. */
  static String method(String cls, Method m) {
    Source s = new Source(cls);
    s.indent = 1;
    s.method(m);
    return s.out.toString();
  }

  private static final Pattern HELPER = Pattern.compile("\\bh(\\d+)\\(");

  /** The helpers that {@code p}'s method calls, directly or through other helpers. */
  static List<Method> reachableHelpers(Program p) {
    Map<String, Method> byName = new LinkedHashMap<>();
    for (Method h : p.helpers()) {
      byName.put(h.name(), h);
    }
    Set<String> reached = new LinkedHashSet<>();
    List<Method> work = new ArrayList<>(List.of(p.method()));
    while (!work.isEmpty()) {
      Method m = work.remove(work.size() - 1);
      for (String name : calledHelpers(m)) {
        if (reached.add(name) && byName.containsKey(name)) {
          work.add(byName.get(name));
        }
      }
    }
    List<Method> result = new ArrayList<>();
    for (Method h : p.helpers()) {
      if (reached.contains(h.name())) {
        result.add(h);
      }
    }
    return result;
  }

  static Set<String> calledHelpers(Method m) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = HELPER.matcher(method("X", m));
    while (matcher.find()) {
      names.add("h" + matcher.group(1));
    }
    names.remove(m.name());
    return names;
  }

  private void header() {
    out.append("""
        package rnd;

        import java.io.IOException;
        import java.util.ArrayList;
        import java.util.Arrays;
        import java.util.Comparator;
        import java.util.List;
        import java.util.Optional;
        import java.util.function.BinaryOperator;
        import java.util.function.Function;
        import java.util.function.IntBinaryOperator;
        import java.util.function.IntSupplier;
        import java.util.function.Supplier;
        import java.util.function.UnaryOperator;
        import java.util.stream.IntStream;
        import java.util.stream.Stream;
        import org.await4j.Async;
        import org.await4j.testing.Env;
        import static org.await4j.Await.await;

        public class #C {
          final Env env;
          int f;
          int g;
          long lf;
          String str;
          boolean flag;
          int[] arr;
          List<Integer> items;
          static int sf;
          static long slf;
          static String sstr;
          static int[] sarr;
          char cf;
          byte bf;
          short shf;
          double df;
          float ff;
          static double sdf;
          Integer boxI;
          Boolean boxZ;
          Double boxD;

          public #C(Env env) {
            this.env = env;
            f = 1;
            g = 2;
            lf = 3L;
            str = "s";
            flag = false;
            arr = new int[] {1, 2, 3, 4};
            items = new ArrayList<>();
            sf = 5;
            slf = 6L;
            sstr = "t";
            sarr = new int[] {7, 8, 9, 10};
            cf = 'c';
            bf = 120;
            shf = 32000;
            df = 0.5;
            ff = 1.25f;
            sdf = -2.5;
            boxI = null;
            boxZ = null;
            boxD = 4.0;
          }

          /** The fields after a run, to compare. */
          public String state() {
            return "f=" + f + " g=" + g + " lf=" + lf + " str=" + str + " flag=" + flag
                + " arr=" + Arrays.toString(arr) + " items=" + items + " sf=" + sf + " slf=" + slf
                + " sstr=" + sstr + " sarr=" + Arrays.toString(sarr) + " cf=" + cf + " bf=" + bf
                + " shf=" + shf + " df=" + df + " ff=" + ff + " sdf=" + sdf + " boxI=" + boxI
                + " boxZ=" + boxZ + " boxD=" + boxD;
          }

          /**
           * An exception's message, but not a NullPointerException's: the JVM's helpful message
           * names locals and bytecode shapes, which differ between a method and its machine.
           */
          static String msg(Exception e) {
            return e instanceof NullPointerException ? "NPE" : e.getMessage();
          }

          /** Throws a checked exception for 7. */
          static int io(int x) throws IOException {
            if (x == 7) {
              throw new IOException("io " + x);
            }
            return x + 1;
          }

          static int mix(int a, int b, int c) {
            return a * 100 + b * 10 + c;
          }

          static String tag(String s, int i, boolean b) {
            return s + "#" + i + (b ? "T" : "F");
          }

          int sum(int a, int b) {
            env.log("sum " + a + " " + b);
            return a + b;
          }

          static class Res implements AutoCloseable {
            final Env env;
            final String name;
            final boolean failOnClose;

            Res(Env env, String name, boolean failOnClose) {
              this.env = env;
              this.name = name;
              this.failOnClose = failOnClose;
              env.log("open " + name);
            }

            String use() {
              env.log("use " + name);
              return name;
            }

            @Override
            public void close() {
              env.log("close " + name);
              if (failOnClose) {
                throw new IllegalStateException("close " + name);
              }
            }
          }
        """.replace("#C", cls));
  }

  // ---------------------------------------------------------------- methods

  private void method(Method m) {
    Flow.Result r = Flow.normalize(m);
    Method n = r.method();
    out.append('\n');
    line("@Async");
    StringBuilder sig = new StringBuilder();
    if (n.isStatic()) {
      sig.append("static ");
    }
    sig.append(n.ret().java).append(' ').append(n.name()).append('(');
    List<String> params = new ArrayList<>();
    if (n.isStatic()) {
      params.add("Env env");
    }
    for (Local l : n.params()) {
      params.add(l.ty.java + " " + l.name);
    }
    sig.append(String.join(", ", params)).append(") throws Exception {");
    line(sig.toString());
    indent++;
    if (n.helper()) {
      if (n.ret() == Ty.VOID) {
        line("if (d <= 0) return;");
      } else {
        line("if (d <= 0) return " + expr(n.base()) + ";");
      }
    }
    stmts(n.body().stmts());
    if (r.completes() && n.ret() != Ty.VOID) {
      line("return " + n.ret().zero + ";");
    }
    indent--;
    line("}");
  }

  private void line(String s) {
    out.append("  ".repeat(indent)).append(s).append('\n');
  }

  private void stmts(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      stmt(s);
    }
  }

  private void body(String head, Block b, String tail) {
    line(head + " {");
    indent++;
    stmts(b.stmts());
    indent--;
    line("}" + tail);
  }

  private static String label(String label) {
    return label == null ? "" : label + ": ";
  }

  private void stmt(Stmt s) {
    if (s instanceof Decl d) {
      // after shrinking, the initializer of a `var` may have lost or gained a box: keep the
      // local's type as the rest of the body sees it
      String type = d.useVar() && Ast.boxed(d.init()) == d.v().boxed ? "var"
          : d.v().boxed ? d.v().ty.boxed : d.v().ty.java;
      line(type + " " + d.v().name + " = " + expr(d.init()) + ";");
    } else if (s instanceof Do d) {
      line(expr(d.e()) + ";");
    } else if (s instanceof If i) {
      line("if (" + expr(i.c()) + ") {");
      indent++;
      stmts(i.then().stmts());
      indent--;
      Block b = i.otherwise();
      while (b != null) {
        // else if chains read better
        if (b.label() == null && b.stmts().size() == 1 && b.stmts().get(0) instanceof If e) {
          line("} else if (" + expr(e.c()) + ") {");
          indent++;
          stmts(e.then().stmts());
          indent--;
          b = e.otherwise();
        } else {
          line("} else {");
          indent++;
          stmts(b.stmts());
          indent--;
          b = null;
        }
      }
      line("}");
    } else if (s instanceof Ast.PatternIf i) {
      String test = operand(i.obj()) + " instanceof " + i.type() + " " + i.binding().name;
      line("if (" + (i.negated() ? "!(" + test + ")" : test) + ") {");
      indent++;
      stmts(i.then().stmts());
      indent--;
      if (i.otherwise() != null) {
        line("} else {");
        indent++;
        stmts(i.otherwise().stmts());
        indent--;
      }
      line("}");
    } else if (s instanceof Loop l) {
      loop(l);
    } else if (s instanceof ForEach f) {
      String type = f.useVar() ? "var" : f.v().ty.java;
      body(label(f.label()) + "for (" + type + " " + f.v().name + " : " + expr(f.iterable()) + ")",
          f.body(), "");
    } else if (s instanceof Switch w) {
      switchStatement(w);
    } else if (s instanceof Try t) {
      tryStatement(t);
    } else if (s instanceof Throw t) {
      line("throw " + expr(t.e()) + ";");
    } else if (s instanceof Return r) {
      line(r.e() == null ? "return;" : "return " + expr(r.e()) + ";");
    } else if (s instanceof Jump j) {
      line((j.isBreak() ? "break" : "continue") + (j.label() == null ? "" : " " + j.label()) + ";");
    } else if (s instanceof Block b) {
      body(label(b.label()).trim(), b, "");
    } else {
      throw new AssertionError(s);
    }
  }

  private void loop(Loop l) {
    String c = l.counter().name;
    String cond = l.cond() == null ? "" : " && " + operand(l.cond());
    switch (l.kind()) {
      case WHILE:
        line("int " + c + " = 0;");
        body(label(l.label()) + "while (" + c + "++ < " + l.bound() + cond + ")", l.body(), "");
        break;
      case DO:
        line("int " + c + " = 0;");
        body(label(l.label()) + "do", l.body(), " while (++" + c + " < " + l.bound() + cond + ");");
        break;
      case FOR: {
        String update = c + "++" + (l.update() == null ? "" : ", " + expr(l.update()));
        body(label(l.label()) + "for (int " + c + " = 0; " + c + " < " + l.bound() + cond + "; "
            + update + ")", l.body(), "");
        break;
      }
      case FOREVER:
        line(label(l.label()) + "for (int " + c + " = 0; ; " + c + "++) {");
        indent++;
        line("if (" + c + " >= " + l.bound() + ") break;");
        stmts(l.body().stmts());
        indent--;
        line("}");
        break;
      default:
        throw new AssertionError(l);
    }
  }

  private void switchStatement(Switch w) {
    line("switch (" + expr(w.selector()) + ") {");
    indent++;
    for (Case c : w.cases()) {
      if (w.arrow()) {
        String head = c.labels().isEmpty() ? "default ->" : "case " + String.join(", ", c.labels())
            + " ->";
        List<Stmt> b = c.body().stmts();
        if (b.size() == 1 && (b.get(0) instanceof Do || b.get(0) instanceof Throw)) {
          Stmt only = b.get(0);
          line(head + " " + (only instanceof Do d ? expr(d.e()) : "throw " + expr(((Throw) only).e()))
              + ";");
        } else {
          body(head, c.body(), "");
        }
      } else {
        if (c.labels().isEmpty()) {
          line("default:");
        } else {
          for (String l : c.labels()) {
            line("case " + l + ":");
          }
        }
        indent++;
        stmts(c.body().stmts());
        indent--;
      }
    }
    indent--;
    line("}");
  }

  private void tryStatement(Try t) {
    StringBuilder head = new StringBuilder("try");
    if (!t.resources().isEmpty()) {
      List<String> rs = new ArrayList<>();
      for (Resource r : t.resources()) {
        rs.add(r.init() == null ? r.v().name : "Res " + r.v().name + " = " + expr(r.init()));
      }
      head.append(" (").append(String.join("; ", rs)).append(')');
    }
    line(head + " {");
    indent++;
    stmts(t.body().stmts());
    indent--;
    for (Catch c : t.catches()) {
      line("} catch (" + String.join(" | ", c.types()) + " " + c.param().name + ") {");
      indent++;
      stmts(c.body().stmts());
      indent--;
    }
    if (t.fin() != null) {
      line("} finally {");
      indent++;
      stmts(t.fin().stmts());
      indent--;
    }
    line("}");
  }

  // ---------------------------------------------------------------- expressions

  String expr(Expr e) {
    if (e instanceof Lit l) {
      return l.text();
    }
    if (e instanceof Ref r) {
      return r.v().name;
    }
    if (e instanceof Field f) {
      return (f.qualified() ? (f.isStatic() ? cls + "." : "this.") : "") + f.name();
    }
    if (e instanceof Elem x) {
      String index = x.mask() ? operand(x.index()) + " & 3" : expr(x.index());
      return (x.qualified() ? (x.isStatic() ? cls + "." : "this.") : "") + x.array() + "["
          + index + "]";
    }
    if (e instanceof Call c) {
      return call(c);
    }
    if (e instanceof Bin b) {
      String l = operand(b.l());
      Ast.Ty lt = Ast.ty(b.l());
      if ((b.op().equals("==") || b.op().equals("!=")) && lt != Ast.Ty.STRING && lt.isValue()
          && (Ast.boxed(b.l()) || b.l() instanceof Ast.SwitchExpr)
          && (Ast.boxed(b.r()) || b.r() instanceof Ast.SwitchExpr)) {
        // Integer == Integer would compare references (Byte == Short would not compile): unbox
        // one side (a switch whose arms all yield boxes has the box's type)
        l = "(" + lt.java + ") " + l;
      }
      return l + " " + b.op() + " " + operand(b.r());
    }
    if (e instanceof Un u) {
      return u.op() + operand(u.e());
    }
    if (e instanceof Cond c) {
      return operand(c.c()) + " ? " + operand(c.a()) + " : " + operand(c.b());
    }
    if (e instanceof Assign a) {
      return expr(a.target()) + " " + a.op() + " " + expr(a.rhs());
    }
    if (e instanceof Step s) {
      return s.prefix() ? s.op() + expr(s.target()) : expr(s.target()) + s.op();
    }
    if (e instanceof Ast.Pattern p) {
      return operand(p.obj()) + " instanceof " + p.type() + " " + p.binding().name + " && "
          + operand(p.rhs());
    }
    if (e instanceof Ast.SwitchExpr w) {
      return switchExpression(w);
    }
    throw new AssertionError(e);
  }

  /** A switch expression, on one line (its arms' statements too). */
  private String switchExpression(Ast.SwitchExpr w) {
    StringBuilder b = new StringBuilder("switch (" + expr(w.selector()) + ") {");
    for (Ast.Arm a : w.arms()) {
      String labels = a.labels().isEmpty() ? "default" : "case " + String.join(", ", a.labels());
      String body = inline(a.body().stmts());
      String value = a.value() == null ? null : yieldValue(a.value());
      if (w.arrow()) {
        if (a.body().stmts().isEmpty() && a.value() != null) {
          b.append(' ').append(labels).append(" -> ").append(expr(a.value())).append(';');
        } else {
          b.append(' ').append(labels).append(" -> {").append(body)
              .append(value != null ? " yield " + value + ";" : "").append(" }");
        }
      } else {
        b.append(' ').append(labels).append(':').append(body)
            .append(value != null ? " yield " + value + ";" : "");
      }
    }
    return b.append(" }").toString();
  }

  /**
   * {@code yield (a) + b;} would parse as a call of a method {@code yield}: a value that starts
   * with a parenthesis gets a prefix that does not change it.
   */
  private String yieldValue(Expr e) {
    String v = expr(e);
    if (!v.startsWith("(")) {
      return v;
    }
    switch (Ast.ty(e)) {
      case INT: case LONG: case DOUBLE: case FLOAT: return "+(" + v + ")";
      case BOOL: return "!!(" + v + ")";
      case STRING: return "\"\" + (" + v + ")";
      // unboxed again: a switch whose arms all yield boxes would have the box's type
      case CHAR: return "Character.valueOf(" + v + ").charValue()";
      case BYTE: return "Byte.valueOf(" + v + ").byteValue()";
      case SHORT: return "Short.valueOf(" + v + ").shortValue()";
      default: throw new AssertionError(e);
    }
  }

  private String inline(List<Stmt> stmts) {
    Source s = new Source(cls);
    s.stmts(stmts);
    String text = s.out.toString().trim().replaceAll("\\s*\\n\\s*", " ");
    return text.isEmpty() ? "" : " " + text;
  }

  /** {@code %s}: an argument as is; {@code %o}: an operand, parenthesized if compound. */
  private String call(Call c) {
    String fmt = c.fmt().replace("#C", cls);
    StringBuilder b = new StringBuilder();
    int arg = 0;
    for (int i = 0; i < fmt.length(); i++) {
      char ch = fmt.charAt(i);
      if (ch == '%' && i + 1 < fmt.length() && (fmt.charAt(i + 1) == 's' || fmt.charAt(i + 1) == 'o')) {
        Expr a = c.args().get(arg++);
        b.append(fmt.charAt(i + 1) == 's' ? expr(a) : operand(a));
        i++;
      } else {
        b.append(ch);
      }
    }
    if (arg != c.args().size()) {
      throw new AssertionError("arity of " + c.fmt());
    }
    return b.toString();
  }

  private String operand(Expr e) {
    String s = expr(e);
    boolean atomic = e instanceof Ref || e instanceof Field || e instanceof Elem
        || (e instanceof Lit && !s.startsWith("-"))
        || (e instanceof Call c && !c.has(Ast.CAST));
    return atomic ? s : "(" + s + ")";
  }
}
