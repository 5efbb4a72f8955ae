package org.await4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.await4j.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named module that exports the package of its @Async classes, built as a strict build builds
 * it ({@code -Xlint:all -Werror}, the runtime an automatic module): the generated classes that are
 * public there (the machines of exported methods) draw no warning of their own.
 */
class ExportedModuleTest {
  @Test
  void anExportedPackageCompilesWithoutWarnings(@TempDir Path dir) throws IOException {
    write(dir.resolve("src/module-info.java"),
        "module shop { requires transitive org.await4j; exports shop.api; }");
    write(dir.resolve("src/shop/api/Prices.java"), """
        package shop.api;

        import java.util.concurrent.CompletableFuture;
        import org.await4j.Async;
        import static org.await4j.Await.await;

        /** Prices. */
        public class Prices {
          /** Makes one. */
          public Prices() {}

          /** A price. @param id which @return the price */
          @Async public int price(int id) { return id + await(CompletableFuture.completedFuture(1)); }

          /** Two prices. @param id which @return their sum */
          @Async public int twice(int id) { return price(id) + price(id + 1); }
        }
        """);
    List<String> args = new ArrayList<>(List.of("-Xlint:all,-requires-transitive-automatic,"
            + "-requires-automatic,-processing", "-Werror",
        "--module-path", runtimeJar(dir).toString(),
        "--processor-path", System.getProperty("java.class.path"),
        "-processor", AsyncProcessor.class.getName(),
        "-d", dir.resolve("out").toString(), "-s", Files.createDirectories(dir.resolve("gen")).toString()));
    try (Stream<Path> sources = Files.walk(dir.resolve("src"))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    int status = javac.run(null, new WriterStream(out), new WriterStream(out), args.toArray(new String[0]));
    assertWithMessage(out.toString()).that(status).isEqualTo(0);
  }

  /** The runtime as a jar: the module path takes a directory only with a module-info. */
  private static Path runtimeJar(Path dir) throws IOException {
    Path runtime;
    try {
      runtime = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isRegularFile(runtime)) {
      return runtime;
    }
    Path jar = dir.resolve("org.await4j.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(runtime)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(runtime.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** javac's output streams, gathered as text for the failure message. */
  private static final class WriterStream extends OutputStream {
    private final StringWriter out;

    WriterStream(StringWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.write(b);
    }
  }
}
