package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.await4j.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular user: {@code module app { requires org.await4j; }}, with the runtime on the module
 * path, compiles with the processor and runs; its @Async body uses private members, which the
 * machine reaches from inside the same module, and its file is one the processor attributes as
 * a copy.
 */
class NamedModuleTest {
  static final String MODULE_INFO = "module app { requires org.await4j; }\n";

  static final String SERVICE = """
      package app;

      import static org.await4j.Await.await;
      import org.await4j.Async;
      import org.await4j.EventLoop;
      import org.await4j.Task;

      public class Service {
        private int hits;
        private String greet(String who) { return "hello " + who; }
        private interface Mark { String mark(String s); } // a lambda for it: made in the module
        private static final class Count { int n; }
        // attributed as a copy of the file (javac cannot read the record's constructor, the
        // var's anonymous type and the lambda's parameter back): in a module, the copy sees the
        // module path too (round 18: "package org.await4j does not exist")
        record Visit(String who, int n) {
          Visit {
            if (n < 0) throw new IllegalArgumentException("n");
          }
        }

        static int tally(java.util.List<Visit> visits) {
          var tally = new Object() { int sum; void add(int n) { sum += n; } };
          visits.forEach(v -> tally.add(v.n()));
          return tally.sum;
        }

        @Async String serve(String who) {
          hits++;
          String g = greet(await(Task.completed(who)));
          Mark mark = s -> s + " #";
          Count c = new Count();
          c.n = hits + tally(java.util.List.of(new Visit(who, 0)));
          return mark.mark(g) + c.n;
        }

        public static void main(String[] args) {
          Service s = new Service();
          System.out.println(EventLoop.run(() -> ServiceAsync.serve(s, "module")));
          System.out.println(s.serve("blocking"));
        }
      }
      """;

  @Test
  void aModularUserCompilesAndRuns(@TempDir Path dir) throws Exception {
    Path runtime = runtimeJar(dir);
    try (JarFile jar = new JarFile(runtime.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("org.await4j");
    }
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("app"));
    Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(src.resolve("app/Service.java"), SERVICE);
    Path out = Files.createDirectories(dir.resolve("out/app"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter messages = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(
          src.resolve("module-info.java"), src.resolve("app/Service.java"));
      JavaCompiler.CompilationTask task = javac.getTask(messages, files, null, List.of(
          "--module-path", runtime.toString(), "-d", out.toString(),
          "-s", Files.createDirectories(dir.resolve("gen")).toString()), null, units);
      task.setProcessors(List.of(new AsyncProcessor()));
      assertWithMessage(messages.toString()).that(task.call()).isTrue();
    }

    String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaCommand, "--module-path",
        dir.resolve("out") + java.io.File.pathSeparator + runtime, "-m", "app/app.Service")
        .redirectErrorStream(true).start();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    p.getInputStream().transferTo(printed);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = printed.toString(StandardCharsets.UTF_8);
    assertWithMessage(output).that(p.exitValue()).isEqualTo(0);
    assertThat(output).isEqualTo("hello module #1\nhello blocking #2\n");
  }

  /**
   * The runtime as users get it: its jar when the build has packaged it; else (classes in a
   * folder, as an IDE runs tests) a jar made of them with the manifest entry the build writes.
   */
  private static Path runtimeJar(Path dir) throws Exception {
    Path location = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(location)) {
      return location;
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Automatic-Module-Name", "org.await4j");
    Path jar = dir.resolve("await4j-runtime.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> classes = Files.walk(location)) {
      for (Path c : (Iterable<Path>) classes.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new java.util.jar.JarEntry(
            location.relativize(c).toString().replace(java.io.File.separatorChar, '/')));
        Files.copy(c, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
