package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.await4j.testing.CompiledClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs run in a JVM of their own, for what depends on the runtime's classes being loaded for
 * the first time (this test JVM has loaded them all long before).
 */
class FreshJvmTest {
  static final String DEEP = """
      package deep;

      import org.await4j.Async;
      import org.await4j.EventLoop;

      public class Main {
        static int finallies;

        @Async static int depth(int n) {
          try {
            return n == 0 ? 0 : 1 + depth(n - 1);
          } finally {
            finallies++;
          }
        }

        @Async static int small() { return 42; }

        public static void main(String[] args) {
          try {
            System.out.println("first " + EventLoop.run(() -> MainAsync.depth(10_000_000)));
          } catch (StackOverflowError e) {
            System.out.println("first StackOverflowError");
          } catch (Throwable t) {
            System.out.println("first " + t);
          }
          try {
            System.out.println("second " + EventLoop.run(() -> MainAsync.small()));
          } catch (Throwable t) {
            System.out.println("second " + t);
          }
        }
      }
      """;

  /**
   * A stack overflow in the first body that ever fails leaves the runtime usable: the classes a
   * failing body needs were initialized before, at a shallow depth (initialized by the failure
   * itself, deep in the recursion, they overflowed too and stayed unusable until the JVM exited:
   * NoClassDefFoundError), and the loop is unbound from the thread whatever its closing throws.
   */
  @Test
  void aStackOverflowInTheFirstFailingBodyLeavesTheRuntimeUsable(@TempDir Path dir) throws Exception {
    String out = run(dir, "deep.Main", DEEP);
    assertThat(out).isEqualTo("first StackOverflowError\nsecond 42\n");
  }

  private static String run(Path dir, String main, String source) throws IOException, InterruptedException {
    Compilation c = Harness.compile(main, source);
    assertWithMessage(Harness.describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    for (Map.Entry<String, byte[]> e : CompiledClasses.byName(c.generatedFiles()).entrySet()) {
      Path file = dir.resolve(e.getKey().replace('.', '/') + ".class");
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath = dir + File.pathSeparator + System.getProperty("java.class.path");
    Process p = new ProcessBuilder(java.toString(), "-Xss512k", "-cp", classPath, main)
        .redirectErrorStream(true).start();
    assertWithMessage("the program did not end").that(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
