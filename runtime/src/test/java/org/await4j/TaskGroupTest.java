package org.await4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.await4j.internal.AsyncMachine;
import org.junit.jupiter.api.Test;

/** TaskGroup (asyncio TaskGroup, StructuredTaskScope): children end before the group does. */
class TaskGroupTest {
  private final List<String> trace = Body.trace();

  /**
   * The owner, as the processor compiles it (closeAsync() awaited by try-with-resources, then
   * bodyEnded deciding the exception):
   *
   * <pre>{@code
   * @Async Object owner(List<Supplier<Task<?>>> children, List<Supplier<?>> steps, boolean join) {
   *   try (TaskGroup g = new TaskGroup()) {
   *     for (var c : children) g.start(c.get());
   *     for (var s : steps) await(s.get());
   *     if (join) await(g.join());
   *     return "done";
   *   } catch (Throwable t) { trace("owner threw " + t); throw t; }
   * }}</pre>
   */
  static final class Owner extends AsyncMachine<Object> {
    private final List<Supplier<? extends Task<?>>> children;
    private final List<Supplier<?>> steps;
    private final boolean join;
    private final List<String> trace;
    TaskGroup group;
    private int i;
    private Throwable thrown;

    Owner(List<String> trace, List<Supplier<? extends Task<?>>> children, boolean join,
        Supplier<?>... steps) {
      this.trace = trace;
      this.children = children;
      this.join = join;
      this.steps = List.of(steps);
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              group = new TaskGroup();
              for (Supplier<? extends Task<?>> c : children) {
                group.start(c.get());
              }
              state = 1;
            case 1:
              if (i == steps.size()) {
                state = 3;
                continue;
              }
              if (suspendOn(steps.get(i).get(), 2)) {
                return;
              }
            case 2:
              awaited();
              i++;
              state = 1;
              continue;
            case 3:
              if (!join) {
                state = 5;
                continue;
              }
              if (suspend(group.join(), 4)) {
                return;
              }
            case 4:
              awaited();
              trace.add("owner joined");
              state = 5;
            case 5: // the close of the try-with-resources
              if (suspend(group.closeAsync(), 6)) {
                return;
              }
            case 6:
              if (thrown != null) {
                try {
                  awaited();
                } catch (Throwable closeFailure) {
                  thrown.addSuppressed(closeFailure);
                }
              } else {
                awaited();
              }
              Throwable t = group.bodyEnded(thrown); // the group decides, as asyncio's __aexit__
              thrown = null;
              if (t != null) {
                trace.add("owner threw " + t.getClass().getSimpleName());
                completeExceptionally(t);
                return;
              }
              trace.add("owner done");
              complete("done");
              return;
            default:
              throw new IllegalStateException();
          }
        } catch (Throwable t) {
          if (state <= 4 && group != null) {
            thrown = t;
            state = 5;
            continue;
          }
          trace.add("owner threw " + t.getClass().getSimpleName());
          completeExceptionally(t);
          return;
        }
      }
    }

    private boolean suspendOn(Object awaitable, int next) {
      return suspend((Task<?>) awaitable, next);
    }
  }

  @Test
  void joinWaitsForEveryChild() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body a = Body.of("a", trace, () -> Tasks.sleep(ms(10)));
      Body b = Body.of("b", trace, () -> Tasks.sleep(ms(30)));
      Owner owner = new Owner(trace, List.of(a::start, b::start), true);
      assertEquals("done", v.run(owner.start()));
      assertEquals(30, v.nowMillis());
      assertTrue(a.isDone() && b.isDone());
      assertEquals("owner done", trace.get(trace.size() - 1));
    }
  }

  @Test
  void aFailingChildCancelsItsSiblingsWhoseCleanupAwaitsAndStopsTheOwnersAwait() {
    try (VirtualLoop v = new VirtualLoop()) {
      IOException boom = new IOException("boom");
      IllegalStateException cleanupFailure = new IllegalStateException("cleanup failed");
      Body failing = Body.of("failing", trace, () -> Tasks.sleep(ms(10)),
          () -> Task.failed(boom));
      Body sibling = Body.of("sibling", trace, () -> Tasks.sleep(ms(1000)))
          .cleanup(() -> Tasks.sleep(ms(5)));
      Body badCleanup = Body.of("bad", trace, () -> Tasks.sleep(ms(1000)))
          .cleanup(() -> Tasks.sleep(ms(7)).isDone() ? null : failAfter(v, 7, cleanupFailure));
      Owner owner = new Owner(trace, List.of(failing::start, sibling::start, badCleanup::start),
          true, () -> Tasks.sleep(ms(500)));
      Task<Object> t = owner.start();
      v.runUntil(t::isDone);
      assertSame(boom, t.exception(), "the child's failure, not a CancellationException");
      assertArrayEquals(new Throwable[] {cleanupFailure}, boom.getSuppressed(), trace.toString());
      assertTrue(sibling.isCancelled());
      assertEquals(17, v.nowMillis(), "the owner ended after every cleanup");
      assertTrue(trace.indexOf("cleanup done sibling") < trace.indexOf("owner threw IOException"),
          trace.toString());
      assertFalse(trace.contains("owner joined"));
    }
  }

  private static Task<Object> failAfter(VirtualLoop v, long millis, Throwable failure) {
    ManualTask<Object> t = new ManualTask<>();
    v.loop.schedule(ms(millis)).addListener(x -> t.fail(failure));
    return t;
  }

  @Test
  void aSiblingStartedInThePassOfAFailureStillGetsItsFirstStep() {
    try (VirtualLoop v = new VirtualLoop()) {
      IOException boom = new IOException("boom");
      Owner owner = new Owner(trace, List.of(
          () -> Tasks.spawn(() -> {
            trace.add("a runs and fails");
            return Task.failed(boom);
          }),
          () -> Tasks.spawn(() -> {
            trace.add("b runs");
            return Tasks.sleep(ms(1000));
          })), true);
      Task<Object> t = owner.start();
      v.runUntil(t::isDone);
      assertSame(boom, t.exception());
      assertEquals(List.of("a runs and fails", "b runs", "owner threw IOException"), trace,
          "as asyncio: the group's done callback waits for the next pass");
      assertEquals(0, v.nowMillis(), "b was cancelled at its first wait");
    }
  }

  @Test
  void aChildFailingWhileTheOwnerIsInJoinFailsTheJoin() {
    try (VirtualLoop v = new VirtualLoop()) {
      IOException boom = new IOException("boom");
      Body failing = Body.of("failing", trace, () -> Tasks.sleep(ms(10)), () -> Task.failed(boom));
      Body sibling = Body.of("sibling", trace, () -> Tasks.sleep(ms(1000)));
      Owner owner = new Owner(trace, List.of(failing::start, sibling::start), true);
      Task<Object> t = owner.start();
      v.runUntil(t::isDone);
      assertSame(boom, t.exception());
      assertEquals(0, boom.getSuppressed().length, "reported once: the close did not add it again");
      assertTrue(sibling.isCancelled());
      assertEquals(10, v.nowMillis());
    }
  }

  @Test
  void aChildThatFailedAlreadyStopsTheOwnerAtItsNextAwait() {
    try (VirtualLoop v = new VirtualLoop()) {
      IOException boom = new IOException("boom");
      Owner owner = new Owner(trace, List.of(() -> Task.failed(boom)), true,
          () -> Tasks.sleep(ms(100)));
      Task<Object> t = owner.start();
      v.runUntil(t::isDone);
      assertSame(boom, t.exception());
      assertEquals(0, v.nowMillis(), "the sleep was cancelled at once");
    }
  }

  @Test
  void theOwnersOwnFailureCancelsTheChildrenAndWaitsForThem() {
    try (VirtualLoop v = new VirtualLoop()) {
      IllegalStateException own = new IllegalStateException("own");
      Body child = Body.of("child", trace, () -> Tasks.sleep(ms(1000)))
          .cleanup(() -> Tasks.sleep(ms(5)));
      Owner owner = new Owner(trace, List.of(child::start), true,
          () -> Tasks.sleep(ms(10)), () -> Task.failed(own));
      Task<Object> t = owner.start();
      v.runUntil(t::isDone);
      assertSame(own, t.exception());
      assertTrue(child.isCancelled());
      assertEquals(15, v.nowMillis());
    }
  }

  @Test
  void cancellingTheOwnerInJoinCancelsTheChildrenAndEndsAfterThem() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body child = Body.of("child", trace, () -> Tasks.sleep(ms(1000)))
          .cleanup(() -> Tasks.sleep(ms(5)));
      Owner owner = new Owner(trace, List.of(child::start), true);
      Task<Object> t = owner.start();
      v.advance(ms(1));
      t.cancel();
      v.runUntil(t::isDone);
      assertTrue(t.isCancelled());
      assertTrue(child.isCancelled());
      assertEquals(6, v.nowMillis(), "after the child's cleanup");
    }
  }

  @Test
  void anEndWithoutJoinCancelsTheChildrenStillRunning() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body child = Body.of("child", trace, () -> Tasks.sleep(ms(1000)));
      Owner owner = new Owner(trace, List.of(child::start), false);
      assertEquals("done", v.run(owner.start()));
      assertTrue(child.isCancelled());
      assertThrows(IllegalStateException.class, () -> owner.group.start(Task.completed(1)));
    }
  }

  @Test
  void childrenSpawnedAndCancelledBeforeTheyRunNeverRun() {
    try (VirtualLoop v = new VirtualLoop()) {
      TaskGroup g = new TaskGroup(); // plain code on a loop: no owner to stop
      List<String> ran = new ArrayList<>();
      Task<String> child = g.spawn("child", () -> {
        ran.add("ran");
        return Task.completed("x");
      });
      g.cancel();
      Task<Void> end = g.closeAsync();
      v.run(end);
      assertTrue(child.isCancelled());
      assertEquals(List.of(), ran);
      assertEquals("child", child.name());
    }
  }

  @Test
  void thousandsOfChildren() {
    try (VirtualLoop v = new VirtualLoop()) {
      List<Supplier<? extends Task<?>>> children = new ArrayList<>();
      List<String> quiet = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        int n = i;
        children.add(() -> Body.of("c", quiet, () -> Tasks.sleep(ms(n % 13))).start());
      }
      Owner owner = new Owner(quiet, children, true);
      assertEquals("done", v.run(owner.start()));
      assertEquals(12, v.nowMillis());
    }
  }

  @Test
  void thousandsOfChildrenOneFails() {
    try (VirtualLoop v = new VirtualLoop()) {
      List<Supplier<? extends Task<?>>> children = new ArrayList<>();
      List<String> quiet = new ArrayList<>();
      IOException boom = new IOException("boom");
      List<Body> bodies = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        int n = i;
        Body b = n == 2_500
            ? Body.of("f", quiet, () -> Tasks.sleep(ms(5)), () -> Task.failed(boom))
            : Body.of("c", quiet, () -> Tasks.sleep(ms(100 + n))).cleanup(Tasks::yieldNow);
        bodies.add(b);
        children.add(b::start);
      }
      Task<Object> t = new Owner(quiet, children, true).start();
      v.runUntil(t::isDone);
      assertSame(boom, t.exception());
      assertEquals(5, v.nowMillis());
      assertEquals(4_999, bodies.stream().filter(Task::isCancelled).count());
    }
  }

  @Test
  void blockingCodeFailingChildStopsTheBlockingAwait() throws Exception {
    IOException boom = new IOException("boom");
    CompletableFuture<String> never = new CompletableFuture<>();
    TaskGroup g = new TaskGroup(); // a thread that runs no loop: blocking mode
    Task<String> failing = g.start(Task.from(CompletableFuture.supplyAsync(() -> {
      throw new java.util.concurrent.CompletionException(boom);
    }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))));
    CompletableFuture<String> sibling = new CompletableFuture<>();
    g.start(Task.from(sibling));
    try {
      IOException e = assertThrows(IOException.class, () -> Await.await(never));
      assertSame(boom, e);
      assertTrue(never.isCancelled(), "the await's own stage was cancelled");
      assertThrows(CancellationException.class, sibling::join, "the sibling was cancelled");
    } finally {
      g.close(); // the failure was thrown already: the close does not throw it again
    }
    assertTrue(failing.isFailed());
    assertTrue(BlockingScope.innermost() == null);
  }

  @Test
  void blockingCodeJoinAndCloseThrowTheFailureOnce() {
    IOException boom = new IOException("boom");
    TaskGroup g = new TaskGroup();
    g.start(Task.failed(boom));
    assertSame(boom, assertThrows(IOException.class, () -> Await.await(g.join())));
    g.close();
    TaskGroup g2 = new TaskGroup();
    g2.start(Task.failed(boom));
    assertSame(boom, assertThrows(IOException.class, g2::close), "not thrown before: close throws");
  }

  @Test
  void cancellationIsNotAFailure() {
    TaskGroup g = new TaskGroup();
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    g.start(a);
    g.start(b);
    a.cancel();
    assertFalse(b.isDone(), "the others go on");
    b.complete("b");
    Await.await(g.join());
    g.close();
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
