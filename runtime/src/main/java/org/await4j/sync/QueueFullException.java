package org.await4j.sync;

/**
 * {@link AsyncQueue#putNow} found the queue full: asyncio's {@code asyncio.QueueFull}. An {@link
 * IllegalStateException}, as thrown by {@code java.util.Queue.add} on a full queue.
 */
public class QueueFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public QueueFullException(String message) {
    super(message);
  }
}
