package org.await4j.io;

import java.net.SocketAddress;
import org.await4j.Task;

/** The async twins of {@link DatagramEndpoint}'s {@code @Async} methods. */
public final class DatagramEndpointAsync {
  private DatagramEndpointAsync() {}

  public static Task<Datagram> receive(DatagramEndpoint self) {
    return self.receiveTask();
  }

  public static Task<Void> send(DatagramEndpoint self, byte[] data, SocketAddress target) {
    return self.sendTask(data, target);
  }

  public static Task<Void> send(DatagramEndpoint self, byte[] data) {
    return self.sendTask(data, null);
  }
}
