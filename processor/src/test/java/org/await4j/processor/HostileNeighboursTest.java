package org.await4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Method;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.testing.CompiledClasses;
import org.junit.jupiter.api.Test;

/**
 * Hostile but valid neighbours (issue 9): odd code javac accepts, written beside {@code @Async}
 * methods, in other methods of the class or in the @Async body where it does not suspend. Each
 * class must compile with the processor without a diagnostic, and its plain code must give what
 * it gives compiled without the processor; the @Async method must still work as a machine.
 */
class HostileNeighboursTest {
  private static final String HEADER = "package n;\n"
      + "import static org.await4j.Await.await;\n"
      + "import java.io.Serializable;\n"
      + "import java.lang.annotation.*;\n"
      + "import java.util.*;\n"
      + "import java.util.function.*;\n"
      + "import java.util.stream.*;\n"
      + "import org.await4j.Async;\n"
      + "import org.await4j.Task;\n"
      + "public class Neighbours {\n"
      + "  @Async static int next(int x) { int y = await(Task.completed(x)); return y + 1; }\n";

  @Test
  void capturedWildcardLambda() {
    check("static String p(List<?> l) {\n"
        + "  StringBuilder b = new StringBuilder();\n"
        + "  l.forEach(x -> b.append(x));\n"
        + "  return b.toString();\n"
        + "}\n"
        + "static String plain() { return p(List.of(1, \"a\", 2.5)); }\n");
  }

  @Test
  void capturedWildcardsPassedOn() {
    check("static <T> void swapFirst(List<T> l) { T t = l.get(0); l.set(0, l.get(1)); l.set(1, t); }\n"
        + "static void swap(List<?> l) { swapFirst(l); }\n"
        + "static Object first(Map<?, ? extends List<?>> m) {\n"
        + "  return m.values().stream().map(v -> v.get(0)).findFirst().orElse(null);\n"
        + "}\n"
        + "static String plain() {\n"
        + "  List<String> l = new ArrayList<>(List.of(\"a\", \"b\"));\n"
        + "  swap(l);\n"
        + "  return l + \" \" + first(Map.of(\"k\", List.of(7)));\n"
        + "}\n");
  }

  @Test
  void varOfIntersectionType() {
    check("static String plain() {\n"
        + "  boolean f = Boolean.parseBoolean(\"true\");\n"
        + "  var x = f ? Integer.valueOf(1) : \"s\";\n"
        + "  var list = List.of(1, \"two\");\n"
        + "  return x + \" \" + list + \" \" + (x instanceof Comparable);\n"
        + "}\n");
  }

  @Test
  void varOfAnonymousType() {
    check("static String plain() {\n"
        + "  var o = new Object() { int n = 3; String twice() { return \"\" + n + n; } };\n"
        + "  o.n++;\n"
        + "  return o.twice();\n"
        + "}\n");
  }

  @Test
  void localRecordsEnumsAndInterfaces() {
    check("static String plain() {\n"
        + "  record Point(int x, int y) { int sum() { return x + y; } }\n"
        + "  enum Color { RED, GREEN }\n"
        + "  interface Shape { default String name() { return \"shape\"; } }\n"
        + "  class Square implements Shape { }\n"
        + "  return new Point(1, 2).sum() + \" \" + Color.valueOf(\"GREEN\").ordinal() + \" \"\n"
        + "      + new Square().name() + \" \" + new Point(3, 4);\n"
        + "}\n");
  }

  @Test
  void genericInnerClasses() {
    check("static class Box<T> {\n"
        + "  T value;\n"
        + "  Box(T value) { this.value = value; }\n"
        + "  class Pair<U> { U other; Pair(U other) { this.other = other; }\n"
        + "    String show() { return value + \"/\" + other; } }\n"
        + "  <R> Box<R> map(Function<? super T, ? extends R> f) { return new Box<>(f.apply(value)); }\n"
        + "}\n"
        + "static String plain() {\n"
        + "  Box<String> b = new Box<>(\"x\");\n"
        + "  Box<String>.Pair<Integer> p = b.new Pair<>(5);\n"
        + "  return p.show() + \" \" + b.map(String::length).value;\n"
        + "}\n");
  }

