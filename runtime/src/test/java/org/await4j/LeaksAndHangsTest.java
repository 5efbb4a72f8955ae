package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.await4j.internal.Exceptions;
import org.await4j.internal.TaskListener;
import org.junit.jupiter.api.Test;

/**
 * What a pending task keeps (nothing, once a wait or a shield is over), the faults that used to
 * hang (a closed loop, a group that could not stop, a task awaiting itself), and the original
 * cancellation object on every JDK.
 */
class LeaksAndHangsTest {

  @Test
  void waitsAndShieldsLeaveNothingOnATaskThatStaysPending() {
    ManualTask<String> never = new ManualTask<>();
    Task<String> done = Task.completed("x");
    for (int i = 0; i < 200_000; i++) {
      Task<WaitResult<String>> w = Tasks.wait(List.of(never, done), WaitMode.FIRST_COMPLETED);
      assertTrue(w.isDone());
      Task<WaitResult<String>> all = Tasks.wait(List.of(never, done), WaitMode.ALL_COMPLETED);
      assertTrue(all.cancel());
      Task<String> s = Tasks.shield(never);
      assertTrue(s.cancel());
    }
    assertEquals(0, never.listenerCount(), "a million operations keep nothing on the task");
    assertTrue(never.complete("late"), "and it completes as usual afterwards");
  }

  @Test
  void aWaitWithATimeoutLeavesNothingWhenTheTimeoutPasses() {
    ManualTask<String> never = new ManualTask<>();
    EventLoop.run(() -> {
      Task<WaitResult<String>> last = null;
      for (int i = 0; i < 1000; i++) {
        last = Tasks.wait(List.of(never), WaitMode.ALL_COMPLETED, Duration.ZERO);
      }
      return Tasks.all(List.of(last));
    });
    assertEquals(0, never.listenerCount());
  }

