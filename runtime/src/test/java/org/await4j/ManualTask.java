package org.await4j;

/** A task that the test completes by hand, from any thread. */
final class ManualTask<T> extends Task<T> {
  boolean complete(T value) {
    return succeed(value);
  }

  boolean fail(Throwable failure) {
    return failWith(failure);
  }
}
