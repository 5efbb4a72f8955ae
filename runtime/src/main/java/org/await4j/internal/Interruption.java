package org.await4j.internal;

/**
 * A reason other than {@code cancel()} to stop a state machine at its suspension point: a {@code
 * Timeout} whose deadline passed, a {@code TaskGroup} whose child failed. Not API.
 *
 * <p>Java's try-with-resources keeps the body's exception and only adds the close's as
 * suppressed, so a scope could not turn a {@code CancellationException} into its own exception
 * when the block ends. The machine therefore throws the scope's own exception at the suspension
 * point instead: {@link #exception()} is called once, when it is delivered.
 */
public interface Interruption {
  /** The exception to throw at the suspension point; called once, on delivery. */
  Throwable exception();
}
