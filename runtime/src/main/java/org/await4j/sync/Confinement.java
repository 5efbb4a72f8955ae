package org.await4j.sync;

import org.await4j.EventLoop;

/**
 * The loop confinement of the primitives, as in asyncio: a primitive belongs to the loop it is
 * first used on, and every later operation must run on that loop. Its state is then touched by
 * one thread only, without locks or volatile fields, and its waiters' callbacks go to a loop that
 * runs.
 */
final class Confinement {
  private Confinement() {}

  /**
   * Binds a primitive that belongs to {@code bound} (null: to no loop yet) and is used on {@code
   * current}, the calling thread's loop; returns the loop it belongs to from now on.
   *
   * @throws IllegalStateException if the thread runs no loop or another one than {@code bound}
   */
  static EventLoop bind(EventLoop bound, EventLoop current, Object primitive) {
    if (current != null && (bound == null || bound == current)) {
      return current;
    }
    String what = primitive.getClass().getSimpleName();
    String thread = Thread.currentThread().getName();
    if (current == null) {
      throw new IllegalStateException(what + " used on thread '" + thread + "', which runs no"
          + " event loop: org.await4j.sync primitives coordinate the tasks of one loop; use it"
          + " from @Async methods (or other code) running on an EventLoop, for example inside"
          + " EventLoop.run(...). An @Async method called directly runs blocking, outside any"
          + " loop: start it through its <Class>Async twin instead");
    }
    String owner = bound.inLoop()
        ? "an earlier event loop of this thread (one EventLoop.run): create primitives for each run"
        : "the event loop of another thread: hand the call to that loop with"
            + " EventLoop.execute(...)";
    throw new IllegalStateException(what + " used on thread '" + thread + "', but it belongs to "
        + owner + ". org.await4j.sync primitives are confined to the loop they are first used on,"
        + " like asyncio's");
  }
}
