package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.await4j.Machines.AwaitOnce;
import org.await4j.Machines.Caller;
import org.await4j.Machines.Guarded;
import org.await4j.Machines.Recovering;
import org.junit.jupiter.api.Test;

/** Cancellation of a machine: asyncio's rules, a CancellationException at the suspension point. */
class AsyncMachineCancelTest {
  private final List<String> trace = Collections.synchronizedList(new ArrayList<>());

  @Test
  void cancelResumesTheBodyWithCancellationAndCancelsTheAwaitedTask() {
    String me = Thread.currentThread().getName();
    ManualTask<String> pending = new ManualTask<>();
    AtomicReference<Task<String>> machine = new AtomicReference<>();
    assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
      machine.set(new Guarded(pending, trace).start());
      assertTrue(machine.get().cancel());
      return machine.get();
    }));
    assertEquals(List.of("cleanup on " + me), trace);
    assertTrue(pending.isCancelled());
    assertTrue(machine.get().isCancelled());
  }

  @Test
  void cancelFromAnotherThreadRunsTheCleanupOnTheLoop() throws InterruptedException {
    ManualTask<String> pending = new ManualTask<>();
    Task<String> machine = new Guarded(pending, trace).start(); // on the default loop
    java.util.concurrent.CountDownLatch firstStepRan = new java.util.concurrent.CountDownLatch(1);
    EventLoop.currentOrDefault().execute(firstStepRan::countDown); // queued after the machine
    firstStepRan.await();
    assertTrue(machine.cancel());
    assertThrows(CancellationException.class, machine::join);
    assertTrue(machine.isCancelled());
    assertTrue(pending.isCancelled());
    assertEquals(List.of("cleanup on await4j-default-loop"), trace);
  }

  @Test
  void cancelOfAMachineAwaitingAFuture() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    AtomicReference<Task<String>> machine = new AtomicReference<>();
    assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
      machine.set(new Guarded(pending, trace).start());
      machine.get().cancel();
      return machine.get();
    }));
    assertTrue(machine.get().isCancelled());
    assertEquals(1, trace.size());
    pending.complete("too late");
    assertEquals(1, trace.size(), "not resumed again");
  }

  @Test
  void cancelReachesTheInnermostCallee() {
    ManualTask<String> pending = new ManualTask<>();
    AtomicReference<Task<String>> callee = new AtomicReference<>();
    AtomicReference<Task<String>> caller = new AtomicReference<>();
    assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
      caller.set(new Caller(() -> {
        Task<String> t = new Guarded(pending, trace).start();
        callee.set(t);
        return t;
      }, trace).start());
      caller.get().cancel();
      return caller.get();
    }));
    assertTrue(pending.isCancelled());
    assertTrue(callee.get().isCancelled());
    assertTrue(caller.get().isCancelled());
    assertEquals(2, trace.size());
    assertTrue(trace.get(0).startsWith("cleanup on "), trace.toString());
    assertEquals("caller cleanup", trace.get(1));
  }

  @Test
  void awaitingACancelledTaskThrowsCancellationException() {
    ManualTask<String> cancelled = new ManualTask<>();
    cancelled.cancel();
    AtomicReference<Task<String>> machine = new AtomicReference<>();
    assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
      machine.set(new AwaitOnce(cancelled, trace).start());
      return machine.get();
    }));
    assertTrue(machine.get().isCancelled());
  }

  @Test
  void awaitingATaskCancelledLaterThrowsCancellationException() {
    ManualTask<String> pending = new ManualTask<>();
    assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
      Task<String> machine = new Guarded(pending, trace).start();
      EventLoop.current().execute(pending::cancel);
      return machine;
    }));
    assertEquals(1, trace.size());
  }

  @Test
  void aBodyMayCatchTheCancellationAndGoOn() {
    ManualTask<String> first = new ManualTask<>();
    ManualTask<String> second = new ManualTask<>();
    AtomicReference<Task<String>> machine = new AtomicReference<>();
    String result = EventLoop.run(() -> {
      Task<String> t = new Recovering(first, second, trace).start();
      machine.set(t);
      t.cancel();
      EventLoop.current().execute(() -> second.complete("second"));
      return t;
    });
    assertEquals("second", result);
    assertEquals(List.of("cancelled"), trace);
    assertFalse(machine.get().isCancelled());
  }

  @Test
  void cancelAfterTheAwaitedTaskCompletedResumesOnce() {
    assertCancelAfterCompletionResumesOnce(true);
  }

  @Test
  void cancelAfterTheAwaitedFutureCompletedResumesOnce() {
    assertCancelAfterCompletionResumesOnce(false);
  }

  /**
   * The awaited value arrived and the machine is queued, then it is cancelled before it runs: it
   * must run once, with the cancellation (asyncio: cancel wins), and not a second time.
   */
  private void assertCancelAfterCompletionResumesOnce(boolean viaTask) {
    ManualTask<String> second = new ManualTask<>();
    String result = EventLoop.run(() -> {
      Task<String> t;
      if (viaTask) {
        ManualTask<String> first = new ManualTask<>();
        t = new Recovering(first, second, trace).start();
        first.complete("first");
      } else {
        CompletableFuture<String> first = new CompletableFuture<>();
        t = new Recovering(first, second, trace).start();
        first.complete("first");
      }
      t.cancel();
      EventLoop.current().execute(() -> second.complete("second"));
      return t;
    });
    assertEquals("second", result);
    assertEquals(List.of("cancelled"), trace);
  }

  @Test
  void cancelOfADoneMachineReturnsFalse() {
    Task<String> t = EventLoop.run(() -> {
      Task<String> m = new AwaitOnce(Task.completed("v"), trace).start();
      return Task.completed(m);
    });
    assertFalse(t.cancel());
    assertFalse(t.isCancelled());
    assertEquals("v!", t.result());
  }
}
