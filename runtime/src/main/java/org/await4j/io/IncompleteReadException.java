package org.await4j.io;

import java.io.EOFException;

/**
 * The stream ended before a read got what it needed (asyncio's {@code IncompleteReadError}): {@link
 * TcpStream#readExactly} before {@code n} bytes, {@link TcpStream#readUntil} before the separator.
 * The bytes that did arrive are consumed and carried here.
 */
public final class IncompleteReadException extends EOFException {
  private static final long serialVersionUID = 1L;
  private final transient byte[] partial;
  private final int expected;

  public IncompleteReadException(byte[] partial, int expected) {
    super(partial.length + " bytes read before the end of the stream"
        + (expected >= 0 ? ", " + expected + " expected" : ", no separator"));
    this.partial = partial;
    this.expected = expected;
  }

  /** The bytes received before the end of the stream (consumed from the stream). */
  public byte[] partial() {
    return partial.clone();
  }

  /** How many bytes the read wanted, or -1 for a read up to a separator. */
  public int expected() {
    return expected;
  }
}
