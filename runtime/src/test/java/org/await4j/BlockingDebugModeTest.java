package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Blocking debug mode ({@code -Dawait4j.debug.blocking=true}, read once): a call through a stub
 * runs the source method on a thread of its own, one body at a time with its loop, and {@code
 * await} hands control back. Each case runs {@link Main} in its own JVM; the "stubs" here are
 * written by hand as the processor writes them.
 */
class BlockingDebugModeTest {
  /** Source methods as a user writes them, with their stubs. */
  public static final class Main {
    static final List<String> log = new ArrayList<>();

    public static String worker(String name, CompletableFuture<String> go) {
      log.add(name + " starts on " + (EventLoop.current() != null) + " loop");
      Await.await(go);
      String inner = inner(name); // a plain call, as in the blocking run
      log.add(name + " ends");
      return inner;
    }

    static String inner(String name) {
      StackTraceElement[] here = new Throwable().getStackTrace();
      // the debugger's view: the user's own frames, inner called by worker
      return name + ":" + here[0].getMethodName() + "<" + here[1].getMethodName();
    }

    public static Task<String> workerAsync(String name, CompletableFuture<String> go) { // stub
      if (Debug.BLOCKING) {
        return Debug.callBlocking(Main.class, "worker",
            new Class<?>[] {String.class, CompletableFuture.class}, null, new Object[] {name, go});
      }
      throw new AssertionError("the test runs in blocking debug mode only");
    }

    public static List<String> both() {
      CompletableFuture<String> slowGo = new CompletableFuture<>();
      CompletableFuture<String> quickGo = new CompletableFuture<>();
      Task<String> slow = workerAsync("slow", slowGo);
      Task<String> quick = workerAsync("quick", quickGo);
      log.add("both started");
      quickGo.complete("go"); // the quick one is resumed first, then the slow one
      slowGo.complete("go");
      List<String> out = new ArrayList<>();
      out.add(Await.await(slow));
      out.add(Await.await(quick));
      log.add("both awaited, current is " + (Task.current() != null));
      return out;
    }

    public static String fails() {
      Await.await(Tasks.sleep(Duration.ofMillis(1)));
      throw new IllegalStateException("from the body");
    }

    public static String cancelled() {
      try {
        Await.await(new CompletableFuture<String>());
        return "never";
      } finally {
        log.add("finally of the cancelled body");
      }
    }

    /** A deadline cancels the awaited body and ends the block with a TimeoutException. */
    public static String timesOut() throws TimeoutException {
      try (Timeout t = Timeout.after(Duration.ofMillis(20))) {
        try {
          return Await.await(call("cancelled"));
        } finally {
          log.add("finally of the timed-out body, expired " + t.expired());
        }
      }
    }

    /** A child's failure cancels its sibling and the body's await; the group raises it. */
    public static String groupFails() {
      try (TaskGroup g = new TaskGroup()) {
        g.start(call("cancelled"));
        g.start(call("fails"));
        try {
          return Await.await(new CompletableFuture<String>());
        } finally {
          log.add("finally of the group's body");
        }
      }
    }

    static final List<Task<?>> currents = new ArrayList<>();

    /** Spawned: Task.current() before and after a wait is the task that spawn returned. */
    public static String spawnedBody() {
      currents.add(Task.current());
      Await.await(Tasks.sleep(Duration.ofMillis(1)));
      currents.add(Task.current());
      return "spawned";
    }

    /** Left asleep when the main task ends: the end of run cancels it, its finally runs. */
    public static String leftAsleep() {
      try {
        Await.await(Tasks.sleep(Duration.ofSeconds(10)));
        return "woke";
      } finally {
        log.add("finally of the body left asleep");
      }
    }

    /** Where a pending blocking body is, as a machine says it. */
    public static String looksAround() {
      Task<String> sleeper = call("leftAsleep");
      Await.await(Tasks.sleep(Duration.ofMillis(5)));
      log.add("sleeper " + sleeper.toString().replaceAll("Task-\\d+", "Task-n")
          .replaceAll("line \\d+", "line n"));
      log.add("dumped " + Debug.pendingTasks().stream().anyMatch(l -> l.contains("leftAsleep")));
      return "looked";
    }

    /** A failure made on another thread shows the body that awaited it, as in the blocking run. */
    public static String awaitsForeignFailure() {
      CompletableFuture<String> f = new CompletableFuture<>();
      new Thread(() -> f.completeExceptionally(new IllegalStateException("foreign"))).start();
      try {
        return Await.await(f);
      } catch (IllegalStateException e) {
        return "FOREIGN shows its awaiter: " + java.util.Arrays.stream(e.getStackTrace())
            .anyMatch(frame -> frame.getMethodName().equals("awaitsForeignFailure"));
      }
    }

    public static String lockWaiter(org.await4j.sync.Lock l, String name) {
      Await.await(l.acquire());
      try {
        return name;
      } finally {
        l.release();
      }
    }

    /** A lock handed to a body that is cancelled before it resumes goes to the next waiter. */
    public static String lockHandoff() {
      org.await4j.sync.Lock l = new org.await4j.sync.Lock();
      Await.await(l.acquire());
      Class<?>[] types = {org.await4j.sync.Lock.class, String.class};
      Task<String> w1 = Debug.callBlocking(Main.class, "lockWaiter", types, null, new Object[] {l, "w1"});
      Task<String> w2 = Debug.callBlocking(Main.class, "lockWaiter", types, null, new Object[] {l, "w2"});
      Await.await(Tasks.yieldNow());
      l.release(); // handed to w1, which has not resumed yet
      w1.cancel();
      String r2 = Await.await(w2);
      return "HANDOFF " + r2 + ", w1 cancelled " + w1.isCancelled() + ", locked " + l.isLocked();
    }

