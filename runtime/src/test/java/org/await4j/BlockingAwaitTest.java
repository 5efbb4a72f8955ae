package org.await4j;

import static org.await4j.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link Await#await} outside a state machine: it blocks, except on a loop thread. */
class BlockingAwaitTest {
  // ---- off the loop it joins ----

  @Test
  void awaitADoneTask() {
    assertEquals("v", await(Task.completed("v")));
  }

  @Test
  void awaitBlocksUntilAnotherThreadCompletesTheTask() {
    ManualTask<String> t = new ManualTask<>();
    Thread me = Thread.currentThread();
    Threads.start("completer", () -> {
      Threads.awaitParked(me);
      t.complete("later");
    });
    assertEquals("later", await(t));
  }

  @Test
  void awaitBlocksUntilAnotherThreadCompletesTheStage() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread me = Thread.currentThread();
    Threads.start("completer", () -> {
      Threads.awaitParked(me);
      f.complete("later");
    });
    assertEquals("later", await((CompletionStage<String>) f));
  }

  @Test
  void awaitRethrowsTheTasksExceptionObject() {
    IOException io = new IOException("io");
    assertSame(io, assertThrows(IOException.class, () -> await(Task.failed(io))));
  }

  @Test
  void awaitRethrowsAFailureThatArrivesWhileBlocked() {
    ManualTask<String> t = new ManualTask<>();
    IOException io = new IOException("io");
    Thread me = Thread.currentThread();
    Threads.start("failer", () -> {
      Threads.awaitParked(me);
      t.fail(io);
    });
    assertSame(io, assertThrows(IOException.class, () -> await(t)));
  }

  @Test
  void awaitAStageRethrowsTheOriginalException() {
    IOException io = new IOException("io");
    assertSame(io, assertThrows(IOException.class,
        () -> await(CompletableFuture.failedFuture(io))));
  }

  @Test
  void awaitAStageRemovesCompletionException() {
    IOException io = new IOException("io");
    CompletableFuture<String> f = new CompletableFuture<>();
    f.completeExceptionally(new CompletionException(io));
    assertSame(io, assertThrows(IOException.class, () -> await(f)));
  }

  @Test
  void awaitAStageRemovesExecutionException() {
    IOException io = new IOException("io");
    CompletableFuture<String> f = CompletableFuture.failedFuture(new ExecutionException(io));
    assertSame(io, assertThrows(IOException.class, () -> await(f)));
  }

  @Test
  void awaitADependentStageRemovesTheWrapper() {
    IllegalArgumentException boom = new IllegalArgumentException();
    CompletableFuture<String> f = new CompletableFuture<>();
    CompletableFuture<String> dependent = f.thenApply(s -> {
      throw boom;
    });
    f.complete("x");
    assertSame(boom, assertThrows(IllegalArgumentException.class, () -> await(dependent)));
  }

  @Test
  void awaitACancelledStageThrowsCancellationException() {
    CompletableFuture<String> f = new CompletableFuture<>();
    f.cancel(false);
    assertThrows(CancellationException.class, () -> await(f));
  }

  @Test
  void awaitAMinimalStage() {
    CompletableFuture<String> f = CompletableFuture.completedFuture("v");
    assertEquals("v", await(f.minimalCompletionStage()));
  }

  // ---- on a loop thread it refuses ----

  @Test
  void awaitATaskInsideRunsSupplierThrows() {
    assertRefusedOnTheLoop(() -> await(new ManualTask<String>()));
  }

  @Test
  void awaitAStageInsideRunsSupplierThrows() {
    assertRefusedOnTheLoop(() -> await(new CompletableFuture<String>()));
  }

  @Test
  void awaitInALoopCallbackThrows() {
    ManualTask<Throwable> seen = new ManualTask<>();
    Throwable e = EventLoop.run(() -> {
      EventLoop.current().execute(() -> seen.complete(catching(() -> await(new ManualTask<>()))));
      return seen;
    });
    assertNamesTheFix(e);
  }

  @Test
  void awaitOnTheDefaultLoopThrows() {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    EventLoop.currentOrDefault().execute(
        () -> seen.complete(catching(() -> await(new CompletableFuture<String>()))));
    assertNamesTheFix(seen.join());
  }

  private static void assertRefusedOnTheLoop(Supplier<?> awaitCall) {
    Throwable e = EventLoop.run(() -> Task.completed(catching(awaitCall)));
    assertNamesTheFix(e);
  }

  private static void assertNamesTheFix(Throwable e) {
    assertInstanceOf(IllegalStateException.class, e);
    assertTrue(e.getMessage().contains("@Async"), e.getMessage());
  }

  /** What {@code call} throws, or null if it returns. */
  private static Throwable catching(Supplier<?> call) {
    try {
      call.get();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
