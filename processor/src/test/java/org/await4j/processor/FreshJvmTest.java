package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  static final String PENDING = """
      package pending;

      import static org.await4j.Await.await;

      import java.time.Duration;
      import org.await4j.Async;
      import org.await4j.Debug;
      import org.await4j.EventLoop;
      import org.await4j.Task;
      import org.await4j.Tasks;

      public class Main {
        @Async static String fetch(String u) {
          await(Tasks.sleep(Duration.ofMillis(50)));
          return u;
        }

        @Async static String page(String u) {
          return fetch(u) + "!"; // a direct call: fetch's fast path waits, and spills
        }

        @Async static String run() {
          Task<String> p = MainAsync.page("x");
          await(Tasks.sleep(Duration.ofMillis(5)));
          String dump = String.join("\\n", Debug.pendingTasks());
          await(p);
          return dump;
        }

        public static void main(String[] args) {
          for (String line : EventLoop.run(MainAsync::run).split("\\n")) {
            System.out.println("PENDING " + line.replaceAll("Task-\\\\d+", "Task-n")
                .replaceAll("@[0-9a-f]+", "@x"));
          }
        }
      }
      """;

  /**
   * The debug mode lists every machine started since, also one a direct call's fast path made
   * when it had to wait (round 18: it was left out, with the timer it waited on).
   */
  @Test
  void theDebugModeListsAMachineADirectCallSpilledInto(@TempDir Path dir) throws Exception {
    for (String mode : new String[] {"-Dawait4j.debug=true", "-Dawait4j.debug=false"}) {
      String out = run(dir, "pending.Main", PENDING, mode);
      assertWithMessage(mode + "\n" + out).that(out).contains(
          "PENDING Task-n suspended at Main.fetch, line 14, awaiting Timer@x, awaited by Task-n");
      assertWithMessage(mode + "\n" + out).that(out).contains(
          "PENDING Task-n suspended at Main.page, line 19, awaiting Task-n[pending at Main.fetch,"
              + " line 14]");
    }
  }

  private static String run(Path dir, String main, String source, String... flags)
      throws IOException, InterruptedException {
    Compilation c = Harness.compile(main, source);
    assertWithMessage(Harness.describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    for (Map.Entry<String, byte[]> e : CompiledClasses.byName(c.generatedFiles()).entrySet()) {
      Path file = dir.resolve(e.getKey().replace('.', '/') + ".class");
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath = dir + File.pathSeparator + System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xss512k"));
    command.addAll(List.of(flags));
    command.addAll(List.of("-cp", classPath, main));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertWithMessage("the program did not end").that(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
