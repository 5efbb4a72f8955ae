package org.await4j;

import java.util.List;

/**
 * What {@link Tasks#wait} returns: the tasks that were done and those still pending when it
 * returned (asyncio's {@code (done, pending)} pair). Both lists keep the order in which the tasks
 * were given, and are unmodifiable.
 *
 * @param <T> the tasks' value type
 */
public final class WaitResult<T> {
  private final List<Task<T>> done;
  private final List<Task<T>> pending;

  WaitResult(List<Task<T>> done, List<Task<T>> pending) {
    this.done = done;
    this.pending = pending;
  }

  /** The tasks that were done, in the order given. */
  public List<Task<T>> done() {
    return done;
  }

  /** The tasks that were not done yet, in the order given. */
  public List<Task<T>> pending() {
    return pending;
  }

  @Override
  public String toString() {
    return "WaitResult[" + done.size() + " done, " + pending.size() + " pending]";
  }
}
