package org.await4j.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W4: the processor's cost. javac (in process, through {@link ToolProvider}, as Maven runs it)
 * compiles a tree of {@value #CLASSES} classes with four {@code @Async} methods each ({@link
 * SourceTree}), once with {@code -proc:none} and once with the await4j processor on the processor
 * path. One op is one whole compilation; benchmarks/run prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class W4Javac {
  public static final int CLASSES = 500;
  static final String PROCESSOR = "org.await4j.processor.AsyncProcessor";

  Path root;
  List<Path> sources;
  /** This JVM's class path, absolute: the runtime (and, for the processor path, the processor). */
  String classPath;
  Path out;

  @Setup(Level.Trial)
  public void writeSources() throws IOException {
    root = Files.createTempDirectory("await4j-w4-");
    sources = SourceTree.write(root.resolve("src"), CLASSES);
    classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Paths.get(p).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    if (ToolProvider.getSystemJavaCompiler() == null) {
      throw new IllegalStateException("W4 needs a JDK (javax.tools), not a JRE");
    }
  }

  @Setup(Level.Invocation)
  public void freshOutput() throws IOException {
    out = Files.createTempDirectory(root, "out");
  }

  @TearDown(Level.Invocation)
  public void dropOutput() {
    delete(out);
  }

  @TearDown(Level.Trial)
  public void deleteSources() {
    delete(root);
  }

  @Benchmark
  public int javacWithoutProcessor() throws IOException {
    return compile(false);
  }

  @Benchmark
  public int javacWithAwait4j() throws IOException {
    return compile(true);
  }

  /** Compiles the tree; returns the number of class files written (so the two runs can be told apart). */
  int compile(boolean await4j) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(out.resolve("classes"));
    Path generated = Files.createDirectories(out.resolve("generated"));
    List<String> options = new ArrayList<>(List.of(
        "--release", "17", "-encoding", "UTF-8", "-nowarn",
        "-d", classes.toString(), "-s", generated.toString(), "-classpath", classPath));
    if (await4j) {
      options.addAll(List.of("-processorpath", classPath, "-processor", PROCESSOR));
    } else {
      options.add("-proc:none");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(log, files, diagnostics, options, null,
          files.getJavaFileObjectsFromPaths(sources)).call();
      if (!ok) {
        throw new IllegalStateException("javac failed: " + log + diagnostics.getDiagnostics()
            .stream().limit(10).map(Object::toString).collect(Collectors.joining("\n")));
      }
    }
    try (Stream<Path> written = Files.walk(classes)) {
      int n = (int) written.filter(p -> p.toString().endsWith(".class")).count();
      int expected = await4j ? CLASSES * 6 : CLASSES;
      if (n < expected) {
        throw new IllegalStateException("javac wrote " + n + " classes, expected " + expected);
      }
      return n;
    }
  }

  private static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
