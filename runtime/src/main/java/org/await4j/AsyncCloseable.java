package org.await4j;

/**
 * A resource whose close may have to wait (asyncio's {@code async with}, C#'s {@code
 * IAsyncDisposable}, {@code await using}). In an {@code @Async} body a try-with-resources
 * statement awaits {@link #closeAsync()}: the body suspends until the close is done. Everywhere
 * else (plain code, or the body called directly) {@link #close()} blocks until it is done.
 */
public interface AsyncCloseable extends AutoCloseable {
  /** Starts closing; the task completes when the resource is closed, or fails as the close does. */
  Task<Void> closeAsync();

  /**
   * Closes and waits: {@code await(closeAsync())}. In an {@code @Async} body's
   * try-with-resources the state machine awaits {@link #closeAsync()} instead.
   */
  @Override
  default void close() {
    Await.await(closeAsync());
  }
}
