package org.await4j.io;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.await4j.Task;
import org.await4j.internal.AsyncMachine;

/**
 * An {@code @Async} body that awaits I/O operations one after the other, written by hand the way
 * the processor writes machines (no fast path): the one state machine that awaits each read or
 * write, as a generated body would be.
 *
 * <pre>{@code
 * @Async List<Object> awaitEach(int n, Supplier<Task<?>> next) {
 *   List<Object> got = new ArrayList<>();
 *   for (int i = 0; i < n; i++) {
 *     got.add(await(next.get()));
 *   }
 *   return got;
 * }}</pre>
 */
final class AwaitBody extends AsyncMachine<List<Object>> {
  private final int n;
  private final Supplier<Task<?>> next;
  private final List<Object> got = new ArrayList<>();
  /** The operation awaited last. */
  Task<?> current;

  AwaitBody(int n, Supplier<Task<?>> next) {
    this.n = n;
    this.next = next;
  }

  /** The values of the operations that succeeded, in order. */
  List<Object> results() {
    return got;
  }

  @Override
  protected void resume() {
    try {
      for (;;) {
        switch (state) {
          case 0:
            if (got.size() == n) {
              complete(got);
              return;
            }
            current = next.get();
            if (suspend(current, 1)) {
              return;
            }
            // fall through: done at once
          case 1:
            got.add(awaited());
            state = 0;
            break;
          default:
            throw new IllegalStateException("no such state: " + state);
        }
      }
    } catch (Throwable t) {
      completeExceptionally(t);
    }
  }
}
