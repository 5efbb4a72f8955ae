package org.await4j.sync;

/**
 * A {@link Barrier} was {@linkplain Barrier#abort() aborted} or {@linkplain Barrier#reset()
 * reset} while a task waited at it, or is broken: asyncio's {@code asyncio.BrokenBarrierError}.
 */
public class BarrierBrokenException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public BarrierBrokenException(String message) {
    super(message);
  }
}
