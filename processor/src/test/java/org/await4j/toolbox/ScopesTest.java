package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.await4j.VirtualTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timeouts (Tasks.withTimeout, the Timeout scope) and TaskGroup in real @Async bodies: on virtual
 * time, and the same bodies called directly (blocking, real time) giving the same trace.
 */
class ScopesTest {
  static final String SOURCE = """
      package toolbox;

      import static org.await4j.Await.await;

      import java.io.IOException;
      import java.time.Duration;
      import java.util.ArrayList;
      import java.util.Collections;
      import java.util.List;
      import java.util.concurrent.CancellationException;
      import java.util.concurrent.TimeoutException;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.TaskGroup;
      import org.await4j.Tasks;
      import org.await4j.Timeout;

      public class Limits {
        public final List<String> trace = Collections.synchronizedList(new ArrayList<>());

        static Duration ms(long millis) {
          return Duration.ofMillis(millis);
        }

        @Async String fetch(String what, long millis) {
          boolean done = false;
          try {
            await(Tasks.sleep(ms(millis)));
            done = true;
            trace.add("fetched " + what);
            return what;
          } finally {
            if (!done) {
              trace.add("stopped " + what);
            }
          }
        }

        /** Records what stopped it: the async run's callee sees a CancellationException. */
        @Async String fetchSeeing(String what, long millis) {
          try {
            await(Tasks.sleep(ms(millis)));
            return what;
          } catch (Throwable t) {
            trace.add(what + " saw " + t.getClass().getSimpleName());
            throw t;
          }
        }

        @Async String scopeAroundACallee(long limit) {
          try (Timeout t = Timeout.after(ms(limit))) {
            return fetchSeeing("callee", 5000);
          } catch (TimeoutException e) {
            trace.add("block saw TimeoutException");
            return "timeout";
          }
        }

        @Async String failAfter(String what, long millis) throws IOException {
          await(Tasks.sleep(ms(millis)));
          trace.add("failing " + what);
          throw new IOException(what);
        }

        @Async String slowCleanup(String what, long millis, long cleanupMillis) {
          try {
            await(Tasks.sleep(ms(millis)));
            return what;
          } finally {
            trace.add("cleanup " + what);
            await(Tasks.sleep(ms(cleanupMillis)));
            trace.add("cleaned " + what);
          }
        }

        @Async String waitFor(long limit, long work) {
          try {
            return Tasks.withTimeout(LimitsAsync.fetch(this, "w", work), ms(limit));
          } catch (TimeoutException e) {
            trace.add("timed out: " + e.getMessage());
            return "timeout";
          }
        }

        @Async String scope(long limit, long a, long b) {
          try (Timeout t = Timeout.after(ms(limit))) {
            String x = fetch("a", a);
            String y = fetch("b", b);
            return x + y;
          } catch (TimeoutException e) {
            trace.add("scope timed out");
            return "timeout";
          } finally {
            trace.add("scope finally");
          }
        }

        @Async String scopeCleanupAwaits(long limit) {
          try (Timeout t = Timeout.after(ms(limit))) {
            try {
              return fetch("a", 5000);
            } finally {
              trace.add("inner finally");
              await(Tasks.sleep(ms(5)));
              trace.add("inner cleaned");
            }
          } catch (TimeoutException e) {
            trace.add("caught " + e.getMessage());
            return "timeout";
          }
        }

        @Async String nested(long outerLimit, long innerLimit) {
          try (Timeout outer = Timeout.after(ms(outerLimit))) {
            try (Timeout inner = Timeout.after(ms(innerLimit))) {
              return fetch("n", 5000);
            } catch (TimeoutException e) {
              trace.add("inner scope timed out");
              throw e;
            } catch (CancellationException e) {
              trace.add("inner scope saw a cancellation");
              throw e;
            }
          } catch (TimeoutException e) {
            trace.add("outer caught " + e.getMessage());
            return "timeout";
          }
        }

        @Async String retries(long overall, long perAttempt) {
          int attempts = 0;
          try (Timeout all = Timeout.after(ms(overall))) {
            for (;;) {
              attempts++;
              try (Timeout one = Timeout.after(ms(perAttempt))) {
                return fetch("try " + attempts, 5000);
              } catch (TimeoutException e) {
                if (all.expired()) {
                  throw e;
                }
                trace.add("attempt " + attempts + " timed out");
              }
            }
          } catch (TimeoutException e) {
            trace.add("overall timeout after " + attempts + " attempts");
            return "overall timeout";
          }
        }

        @Async String swallowsInScope() {
          try (Timeout t = Timeout.after(ms(10))) {
            try {
              await(Tasks.sleep(ms(5000)));
            } catch (CancellationException e) {
              trace.add("cleanup for cancellation");
            }
            return "normal end, expired " + t.expired();
          } catch (TimeoutException e) {
            return "timeout";
          }
        }

        @Async String zeroDeadline() {
          try (Timeout t = Timeout.after(Duration.ZERO)) {
            trace.add("runs up to the first wait");
            await(Task.completed("done")); // does not wait
            trace.add("still running");
            await(Tasks.sleep(ms(5000)));
            return "slept";
          } catch (TimeoutException e) {
            trace.add("timed out at the first wait");
            return "timeout";
          }
        }

        @Async String groupCancelsTheBody() {
          try (TaskGroup g = new TaskGroup()) {
            g.start(LimitsAsync.failAfter(this, "child", 10));
            try {
              await(Tasks.sleep(ms(1000)));
            } catch (CancellationException e) {
              trace.add("body saw CancellationException");
              throw e;
            }
            return "not here";
          } catch (Exception e) {
            trace.add("group raised " + e.getClass().getSimpleName() + " " + e.getMessage());
            return "failed";
          }
        }

        @Async String cancelAGroupWhoseChildFailed() {
          Task<String> inner = LimitsAsync.groupCancelsTheBody(this);
          await(Tasks.sleep(ms(10))); // after the child's failure, in the same pass
          inner.cancel();
          try {
            return await(inner);
          } finally {
            trace.add("inner cancelling " + inner.cancelling());
          }
        }

        @Async String outerCancel() {
          Task<String> t = LimitsAsync.scope(this, 1000, 500, 500);
          await(Tasks.sleep(ms(10)));
          t.cancel();
          try {
            return await(t);
          } catch (CancellationException e) {
            trace.add("not converted");
            return "cancelled";
          }
        }

        @Async String groupJoin() {
          try (TaskGroup g = new TaskGroup()) {
            Task<String> a = g.start(LimitsAsync.fetch(this, "a", 10));
            Task<String> b = g.start(LimitsAsync.fetch(this, "b", 20));
            Task<String> c = g.spawn(() -> LimitsAsync.fetch(this, "c", 30));
            await(g.join());
            return a.result() + b.result() + c.result();
          }
        }

        /**
         * A block that does not wait still awaits the group's close at its end (round 18: the
         * close ran as plain code, whose await failed on the loop).
         */
        @Async String groupWithoutAwaitInItsBlock() {
          int started = 0;
          try (TaskGroup g = new TaskGroup()) {
            g.start(LimitsAsync.fetch(this, "a", 10));
            g.start(LimitsAsync.fetch(this, "b", 20));
            started += 2;
          }
          trace.add("after the group, " + started + " started");
          return "done";
        }

        /** A resource typed by a type variable bounded by AsyncCloseable: its close is awaited. */
        @Async <G extends org.await4j.AsyncCloseable> String closesATypeVariable(G group,
            long millis) {
          try (group) {
            trace.add("in block");
          }
          trace.add("closed");
          return "ok";
        }

        @Async String groupAsTypeVariable() {
          TaskGroup g = new TaskGroup();
          g.start(LimitsAsync.fetch(this, "t", 15));
          return closesATypeVariable(g, 0);
        }

        @Async String groupFails(long failAt) {
          try (TaskGroup g = new TaskGroup()) {
            g.start(LimitsAsync.fetch(this, "a", 10));
            g.start(LimitsAsync.slowCleanup(this, "b", 5000, 5));
            g.start(LimitsAsync.failAfter(this, "boom", failAt));
            await(Tasks.sleep(ms(2000)));
            trace.add("not reached");
            await(g.join());
            return "joined";
          } catch (Exception e) { // a child's IOException, rethrown as it is (await's rule)
            trace.add("group failed " + e.getMessage() + ", " + e.getSuppressed().length
                + " suppressed");
            return "failed";
          }
        }

        @Async String groupFailsTwice() {
          try (TaskGroup g = new TaskGroup()) {
            g.start(LimitsAsync.failAfter(this, "first", 10));
            g.start(LimitsAsync.cleanupFails(this));
            await(g.join());
            return "joined";
          } catch (Exception e) {
            trace.add("group failed " + e.getMessage() + ", suppressed "
                + e.getSuppressed()[0].getMessage());
            return "failed";
          }
        }

        @Async String cleanupFails() throws IOException {
          try {
            await(Tasks.sleep(ms(5000)));
            return "x";
          } finally {
            await(Tasks.sleep(ms(3)));
            trace.add("cleanup failing");
            throw new IOException("second");
          }
        }

        @Async String groupFinallyForm() {
          TaskGroup g = new TaskGroup();
          try {
            g.start(LimitsAsync.fetch(this, "a", 10));
            g.start(LimitsAsync.fetch(this, "b", 20));
            await(g.join());
            return "ok";
          } finally {
            await(g.closeAsync());
            trace.add("closed");
          }
        }

        @Async String groupInTimeout() {
          // 300 ms: in the blocking run (real time) the children must have started by then
          try (Timeout t = Timeout.after(ms(300))) {
            try (TaskGroup g = new TaskGroup()) {
              g.start(LimitsAsync.slowCleanup(this, "a", 5000, 5));
              g.start(LimitsAsync.slowCleanup(this, "b", 5000, 7));
              await(g.join());
              return "joined";
            }
          } catch (TimeoutException e) {
            trace.add("timeout after the children's cleanup");
            return "timeout";
          }
        }
      }
      """;