  @Test
  void annotationsWithValuesOnLocalsAndTypeUses() {
    check("@Target({ElementType.TYPE_USE, ElementType.LOCAL_VARIABLE})\n"
        + "@interface Tag { String value(); int[] n() default {1, 2}; }\n"
        + "@SuppressWarnings({\"unchecked\", \"rawtypes\"})\n"
        + "static String plain() {\n"
        + "  @Tag(value = \"local\", n = {3}) List raw = new ArrayList();\n"
        + "  raw.add(\"r\");\n"
        + "  List<@Tag(\"use\") String> names = new ArrayList<>(List.of(\"a\"));\n"
        + "  @Tag(\"arr\") String @Tag(\"dim\") [] arr = {\"z\"};\n"
        + "  Object o = (@Tag(\"cast\") Object) names;\n"
        + "  return raw + \" \" + names + \" \" + arr[0] + \" \" + o;\n"
        + "}\n");
  }

  @Test
  void inferredLambdaParametersAndGenericMethods() {
    check("static String plain() {\n"
        + "  List<String> words = List.of(\"bb\", \"a\", \"ccc\");\n"
        + "  String longest = Collections.max(words, (a, b) -> a.length() - b.length());\n"
        + "  Map<Integer, List<String>> byLength = words.stream()\n"
        + "      .collect(Collectors.groupingBy(s -> s.length(), TreeMap::new, Collectors.toList()));\n"
        + "  BiFunction<Integer, Integer, Integer> add = (var x, var y) -> x + y;\n"
        + "  Comparator<String> c = new Comparator<>() {\n"
        + "    public int compare(String a, String b) { return b.compareTo(a); } };\n"
        + "  List<String> sorted = new ArrayList<>(words); sorted.sort(c);\n"
        + "  return longest + \" \" + byLength + \" \" + add.apply(2, 3) + \" \" + sorted;\n"
        + "}\n");
  }

  @Test
  void oddButValidInsideTheAsyncClassBodyItself() {
    check("@Async static String mixed(List<?> l) {\n"
        + "  int n = await(Task.completed(l.size()));\n"
        + "  StringBuilder b = new StringBuilder();\n"
        + "  l.forEach(x -> b.append(x).append(';'));\n"
        + "  Supplier<List<? extends Number>> s = () -> List.of(n, 2.5);\n"
        + "  return b + \" \" + s.get() + \" \" + n;\n"
        + "}\n"
        + "static String plain() { return mixed(List.of(\"a\", 1)); }\n");
  }

  @Test
  void everythingTogether() {
    check("static String p(List<?> l) { StringBuilder b = new StringBuilder();"
        + " l.forEach(x -> b.append(x)); return b.toString(); }\n"
        + "static String q() { record R(int a) { } enum E { A } return new R(1) + \"\" + E.A; }\n"
        + "static String r() { var x = List.of(1, \"two\"); return x.toString(); }\n"
        + "static String plain() { return p(List.of(1, 2)) + q() + r(); }\n");
  }

  /**
   * Compiles {@code members} beside an @Async method with and without the processor: both must
   * succeed without a diagnostic, and {@code plain()} must return the same in both.
   */
  private static void check(String members) {
    String source = HEADER + members + "}\n";
    Compilation with = Harness.compile("n.Neighbours", source);
    assertWithMessage(Harness.describe(with)).that(with.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertWithMessage(Harness.describe(with)).that(with.errors()).isEmpty();
    Compilation without = Compiler.javac().withOptions("-proc:none")
        .compile(JavaFileObjects.forSourceString("n.Neighbours", source));
    assertWithMessage(Harness.describe(without)).that(without.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertEquals(call(CompiledClasses.loader(without), "n.Neighbours", "plain"),
        call(CompiledClasses.loader(with), "n.Neighbours", "plain"),
        "plain code gives another result compiled with the processor");
    ClassLoader loader = CompiledClasses.loader(with);
    Object viaMachine = EventLoop.run(() -> {
      @SuppressWarnings("unchecked")
      Task<Object> t = (Task<Object>) call(loader, "n.NeighboursAsync", "next", 41);
      return t;
    });
    assertEquals(42, viaMachine);
  }

  private static Object call(ClassLoader loader, String type, String method, Object... args) {
    try {
      for (Method m : loader.loadClass(type).getDeclaredMethods()) {
        if (m.getName().equals(method) && m.getParameterCount() == args.length) {
          m.setAccessible(true);
          return m.invoke(null, args);
        }
      }
      throw new AssertionError("no " + type + "." + method);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
