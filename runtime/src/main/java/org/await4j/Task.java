package org.await4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import org.await4j.internal.Exceptions;
import org.await4j.internal.TaskListener;

/**
 * The handle of a running async call: what an {@code <Class>Async} stub returns and what {@link
 * Await#await(Task)} waits for.
 *
 * <table>
 *   <caption>States</caption>
 *   <tr><th>state</th><th>{@link #isDone()}</th><th>{@link #isCancelled()}</th><th>{@link #result()}</th></tr>
 *   <tr><td>pending</td><td>false</td><td>false</td><td>throws IllegalStateException</td></tr>
 *   <tr><td>succeeded</td><td>true</td><td>false</td><td>the value</td></tr>
 *   <tr><td>failed</td><td>true</td><td>false</td><td>rethrows the exception object</td></tr>
 *   <tr><td>cancelled</td><td>true</td><td>true</td><td>throws CancellationException</td></tr>
 * </table>
 *
 * <p>A task completes once. Completion and listener registration are thread-safe and lock-free;
 * a task completed on any thread resumes each awaiting state machine on that machine's own loop.
 *
 * @param <T> the result type ({@code Void} for a {@code void} method)
 */
public class Task<T> {
  private static final VarHandle LISTENERS;
  private static final VarHandle CLAIMED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LISTENERS = lookup.findVarHandle(Task.class, "listeners", Object.class);
      CLAIMED = lookup.findVarHandle(Task.class, "claimed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Marks {@link #listeners} once the outcome is published. */
  private static final Object DONE = new Object();

  /** null, one TaskListener, a ListenerNode chain, or DONE. */
  private volatile Object listeners;
  /** 0 until one completer wins the right to write the outcome. */
  private volatile int claimed;

  private T value;
  private Throwable failure;

  /** For the runtime's own task kinds and generated state machines only. */
  protected Task() {}

  /** A task that has already succeeded with {@code value}. */
  public static <T> Task<T> completed(T value) {
    Task<T> t = new Task<>();
    t.succeed(value);
    return t;
  }

  /** A task that has already failed with {@code failure}. */
  public static <T> Task<T> failed(Throwable failure) {
    Task<T> t = new Task<>();
    t.failWith(failure);
    return t;
  }

  /**
   * A task that completes when {@code stage} does, with its value or its unwrapped exception.
   * Cancelling the task cancels the stage's future where the stage allows it.
   */
  public static <T> Task<T> from(CompletionStage<T> stage) {
    if (stage instanceof CompletableFuture) {
      // not a cast: a minimalCompletionStage() is a CompletableFuture whose isDone() throws
      CompletableFuture<T> f = stage.toCompletableFuture();
      if (f.isDone() && !f.isCompletedExceptionally()) {
        return completed(f.getNow(null));
      }
    }
    StageTask<T> t = new StageTask<>(stage);
    stage.whenComplete(t);
    return t;
  }

  /** Whether the task has an outcome: a value, an exception or a cancellation. */
  public final boolean isDone() {
    return listeners == DONE;
  }

  /** Whether the task ended by cancellation. */
  public final boolean isCancelled() {
    return isDone() && failure instanceof CancellationException;
  }

  /** Whether the task ended with an exception, cancellation included. */
  public final boolean isFailed() {
    return isDone() && failure != null;
  }

  /**
   * The result of a done task (asyncio's {@code Task.result()}): the value, or its exception
   * rethrown unchanged.
   *
   * @throws IllegalStateException if the task is not done
   */
  public final T result() {
    if (!isDone()) {
      throw new IllegalStateException("task is not done yet: await it first");
    }
    if (failure != null) {
      throw Exceptions.sneakyThrow(failure);
    }
    return value;
  }

  /**
   * The exception of a done task, or {@code null} if it succeeded.
   *
   * @throws IllegalStateException if the task is not done
   */
  public final Throwable exception() {
    if (!isDone()) {
      throw new IllegalStateException("task is not done yet: await it first");
    }
    return failure;
  }

  /**
   * Requests cancellation. A pending task is resumed at its suspension point with a {@link
   * CancellationException}, so its {@code finally} blocks run; a done task is left alone.
   *
   * @return false if the task was already done
   */
  public boolean cancel() {
    return failWith(new CancellationException("task was cancelled"));
  }

  /**
   * Blocks the calling thread until the task is done; returns its value or rethrows its
   * exception unchanged. This is how {@link Await#await} works outside a state machine.
   *
   * @throws IllegalStateException on an event-loop thread, where blocking would stop the loop
   */
  public final T join() {
    if (EventLoop.current() != null) {
      // Even a task that is done now would not be on another run: fail the same way always.
      throw new IllegalStateException(
          "await(...) would block the event loop thread '" + Thread.currentThread().getName()
              + "': call it inside an @Async method (where it suspends instead of blocking),"
              + " or start the work with EventLoop.run(...) from a thread that is not a loop");
    }
    if (!isDone()) {
      Parker parker = new Parker(Thread.currentThread());
      boolean interrupted = false;
      if (addListener(parker)) {
        while (!isDone()) {
          LockSupport.park(this);
          // park returns at once while the flag is set: clear it, keep waiting, restore it
          interrupted |= Thread.interrupted();
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return result();
  }

  /**
   * A {@link CompletableFuture} completed with this task's outcome. Cancelling the future cancels
   * the task.
   */
  public final CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> f = new CompletableFuture<>();
    TaskListener bridge = t -> {
      if (failure != null) {
        f.completeExceptionally(failure);
      } else {
        f.complete(value);
      }
    };
    if (!addListener(bridge)) {
      bridge.taskDone(this);
    }
    f.whenComplete((v, e) -> {
      if (e instanceof CancellationException) {
        cancel();
      }
    });
    return f;
  }

  @Override
  public String toString() {
    String state = !isDone() ? "pending" : isCancelled() ? "cancelled"
        : failure != null ? "failed: " + failure : "succeeded: " + value;
    return getClass().getSimpleName() + "[" + state + "]";
  }

  // ---- completion, for subclasses in the runtime and generated machines ----

  /** Completes with {@code v}; false if the task already had an outcome. */
  protected final boolean succeed(T v) {
    if (!CLAIMED.compareAndSet(this, 0, 1)) {
      return false;
    }
    value = v;
    publish();
    return true;
  }

  /** Completes with {@code t} (a CancellationException means cancelled); false if already done. */
  protected final boolean failWith(Throwable t) {
    if (!CLAIMED.compareAndSet(this, 0, 1)) {
      return false;
    }
    failure = t;
    publish();
    return true;
  }

  /**
   * Registers {@code l} to be told once when this task is done. Returns false, registering
   * nothing, if the task is already done: the caller then reads the outcome at once.
   */
  public final boolean addListener(TaskListener l) {
    for (;;) {
      Object cur = listeners;
      if (cur == DONE) {
        return false;
      }
      Object next = cur == null ? l : new ListenerNode(l, cur);
      if (LISTENERS.compareAndSet(this, cur, next)) {
        return true;
      }
    }
  }

  /** The outcome's exception without checks, for machines that already know the task is done. */
  protected final Throwable failureNow() {
    return failure;
  }

  /** The outcome's value without checks, for machines that already know the task is done. */
  protected final T valueNow() {
    return value;
  }

  private void publish() {
    Object cur = LISTENERS.getAndSet(this, DONE);
    if (cur instanceof ListenerNode) {
      notifyChain((ListenerNode) cur);
    } else if (cur != null) {
      ((TaskListener) cur).taskDone(this);
    }
  }

  /** Tells the chain's listeners in the order they registered (the chain is newest first). */
  private void notifyChain(ListenerNode newest) {
    java.util.ArrayList<TaskListener> chain = new java.util.ArrayList<>();
    Object cur = newest;
    while (cur instanceof ListenerNode) {
      chain.add(((ListenerNode) cur).listener);
      cur = ((ListenerNode) cur).next;
    }
    chain.add((TaskListener) cur);
    for (int i = chain.size() - 1; i >= 0; i--) {
      chain.get(i).taskDone(this);
    }
  }

  private static final class ListenerNode {
    final TaskListener listener;
    final Object next;

    ListenerNode(TaskListener listener, Object next) {
      this.listener = listener;
      this.next = next;
    }
  }

  /** Wakes a thread blocked in {@link #join()}. */
  private static final class Parker implements TaskListener {
    private final Thread thread;

    Parker(Thread thread) {
      this.thread = thread;
    }

    @Override
    public void taskDone(Task<?> task) {
      LockSupport.unpark(thread);
    }
  }

  /** A task that mirrors a {@link CompletionStage}. */
  private static final class StageTask<T> extends Task<T>
      implements java.util.function.BiConsumer<T, Throwable> {
    private final CompletionStage<T> stage;

    StageTask(CompletionStage<T> stage) {
      this.stage = stage;
    }

    @Override
    public void accept(T v, Throwable e) {
      if (e != null) {
        failWith(Exceptions.unwrap(e));
      } else {
        succeed(v);
      }
    }

    @Override
    public boolean cancel() {
      boolean cancelled = super.cancel();
      if (cancelled) {
        try {
          stage.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException ignored) {
          // a stage that cannot be cancelled keeps running; the task is cancelled anyway
        }
      }
      return cancelled;
    }
  }
}
