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

  /**
   * A machine that awaits a CompletableFuture itself (not through Task.from) and is cancelled
   * cancels the future, as asyncio's Task.cancel() cancels the future its task awaits: every
   * machine that awaits it gets the cancellation, with the message. Also for a machine
   * cancelled while it runs, at the await that would wait.
   */
  @Test
  void cancelOfAMachineAwaitingAFutureCancelsTheFutureForAllItsAwaiters() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    List<Task<String>> machines = new ArrayList<>();
    EventLoop.run(() -> {
      machines.add(new AwaitOnce(pending, trace).start());
      machines.add(new AwaitOnce(pending, trace).start());
      machines.get(0).cancel("stop");
      return Tasks.allSettled(machines);
    });
    assertTrue(pending.isCancelled());
    for (Task<String> m : machines) {
      assertTrue(m.isCancelled());
      assertEquals("stop", assertThrows(CancellationException.class, m::join).getMessage());
    }

    CompletableFuture<String> later = new CompletableFuture<>();
    assertThrows(CancellationException.class,
        () -> EventLoop.run(() -> new CancelsItselfThenAwaits(later).start()));
    assertTrue(later.isCancelled(), "cancelled while running, then awaiting the future");
  }

  /**
   * <pre>{@code
   * @Async String m(CompletionStage<String> stage) {
   *   Task.current().cancel();
   *   return await(stage);
   * }}</pre>
   */
  private static final class CancelsItselfThenAwaits extends org.await4j.internal.AsyncMachine<String> {
    private final java.util.concurrent.CompletionStage<String> stage;

    CancelsItselfThenAwaits(java.util.concurrent.CompletionStage<String> stage) {
      this.stage = stage;
    }

    @Override
    protected void resume() {
      try {
        if (state == 0) {
          Task.current().cancel();
          if (suspend(stage, 1)) {
            return;
          }
        }
        complete((String) awaited());
      } catch (Throwable t) {
        completeExceptionally(t);
      }
    }
  }

  /** A stage that cannot be cancelled is left alone: the cancelled machine leaves it. */
  @Test
  void cancelOfAMachineAwaitingAStageWithoutAFutureLeavesTheStage() {
    CompletableFuture<String> source = new CompletableFuture<>();
    java.util.concurrent.CompletionStage<String> stage = new NoFuture<>(source);
    List<Task<String>> machines = new ArrayList<>();
    String second = EventLoop.run(() -> {
      machines.add(new AwaitOnce(stage, trace).start());
      machines.add(new AwaitOnce(stage, trace).start());
      machines.get(0).cancel();
      EventLoop.current().execute(() -> source.complete("v"));
      return machines.get(1);
    });
    assertEquals("v!", second);
    assertTrue(machines.get(0).isCancelled());
    assertFalse(source.isCancelled());
  }

  /** A CompletionStage that is no CompletableFuture and cannot give one. */
  private static final class NoFuture<T> implements java.util.concurrent.CompletionStage<T> {
    private final java.util.concurrent.CompletionStage<T> inner;

    NoFuture(CompletableFuture<T> source) {
      this.inner = source.minimalCompletionStage();
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.concurrent.CompletionStage<T> whenComplete(
        java.util.function.BiConsumer<? super T, ? super Throwable> action) {
      return inner.whenComplete(action);
    }

    @Override public <U> java.util.concurrent.CompletionStage<U> thenApply(java.util.function.Function<? super T, ? extends U> fn) { return inner.thenApply(fn); }
    @Override public <U> java.util.concurrent.CompletionStage<U> thenApplyAsync(java.util.function.Function<? super T, ? extends U> fn) { return inner.thenApplyAsync(fn); }
    @Override public <U> java.util.concurrent.CompletionStage<U> thenApplyAsync(java.util.function.Function<? super T, ? extends U> fn, java.util.concurrent.Executor e) { return inner.thenApplyAsync(fn, e); }
    @Override public java.util.concurrent.CompletionStage<Void> thenAccept(java.util.function.Consumer<? super T> a) { return inner.thenAccept(a); }
    @Override public java.util.concurrent.CompletionStage<Void> thenAcceptAsync(java.util.function.Consumer<? super T> a) { return inner.thenAcceptAsync(a); }
    @Override public java.util.concurrent.CompletionStage<Void> thenAcceptAsync(java.util.function.Consumer<? super T> a, java.util.concurrent.Executor e) { return inner.thenAcceptAsync(a, e); }
    @Override public java.util.concurrent.CompletionStage<Void> thenRun(Runnable a) { return inner.thenRun(a); }
    @Override public java.util.concurrent.CompletionStage<Void> thenRunAsync(Runnable a) { return inner.thenRunAsync(a); }
    @Override public java.util.concurrent.CompletionStage<Void> thenRunAsync(Runnable a, java.util.concurrent.Executor e) { return inner.thenRunAsync(a, e); }
    @Override public <U, V> java.util.concurrent.CompletionStage<V> thenCombine(java.util.concurrent.CompletionStage<? extends U> o, java.util.function.BiFunction<? super T, ? super U, ? extends V> fn) { return inner.thenCombine(o, fn); }
    @Override public <U, V> java.util.concurrent.CompletionStage<V> thenCombineAsync(java.util.concurrent.CompletionStage<? extends U> o, java.util.function.BiFunction<? super T, ? super U, ? extends V> fn) { return inner.thenCombineAsync(o, fn); }
    @Override public <U, V> java.util.concurrent.CompletionStage<V> thenCombineAsync(java.util.concurrent.CompletionStage<? extends U> o, java.util.function.BiFunction<? super T, ? super U, ? extends V> fn, java.util.concurrent.Executor e) { return inner.thenCombineAsync(o, fn, e); }
    @Override public <U> java.util.concurrent.CompletionStage<Void> thenAcceptBoth(java.util.concurrent.CompletionStage<? extends U> o, java.util.function.BiConsumer<? super T, ? super U> a) { return inner.thenAcceptBoth(o, a); }
    @Override public <U> java.util.concurrent.CompletionStage<Void> thenAcceptBothAsync(java.util.concurrent.CompletionStage<? extends U> o, java.util.function.BiConsumer<? super T, ? super U> a) { return inner.thenAcceptBothAsync(o, a); }
    @Override public <U> java.util.concurrent.CompletionStage<Void> thenAcceptBothAsync(java.util.concurrent.CompletionStage<? extends U> o, java.util.function.BiConsumer<? super T, ? super U> a, java.util.concurrent.Executor e) { return inner.thenAcceptBothAsync(o, a, e); }
    @Override public java.util.concurrent.CompletionStage<Void> runAfterBoth(java.util.concurrent.CompletionStage<?> o, Runnable a) { return inner.runAfterBoth(o, a); }
    @Override public java.util.concurrent.CompletionStage<Void> runAfterBothAsync(java.util.concurrent.CompletionStage<?> o, Runnable a) { return inner.runAfterBothAsync(o, a); }
    @Override public java.util.concurrent.CompletionStage<Void> runAfterBothAsync(java.util.concurrent.CompletionStage<?> o, Runnable a, java.util.concurrent.Executor e) { return inner.runAfterBothAsync(o, a, e); }
    @Override public <U> java.util.concurrent.CompletionStage<U> applyToEither(java.util.concurrent.CompletionStage<? extends T> o, java.util.function.Function<? super T, U> fn) { return inner.applyToEither(o, fn); }
    @Override public <U> java.util.concurrent.CompletionStage<U> applyToEitherAsync(java.util.concurrent.CompletionStage<? extends T> o, java.util.function.Function<? super T, U> fn) { return inner.applyToEitherAsync(o, fn); }
    @Override public <U> java.util.concurrent.CompletionStage<U> applyToEitherAsync(java.util.concurrent.CompletionStage<? extends T> o, java.util.function.Function<? super T, U> fn, java.util.concurrent.Executor e) { return inner.applyToEitherAsync(o, fn, e); }
    @Override public java.util.concurrent.CompletionStage<Void> acceptEither(java.util.concurrent.CompletionStage<? extends T> o, java.util.function.Consumer<? super T> a) { return inner.acceptEither(o, a); }
    @Override public java.util.concurrent.CompletionStage<Void> acceptEitherAsync(java.util.concurrent.CompletionStage<? extends T> o, java.util.function.Consumer<? super T> a) { return inner.acceptEitherAsync(o, a); }
    @Override public java.util.concurrent.CompletionStage<Void> acceptEitherAsync(java.util.concurrent.CompletionStage<? extends T> o, java.util.function.Consumer<? super T> a, java.util.concurrent.Executor e) { return inner.acceptEitherAsync(o, a, e); }
    @Override public java.util.concurrent.CompletionStage<Void> runAfterEither(java.util.concurrent.CompletionStage<?> o, Runnable a) { return inner.runAfterEither(o, a); }
    @Override public java.util.concurrent.CompletionStage<Void> runAfterEitherAsync(java.util.concurrent.CompletionStage<?> o, Runnable a) { return inner.runAfterEitherAsync(o, a); }
    @Override public java.util.concurrent.CompletionStage<Void> runAfterEitherAsync(java.util.concurrent.CompletionStage<?> o, Runnable a, java.util.concurrent.Executor e) { return inner.runAfterEitherAsync(o, a, e); }
    @Override public <U> java.util.concurrent.CompletionStage<U> thenCompose(java.util.function.Function<? super T, ? extends java.util.concurrent.CompletionStage<U>> fn) { return inner.thenCompose(fn); }
    @Override public <U> java.util.concurrent.CompletionStage<U> thenComposeAsync(java.util.function.Function<? super T, ? extends java.util.concurrent.CompletionStage<U>> fn) { return inner.thenComposeAsync(fn); }
    @Override public <U> java.util.concurrent.CompletionStage<U> thenComposeAsync(java.util.function.Function<? super T, ? extends java.util.concurrent.CompletionStage<U>> fn, java.util.concurrent.Executor e) { return inner.thenComposeAsync(fn, e); }
    @Override public <U> java.util.concurrent.CompletionStage<U> handle(java.util.function.BiFunction<? super T, Throwable, ? extends U> fn) { return inner.handle(fn); }
    @Override public <U> java.util.concurrent.CompletionStage<U> handleAsync(java.util.function.BiFunction<? super T, Throwable, ? extends U> fn) { return inner.handleAsync(fn); }
    @Override public <U> java.util.concurrent.CompletionStage<U> handleAsync(java.util.function.BiFunction<? super T, Throwable, ? extends U> fn, java.util.concurrent.Executor e) { return inner.handleAsync(fn, e); }
    @Override public java.util.concurrent.CompletionStage<T> whenCompleteAsync(java.util.function.BiConsumer<? super T, ? super Throwable> a) { return inner.whenCompleteAsync(a); }
    @Override public java.util.concurrent.CompletionStage<T> whenCompleteAsync(java.util.function.BiConsumer<? super T, ? super Throwable> a, java.util.concurrent.Executor e) { return inner.whenCompleteAsync(a, e); }
    @Override public java.util.concurrent.CompletionStage<T> exceptionally(java.util.function.Function<Throwable, ? extends T> fn) { return inner.exceptionally(fn); }
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
