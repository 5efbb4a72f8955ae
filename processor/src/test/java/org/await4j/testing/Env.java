package org.await4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.await4j.Task;

/**
 * What test bodies await and record. The same body runs blocking and as a state machine; an
 * {@code Env} in {@link Mode#NOW} gives futures that are already complete, in {@link
 * Mode#LATER} futures that another thread completes a little later, so that the machine really
 * suspends.
 */
public final class Env {
  public enum Mode { NOW, LATER }

  private static final Executor LATER =
      CompletableFuture.delayedExecutor(200, TimeUnit.MICROSECONDS);

  public final Mode mode;
  public final List<String> trace = new ArrayList<>();

  public Env(Mode mode) {
    this.mode = mode;
  }

  /** Records an event and passes {@code value} through, to observe evaluation order. */
  public <T> T log(String event, T value) {
    trace.add(event + "=" + value);
    return value;
  }

  public void log(String event) {
    trace.add(event);
  }

  /** A task that yields {@code value}, now or later depending on the mode. */
  public <T> Task<T> task(T value) {
    trace.add("task " + value);
    return mode == Mode.NOW ? Task.completed(value) : Task.from(future(value));
  }

  /** A plain CompletionStage that yields {@code value}, now or later. */
  public <T> CompletionStage<T> stage(T value) {
    trace.add("stage " + value);
    return mode == Mode.NOW ? CompletableFuture.completedFuture(value) : future(value);
  }

  /** A task that fails with {@code failure}, now or later. */
  public <T> Task<T> failing(Throwable failure) {
    trace.add("failing " + failure.getMessage());
    if (mode == Mode.NOW) {
      return Task.failed(failure);
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    LATER.execute(() -> f.completeExceptionally(failure));
    return Task.from(f);
  }

  private static <T> CompletableFuture<T> future(T value) {
    return CompletableFuture.supplyAsync(() -> value, LATER);
  }

  /** Weak references to objects a body asked to watch, to test what a suspended machine keeps. */
  public final List<java.lang.ref.WeakReference<Object>> watched = new ArrayList<>();

  /** Watches {@code value} without keeping it alive; returns it. */
  public <T> T watch(T value) {
    watched.add(new java.lang.ref.WeakReference<>(value));
    return value;
  }

  /** A copy of the trace, for comparing runs. */
  public List<String> snapshot() {
    return new ArrayList<>(trace);
  }
}
