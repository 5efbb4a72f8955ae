package org.await4j.io;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.await4j.Task;
import org.await4j.internal.AsyncMachine;

/**
 * An {@code @Async} body that awaits reads, written by hand the way the processor writes machines
 * (no fast path): the one state machine that awaits each read, as a generated body would be.
 *
 * <pre>{@code
 * @Async List<Object> reads(int n, Supplier<Task<?>> read) {
 *   List<Object> got = new ArrayList<>();
 *   for (int i = 0; i < n; i++) {
 *     got.add(await(read.get()));
 *   }
 *   return got;
 * }}</pre>
 */
final class ReadBody extends AsyncMachine<List<Object>> {
  private final int n;
  private final Supplier<Task<?>> read;
  private final List<Object> got = new ArrayList<>();
  /** The read awaited last. */
  Task<?> current;

  ReadBody(int n, Supplier<Task<?>> read) {
    this.n = n;
    this.read = read;
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
            current = read.get();
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
