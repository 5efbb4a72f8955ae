package org.await4j;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.await4j.internal.Exceptions;

/**
 * How a task ended: a value or an exception (a {@link CancellationException} if it was
 * cancelled). What {@link Tasks#allSettled} collects, as asyncio's {@code gather(...,
 * return_exceptions=True)} collects values and exceptions side by side.
 *
 * @param <T> the value type
 */
public final class Outcome<T> {
  private final T value;
  private final Throwable failure;

  private Outcome(T value, Throwable failure) {
    this.value = value;
    this.failure = failure;
  }

  /** A success with {@code value} (which may be null). */
  public static <T> Outcome<T> success(T value) {
    return new Outcome<>(value, null);
  }

  /** A failure with {@code failure}. */
  public static <T> Outcome<T> failure(Throwable failure) {
    return new Outcome<>(null, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * The outcome of a done task (reading it counts as observing the task's failure).
   *
   * @throws IllegalStateException if the task is not done
   */
  public static <T> Outcome<T> of(Task<T> done) {
    Throwable f = done.failureOrNull();
    return f != null ? failure(f) : success(done.result());
  }

  /** Whether it is a value. */
  public boolean isSuccess() {
    return failure == null;
  }

  /** Whether it is an exception, cancellation included. */
  public boolean isFailure() {
    return failure != null;
  }

  /** Whether it is a cancellation. */
  public boolean isCancelled() {
    return failure instanceof CancellationException;
  }

  /** The value, or the exception rethrown unchanged (like {@link Task#result()}). */
  public T result() {
    if (failure != null) {
      throw Exceptions.sneakyThrow(failure);
    }
    return value;
  }

  /** The exception, or null for a success. */
  public Throwable exception() {
    return failure;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Outcome && Objects.equals(value, ((Outcome<?>) o).value)
        && Objects.equals(failure, ((Outcome<?>) o).failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, failure);
  }

  @Override
  public String toString() {
    return failure == null ? "success: " + value
        : isCancelled() ? "cancelled" : "failure: " + failure;
  }
}
