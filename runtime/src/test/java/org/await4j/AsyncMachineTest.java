package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.await4j.Machines.AwaitBoth;
import org.await4j.Machines.AwaitOnce;
import org.await4j.Machines.Caller;
import org.await4j.Machines.SumOfDone;
import org.junit.jupiter.api.Test;

/** Starting and resuming the generated machines' base class, through hand-written machines. */
class AsyncMachineTest {
  private final List<String> trace = Collections.synchronizedList(new ArrayList<>());

  @Test
  void startedOnALoopItRunsAtOnceToItsFirstSuspension() {
    String me = Thread.currentThread().getName();
    ManualTask<String> pending = new ManualTask<>();
    String result = EventLoop.run(() -> {
      trace.add("before start");
      Task<String> task = new AwaitOnce(pending, trace).start();
      trace.add("after start");
      assertFalse(task.isDone());
      EventLoop.current().execute(() -> pending.complete("v"));
      return task;
    });
    assertEquals("v!", result);
    assertEquals(
        List.of("before start", "start on " + me, "after start", "resumed on " + me), trace);
  }

  /**
   * The machines that await one task resume in the order they began to wait, whoever completes
   * it: the loop itself (the machines go to its ready queue as one batch), another thread, or
   * with a done callback registered among them (called in its place in that order).
   */
  @Test
  void machinesAwaitingOneTaskResumeInTheOrderTheyBeganToWait() throws Exception {
    for (String how : List.of("on the loop", "from another thread", "with a callback among them")) {
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      ManualTask<String> gate = new ManualTask<>();
      EventLoop.run(() -> {
        List<Task<String>> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          if (i == 2 && how.startsWith("with")) {
            gate.addDoneCallback(t -> order.add("callback"));
          }
          String id = "m" + i;
          waiters.add(new AwaitOnce(gate, resumedInto(order, id)).start());
        }
        if (how.equals("from another thread")) {
          Thread completer = new Thread(() -> gate.complete("v"));
          completer.start();
        } else {
          EventLoop.current().execute(() -> gate.complete("v"));
        }
        return Tasks.all(waiters);
      });
      assertEquals(how.startsWith("with") ? List.of("m0", "m1", "callback", "m2", "m3", "m4")
          : List.of("m0", "m1", "m2", "m3", "m4"), order, how);
    }
  }

  /**
   * A waiter that leaves the chain (cancelled while it awaits a stage that cannot be cancelled)
   * is not resumed by the completion; the others resume in the order they began to wait, also
   * those that began after it left, whether the loop or another thread completes the stage. The
   * chain of one loop's machines runs as it is when nothing left it (see Task.after), and is
   * reversed first once something did: both orders are checked here.
   */
  @Test
  void aWaiterThatLeftIsNotResumedAndTheRestResumeInOrder() throws Exception {
    for (String how : List.of("on the loop", "from another thread")) {
      for (boolean leave : List.of(false, true)) {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> future = new CompletableFuture<>();
        CompletionStage<String> stage = uncancellable(future);
        List<Task<String>> left = new ArrayList<>();
        EventLoop.run(() -> {
          List<Task<String>> waiters = new ArrayList<>();
          for (int i = 0; i < 7; i++) {
            String id = "m" + i;
            waiters.add(new AwaitOnce(stage, resumedInto(order, id)).start());
            if (i == 4 && leave) {
              assertTrue(waiters.get(2).cancel());
            }
          }
          if (how.equals("from another thread")) {
            new Thread(() -> future.complete("v")).start();
          } else {
            EventLoop.current().execute(() -> future.complete("v"));
          }
          left.add(waiters.remove(2));
          return Tasks.all(waiters);
        });
        assertEquals(leave ? List.of("m0", "m1", "m3", "m4", "m5", "m6")
            : List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6"), order, how);
        assertEquals(leave, left.get(0).isCancelled(), how);
      }
    }
  }

  /**
   * A queue wakes the body that awaits a get() (it takes the item when it resumes) while another
   * thread cancels that get(): the cancel has claimed the task but not completed it yet when the
   * body resumes (simulated here by setting the claim and completing it later, as Task.cancel
   * does). The body must wait for that completion and get the cancellation; it read the task's
   * half-written outcome before (null, or the CancellationException as its value), and the item
   * stays in the queue.
   */
  @Test
  void aBodyWokenByAQueueWhileAnotherThreadCancelsItsGetWaitsForTheCancel() throws Exception {
    java.lang.reflect.Field flags = Task.class.getDeclaredField("flags");
    java.lang.reflect.Field value = Task.class.getDeclaredField("value");
    java.lang.reflect.Method publish = Task.class.getDeclaredMethod("publish");
    flags.setAccessible(true);
    value.setAccessible(true);
    publish.setAccessible(true);
    org.await4j.sync.AsyncQueue<String> q = new org.await4j.sync.AsyncQueue<>();
    java.util.concurrent.CancellationException cancelled = assertThrows(
        java.util.concurrent.CancellationException.class, () -> EventLoop.run(() -> {
      Task<String> get = q.get();
      Task<String> waiting = new AwaitOnce(get, trace).start();
      q.putNow("item"); // wakes the body: it takes the item when it resumes
      try {
        flags.setInt(get, flags.getInt(get) | 1); // another thread's cancel: claimed...
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
      EventLoop.current().execute(() -> { // ...and completed after the body's step
        try {
          flags.setInt(get, flags.getInt(get) | 8);
          value.set(get, new java.util.concurrent.CancellationException("from elsewhere"));
          publish.invoke(get);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      });
      return waiting;
    }));
    assertEquals("from elsewhere", cancelled.getMessage());
    assertEquals(1, q.size(), "the item stays for the next getter");
  }

  /** A trace for AwaitOnce that adds {@code id} to {@code order} when the body resumes. */
  private static List<String> resumedInto(List<String> order, String id) {
    return new ArrayList<>() {
      @Override
      public boolean add(String line) {
        return !line.startsWith("resumed") || order.add(id);
      }
    };
  }

  /** {@code future} as a stage that cannot give a future to cancel: a cancelled waiter leaves. */
  @SuppressWarnings("unchecked")
  private static CompletionStage<String> uncancellable(CompletableFuture<String> future) {
    return (CompletionStage<String>) java.lang.reflect.Proxy.newProxyInstance(
        CompletionStage.class.getClassLoader(), new Class<?>[] {CompletionStage.class},
        (proxy, method, args) -> {
          if (method.getName().equals("toCompletableFuture")) {
            throw new UnsupportedOperationException();
          }
          try {
            return method.invoke(future, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void awaitingADoneTaskDoesNotSuspend() {
    String result = EventLoop.run(() -> {
      Task<String> task = new AwaitOnce(Task.completed("v"), trace).start();
      assertTrue(task.isDone(), "ran to its end inside start()");
      return task;
    });
    assertEquals("v!", result);
  }

  @Test
  void startedFromAPlainThreadItRunsOnTheDefaultLoop() {
    ManualTask<String> pending = new ManualTask<>();
    Task<String> task = new AwaitOnce(pending, trace).start();
    pending.complete("v");
    assertEquals("v!", task.join());
    assertEquals(
        List.of("start on await4j-default-loop", "resumed on await4j-default-loop"), trace);
  }

  @Test
  void aFutureCompletedOnAnotherThreadResumesOnTheLoopThread() {
    assertResumesOnTheLoopThread(false);
  }

  @Test
  void aTaskCompletedOnAnotherThreadResumesOnTheLoopThread() {
    assertResumesOnTheLoopThread(true);
  }

  private void assertResumesOnTheLoopThread(boolean viaTask) {
    String me = Thread.currentThread().getName();
    CompletableFuture<String> future = new CompletableFuture<>();
    String result = EventLoop.run(() -> {
      Thread loopThread = Thread.currentThread();
      Threads.start("completer", () -> {
        Threads.awaitParked(loopThread);
        future.complete("v");
      });
      return new AwaitOnce(viaTask ? Task.from(future) : future, trace).start();
    });
    assertEquals("v!", result);
    assertEquals(List.of("start on " + me, "resumed on " + me), trace);
  }

  @Test
  void aFutureCompletedOnAnotherThreadResumesOnTheDefaultLoop() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    Task<String> task = new AwaitOnce(future, trace).start();
    Threads.start("completer", () -> future.complete("v")).join();
    assertEquals("v!", task.join());
    assertEquals(
        List.of("start on await4j-default-loop", "resumed on await4j-default-loop"), trace);
  }

  @Test
  void awaitingAMinimalStage() {
    // minimalCompletionStage() is a CompletableFuture subclass whose isDone() throws
    CompletableFuture<String> done = CompletableFuture.completedFuture("done");
    CompletableFuture<String> pending = new CompletableFuture<>();
    String result = EventLoop.run(() -> {
      Task<String> first = new AwaitOnce(done.minimalCompletionStage(), trace).start();
      assertTrue(first.isDone());
      Task<String> second = new AwaitOnce(pending.minimalCompletionStage(), trace).start();
      EventLoop.current().execute(() -> pending.complete(first.result()));
      return second;
    });
    assertEquals("done!!", result);
  }

  @Test
  void anUncaughtExceptionCompletesTheTaskWithThatObject() {
    IOException io = new IOException("io");
    IOException thrown = assertThrows(IOException.class,
        () -> EventLoop.run(() -> new AwaitOnce(Task.failed(io), trace).start()));
    assertSame(io, thrown);
  }

  @Test
  void aFailedStageRethrowsTheUnwrappedException() {
    IOException io = new IOException("io");
    CompletableFuture<String> pending = new CompletableFuture<>();
    IOException thrown = assertThrows(IOException.class, () -> EventLoop.run(() -> {
      Task<String> task = new AwaitOnce(pending, trace).start();
      EventLoop.current().execute(() -> pending.completeExceptionally(new CompletionException(io)));
      return task;
    }));
    assertSame(io, thrown);
  }

  @Test
  void aDoneFailedStageRethrowsTheUnwrappedException() {
    IOException io = new IOException("io");
    CompletableFuture<String> failed = new CompletableFuture<>();
    failed.completeExceptionally(new CompletionException(io));
    assertSame(io, assertThrows(IOException.class,
        () -> EventLoop.run(() -> new AwaitOnce(failed, trace).start())));
  }

  @Test
  void aCallToAnotherMachineSuspendsUntilItCompletes() {
    ManualTask<String> pending = new ManualTask<>();
    String result = EventLoop.run(() -> {
      Task<String> caller = new Caller(() -> new AwaitOnce(pending, trace).start(), trace).start();
      EventLoop.current().execute(() -> pending.complete("v"));
      return caller;
    });
    assertEquals("caller(v!)", result);
  }

  @Test
  void aCalleesExceptionReachesTheCallerUnchanged() {
    IOException io = new IOException("io");
    ManualTask<String> pending = new ManualTask<>();
    IOException thrown = assertThrows(IOException.class, () -> EventLoop.run(() -> {
      Task<String> caller = new Caller(() -> new AwaitOnce(pending, trace).start(), trace).start();
      EventLoop.current().execute(() -> pending.fail(io));
      return caller;
    }));
    assertSame(io, thrown);
    assertTrue(trace.contains("caller cleanup"));
  }

  @Test
  void waitersResumeInTheOrderTheyAwaitedAndPlainListenersRunAtCompletion() throws Exception {
    ManualTask<String> gate = new ManualTask<>();
    ManualTask<String> second = new ManualTask<>();
    EventLoop other = EventLoop.startOnNewThread("other-loop");
    CountDownLatch waiting = new CountDownLatch(1);
    EventLoop.run(() -> {
      List<Task<Void>> all = new ArrayList<>();
      all.add(new AwaitBoth("a", gate, second, trace).start());
      gate.addListener(t -> trace.add("listener 1"));
      all.add(new AwaitBoth("b", gate, second, trace).start());
      Task<Void> elsewhere = Task.from(other.submit(() -> {
        Task<Void> c = new AwaitBoth("c", gate, Task.completed(""), trace).start();
        waiting.countDown();
        return c;
      }));
      await(waiting); // a machine of another loop between b and d
      gate.addListener(t -> trace.add("listener 2"));
      all.add(new AwaitBoth("d", gate, second, trace).start());
      EventLoop.current().execute(() -> {
        trace.add("complete");
        gate.complete("open");
        trace.add("completed");
        EventLoop.current().execute(() -> {
          trace.add("second");
          second.complete("open");
        });
      });
      all.add(elsewhere);
      return Tasks.all(all);
    });
    List<String> here = new ArrayList<>(trace);
    here.removeIf(e -> e.startsWith("c "));
    assertEquals(List.of("complete", "listener 1", "listener 2", "completed",
        "a 1", "b 1", "d 1", "second", "a 2", "b 2", "d 2"), here);
    assertTrue(trace.containsAll(List.of("c 1", "c 2")), trace.toString());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void awaitingAMillionDoneTasksKeepsTheStackFlat() throws Exception {
    assertFlatStack(false);
  }

  @Test
  void awaitingAMillionDoneFuturesKeepsTheStackFlat() throws Exception {
    assertFlatStack(true);
  }

  private static void assertFlatStack(boolean stages) throws Exception {
    int n = 1_000_000;
    SumOfDone machine = new SumOfDone(n, stages);
    CompletableFuture<Long> out = new CompletableFuture<>();
    Thread small = new Thread(null, () -> {
      try {
        out.complete(EventLoop.run(machine::start));
      } catch (Throwable t) {
        out.completeExceptionally(t);
      }
    }, "small", 256 * 1024);
    small.start();
    small.join();
    assertEquals((long) n * (n - 1) / 2, out.join());
    assertEquals(machine.depths[0], machine.depths[1], "stack depth at the 2nd and the last await");
  }
}