  @Test
  void aRemovedListenerIsNeverToldAndEveryOtherOnceUnderRaces() throws Exception {
    int rounds = 300;
    int perThread = 50;
    for (int r = 0; r < rounds; r++) {
      ManualTask<Integer> task = new ManualTask<>();
      AtomicIntegerArray told = new AtomicIntegerArray(2 * perThread);
      boolean[] removed = new boolean[2 * perThread];
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int th = 0; th < 2; th++) {
        int base = th * perThread;
        threads.add(Threads.start("listener-" + th, () -> {
          await(go);
          TaskListener[] ls = new TaskListener[perThread];
          for (int i = 0; i < perThread; i++) {
            int id = base + i;
            ls[i] = t -> told.incrementAndGet(id);
            if (!task.addListener(ls[i])) {
              ls[i].taskDone(task); // done already: the caller reads it itself
            }
          }
          for (int i = 0; i < perThread; i += 2) {
            removed[base + i] = task.removeListener(ls[i]);
          }
        }));
      }
      Thread completer = Threads.start("completer", () -> {
        await(go);
        Thread.yield();
        task.complete(1);
      });
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      completer.join();
      for (int i = 0; i < 2 * perThread; i++) {
        assertEquals(removed[i] ? 0 : 1, told.get(i), "listener " + i + " in round " + r);
      }
    }
  }

  @Test
  void aTimerCancelledBeforeItsLoopTookItInIsNotKept() {
    ManualTicker ticker = new ManualTicker();
    EventLoop loop = ticker.loopOnThisThread();
    Task<Void> t = loop.schedule(Duration.ofDays(1)); // queued, not yet taken in
    assertTrue(t.cancel()); // on the loop's thread: its removal runs before the registration
    loop.runOnce(false);
    loop.runOnce(false);
    assertEquals(Long.MAX_VALUE, loop.nextTimerDeadline(), "no timer left until its deadline");
    assertFalse(loop.hasWork());
  }

  @Test
  void aTimerScheduledAndCancelledFromAnotherThreadIsNotKept() throws Exception {
    ManualTicker ticker = new ManualTicker();
    EventLoop loop = ticker.loopOnThisThread();
    Thread other = Threads.start("scheduler", () -> {
      for (int i = 0; i < 1000; i++) {
        assertTrue(loop.schedule(Duration.ofDays(1)).cancel());
      }
    });
    other.join();
    loop.runOnce(false);
    loop.runOnce(false);
    assertEquals(Long.MAX_VALUE, loop.nextTimerDeadline());
  }

  @Test
  void submitAfterTheLoopEndedFailsAtOnce() {
    EventLoop[] loop = new EventLoop[1];
    EventLoop.run(() -> {
      loop[0] = EventLoop.current();
      return Task.completed(null);
    });
    assertTrue(loop[0].isClosed());
    CompletableFuture<String> f = loop[0].submit(() -> Task.completed("never"));
    assertTrue(f.isDone());
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    assertEquals("Event loop is closed", e.getCause().getMessage());
    assertTrue(e.getCause() instanceof IllegalStateException);
    IllegalStateException spawn =
        assertThrows(IllegalStateException.class, () -> loop[0].createTask(() -> null));
    assertEquals("Event loop is closed", spawn.getMessage());
  }

  @Test
  void whatWasSubmittedAndNotDoneWhenTheLoopEndsFails() {
    List<CompletableFuture<String>> futures = new ArrayList<>();
    ManualTask<String> never = new ManualTask<>();
    EventLoop.run(() -> {
      EventLoop loop = EventLoop.current();
      futures.add(loop.submit(() -> never)); // starts, never ends
      futures.add(loop.submit(() -> Task.completed("ok")));
      ManualTask<Void> main = new ManualTask<>();
      // ends in the second pass, after the tasks that the first pass's submissions created
      loop.execute(() -> loop.execute(() -> main.complete(null)));
      return main;
    });
    assertEquals("ok", futures.get(1).join());
    CompletionException e = assertThrows(CompletionException.class, () -> futures.get(0).join());
    assertEquals("Event loop is closed", e.getCause().getMessage());
  }

  @Test
  void anEventLoopGroupShutsDown() throws Exception {
    EventLoopGroup group = new EventLoopGroup(2);
    ManualTask<String> never = new ManualTask<>();
    CompletableFuture<String> ok = group.submit(() -> Task.completed("ok"));
    CompletableFuture<String> pending = group.submit(() -> never);
    assertEquals("ok", ok.get());
    group.close();
    assertTrue(group.isTerminated());
    for (EventLoop loop : group.loops()) {
      assertFalse(loop.thread().isAlive());
    }
    ExecutionException e = assertThrows(ExecutionException.class, pending::get);
    assertEquals("Event loop is closed", e.getCause().getMessage());
    CompletableFuture<String> late = group.submit(() -> Task.completed("late"));
    assertThrows(ExecutionException.class, late::get);
    assertTrue(group.awaitTermination(Duration.ZERO));
  }

  @Test
  void aTaskAwaitingItselfFailsInsteadOfHanging() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EventLoop.run(() -> new AwaitSelf().start()));
    assertTrue(e.getMessage().startsWith("Task cannot await on itself"), e.getMessage());
  }

  /** {@code @Async Object awaitSelf() { return await(Task.current()); }} */
  static final class AwaitSelf extends org.await4j.internal.AsyncMachine<Object> {
    @Override
    protected void resume() {
      try {
        switch (state) {
          case 0:
            if (suspend(Task.current(), 1)) {
              return;
            }
          case 1:
            complete(awaited());
            return;
          default:
            throw new IllegalStateException();
        }
      } catch (Throwable t) {
        completeExceptionally(t);
      }
    }
  }

  @Test
  void theOriginalCancellationObjectOnEveryJdk() {
    CancellationException mine = new CancellationException("mine");
    CompletableFuture<String> f = new CompletableFuture<>();
    f.completeExceptionally(mine);
    Throwable fromJoin = null;
    try {
      f.join();
    } catch (Throwable t) {
      fromJoin = t;
    }
    assertSame(mine, Exceptions.unwrap(fromJoin), "JDK 23+ wraps it in CancellationException(join)");
    List<String> trace = new ArrayList<>();
    Task<String> m = new Machines.AwaitOnce(f, trace).start();
    CancellationException seen = assertThrows(CancellationException.class, m::join);
    assertSame(mine, seen);
    assertSame(mine, assertThrows(CancellationException.class, Task.from(f)::join));

    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);
    CancellationException c = assertThrows(CancellationException.class,
        new Machines.AwaitOnce(cancelled, trace).start()::join);
    assertFalse("join".equals(c.getMessage()), "not the wrapper join() makes on JDK 23+");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
