package org.await4j.asynciotraces;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.await4j.Task;
import org.await4j.VirtualTime;
import org.await4j.processor.AsyncProcessor;
import org.await4j.testing.CompiledClasses;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * CPython 3.11 itself, trace for trace: each scenario of {@code tools/asyncio-traces/scenarios}
 * is a Python script whose output {@code record.sh} recorded in {@code traces/}, and an {@code
 * @Async} Java program in {@code java/traces} written the same way. The Java program runs on a
 * loop with virtual time (the Python one on real time: the scenarios order events by distinct
 * deadlines and passes, never by how long work takes) and must print the same lines, except
 * where README's "Where await4j still differs from asyncio" says why not ({@link #KNOWN}).
 */
class AsyncioTracesTest {
  static final Path DIR = locate();


  /**
   * The differences README names on purpose ("Where await4j still differs from asyncio"): per
   * scenario, a block of CPython's lines and the block await4j prints instead, with README's
   * reason. Each block must still be found in CPython's trace, in order, so that a recorded trace
   * that no longer shows the difference fails here.
   */
  static final Map<String, List<Known>> KNOWN = Map.of();

  /** CPython's lines {@code python} are await4j's {@code java} (blocks, lines joined by \n). */
  record Known(String python, String java, String readmeReason) {}

  private static Path locate() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path d = p.resolve("tools/asyncio-traces");
      if (Files.isDirectory(d)) {
        return d;
      }
    }
    throw new AssertionError("tools/asyncio-traces not found above " + Path.of("").toAbsolutePath());
  }

  @TestFactory
  Stream<DynamicTest> sameTraceAsCPython() throws IOException {
    ClassLoader loader = compileAll();
    List<String> names;
    try (Stream<Path> s = Files.list(DIR.resolve("scenarios"))) {
      names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py"))
          .map(n -> n.substring(0, n.length() - 3)).sorted().collect(Collectors.toList());
    }
    assertWithMessage("scenarios").that(names).isNotEmpty();
    return names.stream().map(n -> DynamicTest.dynamicTest(n, () -> check(loader, n)));
  }

  private static void check(ClassLoader loader, String scenario) throws Exception {
    List<String> expected = expected(scenario);
    List<String> actual = run(loader, className(scenario));
    assertWithMessage("%s: the @Async program (java/traces/%s.java) against CPython's trace"
        + " (traces/%s.txt)\nCPython:\n  %s\nawait4j:\n  %s", scenario, className(scenario),
        scenario, String.join("\n  ", expected), String.join("\n  ", actual))
        .that(actual).containsExactlyElementsIn(expected).inOrder();
  }

  /** CPython's trace, with the lines README names as different replaced by await4j's. */
  static List<String> expected(String scenario) throws IOException {
    List<String> lines = new ArrayList<>(
        Files.readAllLines(DIR.resolve("traces/" + scenario + ".txt"), StandardCharsets.UTF_8));
    int from = 0;
    for (Known k : KNOWN.getOrDefault(scenario, List.of())) {
      List<String> python = List.of(k.python().split("\n"));
      int at = -1;
      for (int i = from; i + python.size() <= lines.size(); i++) {
        if (lines.subList(i, i + python.size()).equals(python)) {
          at = i;
          break;
        }
      }
      assertWithMessage("%s: known difference (%s) no longer in CPython's trace: %s", scenario,
          k.readmeReason(), k.python()).that(at).isAtLeast(0);
      List<String> java = List.of(k.java().split("\n"));
      lines.subList(at, at + python.size()).clear();
      lines.addAll(at, java);
      from = at + java.size();
    }
    return lines;
  }

  @SuppressWarnings("unchecked")
  private static List<String> run(ClassLoader loader, String className) throws Exception {
    Class<?> trace = loader.loadClass("traces.Trace");
    List<String> out = (List<String>) trace.getField("OUT").get(null);
    out.clear();
    Method main = loader.loadClass("traces." + className + "Async").getMethod("main");
    new VirtualTime().run(() -> {
      try {
        return (Task<Object>) main.invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    });
    return new ArrayList<>(out);
  }

  /** gather_fail -> GatherFail. */
  static String className(String scenario) {
    StringBuilder s = new StringBuilder();
    for (String part : scenario.split("_")) {
      s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return s.toString();
  }

  private static ClassLoader compileAll() throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    try (Stream<Path> s = Files.list(DIR.resolve("java/traces"))) {
      for (Path p : s.sorted().collect(Collectors.toList())) {
        String name = p.getFileName().toString();
        sources.add(JavaFileObjects.forSourceString(
            "traces." + name.substring(0, name.length() - ".java".length()),
            Files.readString(p, StandardCharsets.UTF_8)));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Compilation c = Compiler.javac().withProcessors(new AsyncProcessor()).compile(sources);
    String diagnostics = c.diagnostics().stream()
        .map(d -> d.getKind() + " " + d.getSource() + " line " + d.getLineNumber() + ": "
            + d.getMessage(null))
        .collect(Collectors.joining("\n"));
    assertWithMessage(diagnostics).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    return CompiledClasses.loader(c);
  }
}
