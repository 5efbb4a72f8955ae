package org.await4j.io;

import org.await4j.Task;

/** The async twins of {@link TcpServer}'s {@code @Async} methods (see {@link TcpStreamAsync}). */
public final class TcpServerAsync {
  private TcpServerAsync() {}

  /** The task of {@link TcpServer#waitClosed()}. */
  public static Task<Void> waitClosed(TcpServer self) {
    return self.waitClosedTask();
  }
}
