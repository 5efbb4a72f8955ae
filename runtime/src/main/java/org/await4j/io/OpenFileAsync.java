package org.await4j.io;

import org.await4j.Task;

/** The async twins of {@link OpenFile}'s {@code @Async} methods (see {@link TcpStreamAsync}). */
public final class OpenFileAsync {
  private OpenFileAsync() {}

  public static Task<byte[]> read(OpenFile self, long position, int n) {
    return self.readTask(position, n);
  }

  public static Task<Void> write(OpenFile self, long position, byte[] bytes) {
    return self.writeTask(position, bytes);
  }

  public static Task<Void> force(OpenFile self, boolean metadata) {
    return self.forceTask(metadata);
  }
}
