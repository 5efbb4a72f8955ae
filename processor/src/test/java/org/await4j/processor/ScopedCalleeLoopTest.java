package org.await4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A body calls, in a loop, a body whose scope (a {@code Timeout}, a {@code TaskGroup}) makes its
 * fast path a task, done at once (a cache hit): the caller, a machine after the first such call,
 * goes on in its own step for each one. It called its body again from inside the await, one
 * level deeper per iteration, until the stack overflowed at about 2,000 iterations (round 15's
 * F1; on JDK 17 the run then sometimes never returned). Blocking and async runs must agree.
 */
class ScopedCalleeLoopTest {
  @Test
  void aLoopOfCallsToBodiesDoneAtOnceWithAScopeRunsFlat() {
    String source = """
        package loops;

        import static org.await4j.Await.await;

        import java.time.Duration;
        import java.util.concurrent.CompletableFuture;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.TaskGroup;
        import org.await4j.Timeout;

        public class Loops {
          @Async
          static int timed(CompletableFuture<Integer> f) throws Exception {
            try (Timeout t = Timeout.after(Duration.ofSeconds(10))) {
              return await(f) + 1;
            }
          }

          @Async
          static int grouped(CompletableFuture<Integer> f) throws Exception {
            try (TaskGroup g = new TaskGroup()) {
              return await(f) + 2;
            }
          }

          @Async
          static long loop(int n) throws Exception {
            CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);
            long s = 0;
            for (int i = 0; i < n; i++) {
              s += timed(done) + grouped(done);
            }
            return s;
          }

          public static String both() throws Exception {
            return loop(20_000) + " | " + EventLoop.run(() -> LoopsAsync.loop(20_000));
          }
        }
        """;
    assertEquals("100000 | 100000",
        Harness.both(Harness.compileAndLoad("loops.Loops", source), "loops.Loops"));
  }
}
