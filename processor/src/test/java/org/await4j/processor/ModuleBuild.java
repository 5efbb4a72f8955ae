package org.await4j.processor;

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

/**
 * A named module built with the processor, as a build tool builds one: sources under {@code
 * dir/src}, classes to {@code dir/out}, the runtime on the module path as an automatic module.
 */
final class ModuleBuild {
  private ModuleBuild() {}

  /** Compiles {@code dir/src} with {@code options}; returns javac's status and output. */
  static Result compile(Path dir, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("--module-path", runtimeJar(dir).toString(),
        "--processor-path", System.getProperty("java.class.path"),
        "-processor", AsyncProcessor.class.getName(),
        "-d", dir.resolve("out").toString(),
        "-s", Files.createDirectories(dir.resolve("gen")).toString()));
    try (Stream<Path> sources = Files.walk(dir.resolve("src"))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    int status = javac.run(null, new WriterStream(out), new WriterStream(out), args.toArray(new String[0]));
    return new Result(status, out.toString());
  }

  /** javac's status and what it printed. */
  record Result(int status, String output) {}

  /** The runtime as a jar: the module path takes a directory only with a module-info. */
  static Path runtimeJar(Path dir) throws IOException {
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
    if (Files.exists(jar)) {
      return jar;
    }
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

  static void write(Path file, String text) throws IOException {
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
