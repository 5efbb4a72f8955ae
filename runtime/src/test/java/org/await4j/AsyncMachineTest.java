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
