package org.await4j.sync;

import java.util.NoSuchElementException;

/**
 * {@link AsyncQueue#getNow} found no item to take: asyncio's {@code asyncio.QueueEmpty}. A
 * {@link NoSuchElementException}, as thrown by {@code java.util.Queue.remove} on an empty queue.
 */
public class QueueEmptyException extends NoSuchElementException {
  private static final long serialVersionUID = 1L;

  public QueueEmptyException(String message) {
    super(message);
  }
}
