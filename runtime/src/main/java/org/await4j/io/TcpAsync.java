package org.await4j.io;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.await4j.Task;

/** The async twins of {@link Tcp}'s {@code @Async} methods (see {@link TcpStreamAsync}). */
public final class TcpAsync {
  private TcpAsync() {}

  /** The task of {@link Tcp#connect(String, int)}. */
  public static Task<TcpStream> connect(String host, int port) {
    return Tcp.connectTask(host, port);
  }

  /** The task of {@link Tcp#connect(String, int, Duration)}. */
  public static Task<TcpStream> connect(String host, int port, Duration timeout) {
    return Tcp.connectTask(host, port, timeout);
  }

  /** The task of {@link Tcp#connect(InetSocketAddress, Duration)}. */
  public static Task<TcpStream> connect(InetSocketAddress address, Duration timeout) {
    return Tcp.connectTask(address, timeout);
  }
}