    /** As a machine: an await of its own task throws (it hung here). */
    @SuppressWarnings("unchecked")
    public static String awaitsItself() {
      try {
        return Await.await((Task<String>) Task.current());
      } catch (IllegalStateException e) {
        return "SELF " + e.getMessage().replaceAll("Task-\\d+", "Task-n");
      }
    }

    static <T> Task<T> call(String method) {
      return Debug.callBlocking(Main.class, method, new Class<?>[0], null, new Object[0]);
    }

    public static void main(String[] args) throws Exception {
      System.out.println("BLOCKING " + Debug.BLOCKING);
      List<String> out = EventLoop.run(() -> Debug.callBlocking(Main.class, "both",
          new Class<?>[0], null, new Object[0]));
      System.out.println("RESULT " + out);
      try {
        EventLoop.run(() -> Debug.<String>callBlocking(Main.class, "fails", new Class<?>[0], null,
            new Object[0]));
      } catch (IllegalStateException e) {
        System.out.println("FAILED " + e.getMessage() + " at " + e.getStackTrace()[0].getMethodName());
      }
      List<Outcome<String>> c = EventLoop.run(() -> {
        Task<String> t = Debug.callBlocking(Main.class, "cancelled", new Class<?>[0], null,
            new Object[0]);
        t.cancel();
        return Tasks.allSettled(t);
      });
      System.out.println("CANCELLED " + c.get(0).toString().contains("ancel"));
      for (String scope : List.of("timesOut", "groupFails")) {
        System.out.println("RUNNING " + scope);
        try {
          EventLoop.run(() -> call(scope));
        } catch (Exception e) {
          System.out.println("SCOPE " + e + ", cause " + e.getCause());
        }
      }
      List<Task<?>> spawned = new ArrayList<>();
      EventLoop.run(() -> {
        spawned.add(Tasks.spawn(() -> call("spawnedBody")));
        return spawned.get(0);
      });
      System.out.println("SPAWNED current is the spawned task: "
          + (currents.size() == 2 && currents.stream().allMatch(x -> x == spawned.get(0))));
      EventLoop.run(() -> call("looksAround"));
      System.out.println(EventLoop.<String>run(() -> call("awaitsForeignFailure")));
      System.out.println(EventLoop.<String>run(() -> call("lockHandoff")));
      System.out.println(EventLoop.<String>run(() -> call("awaitsItself")));
      for (String line : log) {
        System.out.println("LOG " + line);
      }
    }
  }

  @Test
  void bodiesRunTheirSourceOnThreadsOfTheirOwnTakingTurnsWithTheLoop() throws Exception {
    String out = run("-Dawait4j.debug.blocking=true");
    assertTrue(out.contains("BLOCKING true"), out);
    assertTrue(out.contains("RESULT [slow:inner<worker, quick:inner<worker]"), out);
    assertTrue(out.contains("FAILED from the body at fails"), out);
    assertTrue(out.contains("CANCELLED true"), out);
    assertTrue(out.contains("SPAWNED current is the spawned task: true"), out);
    // as in a state machine: the cancellation the scope caused becomes its exception
    assertTrue(out.contains("SCOPE java.util.concurrent.TimeoutException: timed out after 20 ms,"
        + " cause java.util.concurrent.CancellationException"), out);
    assertTrue(out.contains("SCOPE java.lang.IllegalStateException: from the body, cause null"),
        out);
    List<String> log = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("LOG ")) {
        log.add(line.substring(4).trim());
      }
    }
    // each call ran at once up to its first await, as a machine does; then they resumed in the
    // order their futures completed
    assertEquals(List.of("slow starts on true loop", "quick starts on true loop", "both started",
        "quick ends", "slow ends", "both awaited, current is true",
        "finally of the cancelled body",
        "finally of the cancelled body", "finally of the timed-out body, expired true",
        "finally of the cancelled body", "finally of the group's body",
        "sleeper Task-n[pending at Main.leftAsleep, line n]", "dumped true",
        "finally of the body left asleep"), log, out);
    assertTrue(out.contains("FOREIGN shows its awaiter: true"), out);
    // as a machine's await: the lock handed to the cancelled body went on (it hung before)
    assertTrue(out.contains("HANDOFF w2, w1 cancelled true, locked false"), out);
    assertTrue(out.contains("SELF Task cannot await on itself: Task-n"), out);
  }

  private static String run(String flag) throws Exception {
    String java = System.getProperty("java.home") + "/bin/java";
    Process p = new ProcessBuilder(java, flag, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try {
        p.getInputStream().transferTo(out);
      } catch (java.io.IOException ended) {
        // the process was killed
      }
    });
    reader.start();
    // a body that is never stopped keeps the child waiting: end it before the test's own
    // timeout (junit-platform.properties), so that no JVM is left behind, and show how far it got
    boolean ended = p.waitFor(8, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly().waitFor();
    }
    reader.join();
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(ended, "the child JVM did not end:\n" + text);
    return text;
  }
}