  static Compiled limits;

  @BeforeAll
  static void compile() {
    limits = Compiled.of("toolbox.Limits", SOURCE);
  }

  @SuppressWarnings("unchecked")
  private static List<String> trace(Object self) {
    try {
      return (List<String>) self.getClass().getField("trace").get(self);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs the twin on virtual time; returns the result and the trace; elapsed into {@code ms}. */
  private static List<Object> async(long[] ms, String method, Object... args) {
    VirtualTime vt = new VirtualTime();
    Object self = limits.newInstance();
    Object result = vt.run(() -> limits.start(self, method, args));
    ms[0] = vt.elapsedMillis();
    List<Object> out = new ArrayList<>();
    out.add(result);
    out.addAll(trace(self));
    return out;
  }

  /** Calls the method directly on this thread (no loop): the blocking run. */
  private static List<Object> blocking(String method, Object... args) throws Throwable {
    Object self = limits.newInstance();
    Object result = limits.callBlocking(self, method, args);
    List<Object> out = new ArrayList<>();
    out.add(result);
    out.addAll(trace(self));
    return out;
  }

  private static List<Object> checkBoth(long expectedMillis, List<Object> expected, String method,
      Object... args) throws Throwable {
    long[] ms = new long[1];
    assertThat(async(ms, method, args)).isEqualTo(expected);
    assertThat(ms[0]).isEqualTo(expectedMillis);
    assertThat(blocking(method, args)).isEqualTo(expected);
    return expected;
  }

  @Test
  void withTimeoutInTime() throws Throwable {
    checkBoth(10, List.of("w", "fetched w"), "waitFor", 200L, 10L);
  }

  @Test
  void withTimeoutTimesOutAndCancelsTheTask() throws Throwable {
    checkBoth(30, List.of("timeout", "stopped w", "timed out: timed out after 30 ms"),
        "waitFor", 30L, 5000L);
  }

  @Test
  void scopeInTime() throws Throwable {
    checkBoth(20, List.of("ab", "fetched a", "fetched b", "scope finally"), "scope", 300L, 10L,
        10L);
  }

  @Test
  void scopeTimesOutInItsSecondAwait() throws Throwable {
    checkBoth(60, List.of("timeout", "fetched a", "stopped b", "scope timed out",
        "scope finally"), "scope", 60L, 10L, 5000L);
  }

  @Test
  void scopeRunsACleanupThatAwaitsBeforeTheTimeoutLeavesIt() throws Throwable {
    checkBoth(45, List.of("timeout", "stopped a", "inner finally", "inner cleaned",
        "caught timed out after 40 ms"), "scopeCleanupAwaits", 40L);
  }

  @Test
  void nestedScopes() throws Throwable {
    checkBoth(30, List.of("timeout", "stopped n", "inner scope timed out",
        "outer caught timed out after 30 ms"), "nested", 500L, 30L);
    // the outer deadline inside the inner scope: the async run tells the scopes apart (as
    // asyncio: the inner scope sees the outer's cancellation and leaves it alone)...
    long[] ms = new long[1];
    assertThat(async(ms, "nested", 30L, 500L)).containsExactly("timeout", "stopped n",
        "inner scope saw a cancellation", "outer caught timed out after 30 ms").inOrder();
    assertThat(ms[0]).isEqualTo(30);
    // ...the blocking run cannot (Java's try-with-resources): the same type, the inner catch
    assertThat(blocking("nested", 30L, 500L)).containsExactly("timeout", "stopped n",
        "inner scope timed out", "outer caught timed out after 30 ms").inOrder();
  }

  @Test
  void aRetryLoopWithATimeoutPerAttemptInsideAnOverallTimeout() throws Throwable {
    // the blocking run is on real time: the overall deadline falls 100 ms after the third
    // attempt's and 100 ms before the fourth's, which keeps it stable on a busy machine (50 ms
    // did not, once, at load 6)
    checkBoth(700, List.of("overall timeout", "stopped try 1", "attempt 1 timed out",
        "stopped try 2", "attempt 2 timed out", "stopped try 3", "attempt 3 timed out",
        "stopped try 4", "overall timeout after 4 attempts"), "retries", 700L, 200L);
  }

  @Test
  void theCalleeSeesACancellationTheBlockATimeout() throws Throwable {
    long[] ms = new long[1];
    assertThat(async(ms, "scopeAroundACallee", 20L)).containsExactly("timeout",
        "callee saw CancellationException", "block saw TimeoutException").inOrder();
    // blocking: one stack, the stopped await is in the callee, which sees the timeout itself
    assertThat(blocking("scopeAroundACallee", 20L)).containsExactly("timeout",
        "callee saw TimeoutException", "block saw TimeoutException").inOrder();
  }

  @Test
  void aBlockThatSwallowsTheCancellationLeavesTheScopeNormally() {
    long[] ms = new long[1];
    assertThat(async(ms, "swallowsInScope")).containsExactly("normal end, expired true",
        "cleanup for cancellation").inOrder();
    assertThat(ms[0]).isEqualTo(10);
  }

  @Test
  void aZeroDeadlineFiresAtTheFirstWait() throws Throwable {
    checkBoth(0, List.of("timeout", "runs up to the first wait", "still running",
        "timed out at the first wait"), "zeroDeadline");
  }

  @Test
  void aFailingChildCancelsTheBodyAndTheGroupRaisesTheFailureAtItsEnd() {
    long[] ms = new long[1];
    assertThat(async(ms, "groupCancelsTheBody")).containsExactly("failed", "failing child",
        "body saw CancellationException", "group raised IOException child").inOrder();
    assertThat(ms[0]).isEqualTo(10);
  }

  @Test
  void aCancelFromOutsideDoesNotHideTheChildsFailureAndStaysCounted() {
    long[] ms = new long[1];
    assertThat(async(ms, "cancelAGroupWhoseChildFailed")).containsExactly("failed",
        "failing child", "body saw CancellationException", "group raised IOException child",
        "inner cancelling 1").inOrder();
  }

  @Test
  void anOuterCancelIsNotConverted() {
    long[] ms = new long[1];
    assertThat(async(ms, "outerCancel")).containsExactly("cancelled", "stopped a",
        "scope finally", "not converted").inOrder();
  }

  @Test
  void aGroupWhoseBlockDoesNotWaitIsClosedAsyncAtItsEnd() throws Throwable {
    // the group's exit cancels what still runs (see README), and waits for the children's
    // cleanup before the body goes on
    long[] ms = new long[1];
    assertThat(async(ms, "groupWithoutAwaitInItsBlock"))
        .containsExactly("done", "stopped a", "stopped b", "after the group, 2 started").inOrder();
    assertThat(async(ms, "groupAsTypeVariable"))
        .containsExactly("ok", "in block", "stopped t", "closed").inOrder();
    // run blocking, the children start on the default loop while the body goes on, and the
    // group's exit may cancel them before they begin (then nothing of theirs runs)
    List<Object> blocking = blocking("groupWithoutAwaitInItsBlock");
    assertThat(blocking.get(0)).isEqualTo("done");
    assertThat(blocking.get(blocking.size() - 1)).isEqualTo("after the group, 2 started");
    assertThat(blocking("groupAsTypeVariable")).contains("closed");
  }

  @Test
  void groupJoinWaitsForEveryChild() throws Throwable {
    checkBoth(30, List.of("abc", "fetched a", "fetched b", "fetched c"), "groupJoin");
  }

  @Test
  void aFailingChildCancelsTheOthersWhoseCleanupAwaitsAndStopsTheBody() throws Throwable {
    checkBoth(55, List.of("failed", "fetched a", "failing boom", "cleanup b", "cleaned b",
        "group failed boom, 0 suppressed"), "groupFails", 50L);
  }

  @Test
  void failuresAreReportedTogether() throws Throwable {
    checkBoth(13, List.of("failed", "failing first", "cleanup failing",
        "group failed first, suppressed second"), "groupFailsTwice");
  }

  @Test
  void groupWithFinallyInsteadOfTryWithResources() throws Throwable {
    checkBoth(20, List.of("ok", "fetched a", "fetched b", "closed"), "groupFinallyForm");
  }

  @Test
  void aTimeoutAroundAGroupCancelsTheChildrenAndWaitsForTheirCleanup() throws Throwable {
    checkBoth(307, List.of("timeout", "cleanup a", "cleanup b", "cleaned a", "cleaned b",
        "timeout after the children's cleanup"), "groupInTimeout");
  }
}
