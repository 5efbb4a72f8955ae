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
import javax.annotation.processing.Processor;
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
 * path (and, to tell the processor's own cost from its cold start, with an instance loaded once).
 * One op is one whole compilation; benchmarks/run prints the ratio.
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
    sources = SourceTree.write(root.resolve("src"), CLASSES, asyncEvery());
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

  /** Cheaper, so it gets more iterations: a cold javac takes several runs to settle. */
  @Benchmark
  @Warmup(iterations = 6)
  @Measurement(iterations = 5)
  public int javacWithoutProcessor() throws IOException {
    return compile(Await4j.NONE);
  }

  /** The processor on the processor path: javac loads it in a new class loader each run, as in a build. */
  @Benchmark
  public int javacWithAwait4j() throws IOException {
    return compile(Await4j.PROCESSOR_PATH);
  }

  /**
   * Diagnostic: the processor's classes loaded once, in this JVM (an instance handed to javac),
   * so that its code is as warm as javac's own. The gap to {@link #javacWithAwait4j} is the cost
   * of running the processor and JavaPoet cold in each build.
   */
  @Benchmark
  @Warmup(iterations = 2)
  @Measurement(iterations = 3)
  public int javacWithAwait4jWarm() throws IOException {
    return compile(Await4j.INSTANCE);
  }

  /** Every class of the tree has @Async methods (W4, the dense tree). */
  int asyncEvery() {
    return 1;
  }

  enum Await4j { NONE, PROCESSOR_PATH, INSTANCE }

  /** Compiles the tree; returns the number of class files written. */
  int compile(Await4j await4j) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(out.resolve("classes"));
    Path generated = Files.createDirectories(out.resolve("generated"));
    List<String> options = new ArrayList<>(List.of(
        "--release", "17", "-encoding", "UTF-8", "-nowarn",
        "-d", classes.toString(), "-s", generated.toString(), "-classpath", classPath));
    Processor instance = null;
    switch (await4j) {
      case NONE:
        options.add("-proc:none");
        break;
      case PROCESSOR_PATH:
        options.addAll(List.of("-processorpath", classPath, "-processor", PROCESSOR));
        break;
      case INSTANCE:
        instance = newProcessor();
        break;
      default:
        throw new AssertionError(await4j);
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task = javac.getTask(log, files, diagnostics, options, null,
          files.getJavaFileObjectsFromPaths(sources));
      if (instance != null) {
        task.setProcessors(List.of(instance));
      }
      boolean ok = task.call();
      if (!ok) {
        throw new IllegalStateException("javac failed: " + log + diagnostics.getDiagnostics()
            .stream().limit(10).map(Object::toString).collect(Collectors.joining("\n")));
      }
    }
    try (Stream<Path> written = Files.walk(classes)) {
      int n = (int) written.filter(p -> p.toString().endsWith(".class")).count();
      // each async class gets a twin and four machines
      int expected = await4j == Await4j.NONE ? CLASSES
          : CLASSES + 5 * SourceTree.asyncClasses(CLASSES, asyncEvery());
      if (n < expected) {
        throw new IllegalStateException("javac wrote " + n + " classes, expected " + expected);
      }
      return n;
    }
  }

  /** The processor is only on the run-time class path (a runtime-scope dependency). */
  private static Processor newProcessor() {
    try {
      return (Processor) Class.forName(PROCESSOR).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(PROCESSOR + " is not on the class path", e);
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
