package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The debug mode is read once, from {@code -Dawait4j.debug}: each case runs in its own JVM,
 * {@link Main}, and checks what it prints.
 */
class DebugModeTest {
  /** A caller suspended on a callee suspended on a future that never completes; one slow step. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      List<String> trace = new ArrayList<>();
      CompletableFuture<String> never = new CompletableFuture<>();
      Machines.AwaitOnce callee = new Machines.AwaitOnce(never, trace);
      Task<String> caller = new Machines.Caller(callee::start, trace).start(); // default loop
      // The caller is listed from its start, before it reaches its await: wait for the link.
      for (int i = 0; i < 2500 && !linked(Debug.pendingTasks()); i++) {
        Thread.sleep(2);
      }
      System.out.println("ENABLED " + Debug.ENABLED);
      for (String line : Debug.pendingTasks()) {
        System.out.println("PENDING " + line);
      }
      EventLoop.currentOrDefault().execute(() -> {
        long end = System.nanoTime() + 150_000_000L; // holds the loop for 150 ms
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      });
      Thread.sleep(400);
      System.out.println("caller pending " + !caller.isDone());
    }

    private static boolean linked(List<String> pending) {
      return pending.size() == 2 && pending.stream().anyMatch(l -> l.contains("awaited by"))
          && pending.stream().anyMatch(l -> l.contains("awaiting"));
    }
  }

  @Test
  void theDumpListsEachPendingTaskWithWhatItAwaitsAndWhoAwaitsIt() throws Exception {
    String out = run("-Dawait4j.debug=true");
    assertTrue(out.contains("ENABLED true"), out);
    List<String> pending = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("PENDING ")) {
        pending.add(line);
      }
    }
    assertEquals(2, pending.size(), out);
    assertTrue(pending.stream().anyMatch(l -> l.contains("AwaitOnce state 1")
        && l.contains("awaited by")), out);
    assertTrue(pending.stream().anyMatch(l -> l.contains("Caller state 1")
        && l.contains("awaiting")), out);
    assertTrue(out.contains("held the loop thread 'await4j-default-loop'"), out);
  }

  @Test
  void offByDefault() throws Exception {
    String out = run("-Dawait4j.debug=false");
    assertTrue(out.contains("ENABLED false"), out);
    assertTrue(!out.contains("PENDING ") && !out.contains("held the loop"), out);
  }

  private static String run(String flag) throws Exception {
    String java = System.getProperty("java.home") + "/bin/java";
    Process p = new ProcessBuilder(java, flag, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return out.toString(StandardCharsets.UTF_8);
  }
}
