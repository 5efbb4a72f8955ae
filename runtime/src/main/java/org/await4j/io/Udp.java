package org.await4j.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * UDP on the loop's selector (asyncio's {@code create_datagram_endpoint}). Called on an event
 * loop; the endpoints belong to it.
 */
public final class Udp {
  private Udp() {}

  /** An endpoint bound to {@code host:port} ({@code host} null: every interface; port 0: any). */
  public static DatagramEndpoint bind(String host, int port) throws IOException {
    return bind(host, port, DatagramEndpoint.DEFAULT_QUEUE);
  }

  /** As {@link #bind(String, int)}, keeping at most {@code queue} datagrams received unread. */
  public static DatagramEndpoint bind(String host, int port, int queue) throws IOException {
    IoLoop io = IoLoop.current();
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
      return new DatagramEndpoint(io, ch, queue);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * An endpoint connected to {@code host:port} (literal addresses and {@code localhost}; resolve
   * others first): it sends there with {@link DatagramEndpoint#send(byte[])} and receives from
   * there only.
   */
  public static DatagramEndpoint connect(String host, int port) throws IOException {
    IoLoop io = IoLoop.current();
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.connect(new InetSocketAddress(host, port));
      return new DatagramEndpoint(io, ch, DatagramEndpoint.DEFAULT_QUEUE);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }
}
