package org.await4j.io;

import java.io.IOException;

/**
 * A read up to a separator found none within its limit, or found it too far (asyncio's {@code
 * LimitOverrunError}). Nothing is consumed: the bytes stay buffered for the next read.
 */
public final class LimitOverrunException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int buffered;

  public LimitOverrunException(String message, int buffered) {
    super(message);
    this.buffered = buffered;
  }

  /** How many bytes the stream holds buffered (to be read, or skipped with {@code read(n)}). */
  public int buffered() {
    return buffered;
  }
}
