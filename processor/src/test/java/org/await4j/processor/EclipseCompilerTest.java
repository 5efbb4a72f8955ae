package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under Eclipse's compiler (ECJ), which has no com.sun.source Trees, the processor cannot read
 * method bodies: it reports one clear error that says to build with javac, and nothing else
 * of its own.
 */
class EclipseCompilerTest {
  @Test
  void oneClearErrorUnderEcj(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("e/E.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, """
        package e;

        import org.await4j.Async;
        import org.await4j.Task;
        import static org.await4j.Await.await;

        public class E {
          @Async static int one(Task<Integer> t) { return await(t); }
          @Async static int two(Task<Integer> t) { return await(t) + 1; }
        }
        """);
    String runtime;
    try {
      runtime = Path.of(org.await4j.Async.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
    JavaCompiler ecj = new EclipseCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = ecj.getStandardFileManager(diagnostics, null, null)) {
      JavaCompiler.CompilationTask task = ecj.getTask(null, files, diagnostics,
          List.of("-17", "-proc:only", "-classpath", runtime, "-d", dir.resolve("out").toString(),
              "-s", dir.resolve("gen").toString()),
          null, files.getJavaFileObjects(source.toFile()));
      task.setProcessors(List.of(new AsyncProcessor()));
      task.call();
    }
    List<String> ours = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(Locale.ROOT))
        .filter(m -> m.contains("[await4j:"))
        .collect(Collectors.toList());
    assertThat(ours).hasSize(1);
    assertThat(ours.get(0)).contains("[await4j:NoTrees]");
    assertThat(ours.get(0)).contains("build with javac");
  }
}
