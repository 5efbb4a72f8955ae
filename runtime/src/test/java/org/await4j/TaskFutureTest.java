package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Tasks and {@code CompletableFuture}s, both ways: {@link Task#from} and {@link
 * Task#toCompletableFuture}.
 */
class TaskFutureTest {
  // ---- Task.from ----

  @Test
  void fromADoneFuture() {
    Task<String> t = Task.from(CompletableFuture.completedFuture("v"));
    assertTrue(t.isDone());
    assertEquals("v", t.result());
  }

  @Test
  void fromAPendingFutureFollowsIt() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Task<String> t = Task.from(f);
    assertFalse(t.isDone());
    f.complete("later");
    assertTrue(t.isDone());
    assertEquals("later", t.result());
  }

  @Test
  void fromAFailedFutureKeepsTheExceptionObject() {
    IOException io = new IOException("io");
    Task<String> t = Task.from(CompletableFuture.failedFuture(io));
    assertTrue(t.isFailed());
    assertSame(io, t.exception());
  }

  @Test
  void fromUnwrapsCompletionException() {
    IOException io = new IOException("io");
    CompletableFuture<String> f = new CompletableFuture<>();
    Task<String> t = Task.from(f);
    f.completeExceptionally(new CompletionException(io));
    assertSame(io, t.exception());
  }

  @Test
  void fromUnwrapsTheWrapperOfADependentStage() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    CompletableFuture<String> f = new CompletableFuture<>();
    Task<String> t = Task.from(f.thenApply(s -> {
      throw boom;
    }));
    f.complete("x");
    assertSame(boom, t.exception());
  }

  @Test
  void fromUnwrapsExecutionException() {
    IOException io = new IOException("io");
    Task<String> t = Task.from(CompletableFuture.failedFuture(new ExecutionException(io)));
    assertSame(io, t.exception());
  }

  @Test
  void fromACancelledFutureIsCancelled() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Task<String> t = Task.from(f);
    f.cancel(false);
    assertTrue(t.isCancelled());
  }

  @Test
  void fromAStageThatIsNotACompletableFuture() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Task<String> t = Task.from(f.minimalCompletionStage());
    assertFalse(t.isDone());
    f.complete("v");
    assertEquals("v", t.result());
  }

  @Test
  void cancellingTheTaskCancelsTheFuture() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Task<String> t = Task.from(f);
    assertTrue(t.cancel());
    assertTrue(t.isCancelled());
    assertTrue(f.isCancelled());
  }

  // ---- toCompletableFuture ----

  @Test
  void toCompletableFutureOfADoneTask() throws Exception {
    assertEquals("v", Task.completed("v").toCompletableFuture().get());
    IOException io = new IOException();
    CompletableFuture<Object> f = Task.failed(io).toCompletableFuture();
    assertTrue(f.isCompletedExceptionally());
    assertSame(io, assertThrows(ExecutionException.class, f::get).getCause());
  }

  @Test
  void toCompletableFutureFollowsTheTask() throws Exception {
    ManualTask<String> t = new ManualTask<>();
    CompletableFuture<String> f = t.toCompletableFuture();
    assertFalse(f.isDone());
    t.complete("v");
    assertEquals("v", f.getNow(null));
  }

  @Test
  void toCompletableFutureKeepsTheFailure() {
    ManualTask<String> t = new ManualTask<>();
    CompletableFuture<String> f = t.toCompletableFuture();
    IOException io = new IOException();
    t.fail(io);
    assertSame(io, assertThrows(CompletionException.class, f::join).getCause());
  }

  @Test
  void cancellingTheTaskCancelsItsCompletableFuture() {
    ManualTask<String> t = new ManualTask<>();
    CompletableFuture<String> f = t.toCompletableFuture();
    t.cancel();
    assertTrue(f.isCancelled());
  }

  @Test
  void cancellingTheCompletableFutureCancelsTheTask() {
    ManualTask<String> t = new ManualTask<>();
    CompletableFuture<String> f = t.toCompletableFuture();
    assertTrue(f.cancel(true));
    assertTrue(t.isCancelled());
  }

  @Test
  void roundTripThroughCompletableFuture() {
    ManualTask<String> t = new ManualTask<>();
    Task<String> back = Task.from(t.toCompletableFuture());
    t.complete("v");
    assertEquals("v", back.result());
  }
}
