package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.internal.AsyncMachine;
import org.junit.jupiter.api.Test;

/**
 * A call runs on its caller's stack with plain locals until an await must wait (C#'s
 * synchronous fast path): no machine when it does not wait, one task object throughout when it
 * asks for {@code Task.current()}, and the same results, exceptions and order either way.
 */
class FastPathTest {
  static final Compiled CODE = Compiled.of("fast.Work", """
      package fast;

      import java.util.List;
      import java.util.concurrent.CompletableFuture;
      import org.await4j.Async;
      import org.await4j.Task;
      import static org.await4j.Await.await;

      public final class Work {
        public Work() {}

        @Async int depth(int n) {
          if (n == 0) {
            return await(Task.completed(0));
          }
          return depth(n - 1) + 1;
        }

        @Async int depthThenWait(int n, CompletableFuture<Integer> gate, List<String> log) {
          if (n == 0) {
            log.add("innermost waits");
            return await(gate);
          }
          int below = depthThenWait(n - 1, gate, log);
          log.add("level " + n + " resumed");
          return below + 1;
        }

        @Async List<Object> identity(CompletableFuture<String> gate) {
          Task<?> before = Task.current();
          String v = await(gate);
          return List.of(before, Task.current(), v);
        }

        @Async Object callerAndCallee() {
          Task<?> caller = Task.current();
          Task<?> callee = currentOfCallee();
          return caller != callee && caller != null && callee != null;
        }

        @Async Task<?> currentOfCallee() {
          return Task.current();
        }

        @Async int fails(IllegalStateException e) {
          int a = await(Task.completed(1));
          if (a == 1) {
            throw e;
          }
          return a;
        }

        @Async int afterADoneHandOff() {
          int a = withItsTask();
          int b = plain();
          return a + b;
        }

        @Async int withItsTask() {
          return Task.current() != null ? 1 : -1;
        }

        @Async int plain() {
          return 2;
        }

        @Async String catches(IllegalStateException e) {
          try {
            return "no " + fails(e);
          } catch (IllegalStateException caught) {
            return caught == e ? "same exception" : "another exception";
          }
        }
      }
      """);
  static final Object WORK = CODE.newInstance();

  @Test
  void aCallThatDoesNotWaitMakesNoMachine() {
    Task<?> done = EventLoop.run(() -> Task.completed(CODE.start(WORK, "depth", 50)));
    assertThat(done.isDone()).isTrue();
    assertThat(done).isNotInstanceOf(AsyncMachine.class);
    assertThat(done.result()).isEqualTo(50);
  }

  @Test
  void callsThatMustWaitSpillLevelByLevelAndResumeInOrder() {
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    List<String> log = new ArrayList<>();
    int result = EventLoop.run(() -> {
      Task<Integer> t = CODE.start(WORK, "depthThenWait", 3, gate, log);
      assertThat(t).isInstanceOf(AsyncMachine.class);
      assertThat(t.isDone()).isFalse();
      EventLoop.current().execute(() -> gate.complete(10));
      return t;
    });
    assertThat(result).isEqualTo(13);
    assertThat(log).containsExactly("innermost waits", "level 1 resumed", "level 2 resumed",
        "level 3 resumed").inOrder();
  }

  @Test
  void taskCurrentIsOneObjectBeforeAndAfterTheFirstWaitAndIsTheTaskReturned() {
    CompletableFuture<String> gate = new CompletableFuture<>();
    Object[] started = new Object[1];
    List<Object> seen = EventLoop.run(() -> {
      Task<List<Object>> t = CODE.start(WORK, "identity", gate);
      started[0] = t;
      EventLoop.current().execute(() -> gate.complete("v"));
      return t;
    });
    assertSame(started[0], seen.get(0));
    assertSame(started[0], seen.get(1));
    assertThat(seen.get(2)).isEqualTo("v");
  }

  @Test
  void taskCurrentOfADoneCallIsTheDoneTaskReturned() {
    CompletableFuture<String> gate = CompletableFuture.completedFuture("now");
    Object[] started = new Object[1];
    List<Object> seen = EventLoop.run(() -> {
      Task<List<Object>> t = CODE.start(WORK, "identity", gate);
      started[0] = t;
      assertThat(t.isDone()).isTrue();
      return t;
    });
    assertSame(started[0], seen.get(0));
    assertSame(started[0], seen.get(1));
  }

  @Test
  void aCalleeHasItsOwnTask() {
    Object differ = EventLoop.run(() -> CODE.start(WORK, "callerAndCallee"));
    assertThat(differ).isEqualTo(true);
  }

  /**
   * A callee that asked for its task hands it off done; the caller spills, finds it done and
   * goes on as a machine at once: calls in that step must not take the caller's own hand-off.
   */
  @Test
  void aCallerThatSpillsOnADoneTaskGoesOnAndItsNextCallsGetTheirOwnTasks() {
    int sum = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> EventLoop.<Integer>run(() -> CODE.start(WORK, "afterADoneHandOff")));
    assertThat(sum).isEqualTo(3);
  }

  @Test
  void anExceptionOnTheFastPathIsTheSameObjectForTheStubAndForACaller() {
    IllegalStateException e = new IllegalStateException("boom");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> EventLoop.run(() -> CODE.start(WORK, "fails", e)));
    assertSame(e, thrown);
    String caught = EventLoop.run(() -> CODE.start(WORK, "catches", e));
    assertThat(caught).isEqualTo("same exception");
  }
}
