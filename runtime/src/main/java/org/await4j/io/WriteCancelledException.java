package org.await4j.io;

import java.util.concurrent.CancellationException;

/**
 * How a write that was cancelled while it waited ends: a {@link CancellationException} (so the
 * task counts as cancelled) that says how many of its bytes were handed to the connection. The
 * rest were dropped, never sent.
 */
public final class WriteCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;
  private final long written;
  private final long length;

  public WriteCancelledException(long written, long length) {
    super("write cancelled after " + written + " of " + length + " bytes");
    this.written = written;
    this.length = length;
  }

  /** The bytes of this write that were sent (or are buffered to be sent) before the cancel. */
  public long written() {
    return written;
  }

  /** The length of the write. */
  public long length() {
    return length;
  }
}
