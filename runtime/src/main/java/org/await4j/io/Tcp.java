package org.await4j.io;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.await4j.Async;
import org.await4j.Await;
import org.await4j.Task;
import org.await4j.Tasks;

/**
 * TCP on the loop's selector: {@link #connect} (asyncio's {@code open_connection}) and {@link
 * #listen} (asyncio's {@code start_server}). Both must be called on an event loop (inside an
 * {@code @Async} body or {@code EventLoop.run}); the streams and servers they make belong to it.
 *
 * <pre>{@code
 * TcpStream s = Tcp.connect("localhost", 8080, Duration.ofSeconds(5)); // in an @Async body
 * s.writeString("hello\n");
 * String reply = s.readLine();
 * }</pre>
 */
public final class Tcp {
  private Tcp() {}

  /** {@link #connect(String, int, Duration)} without a time limit. */
  @Async
  public static TcpStream connect(String host, int port) throws IOException {
    return Await.await(connectTask(host, port));
  }

  /**
   * Connects to {@code host:port} (asyncio's {@code open_connection}). A host name that is not an
   * address literal or {@code localhost} is resolved on a thread (its first address only: no
   * happy eyeballs).
   *
   * @param timeout null: none
   * @throws java.net.SocketTimeoutException once {@code timeout} has passed (the socket closed)
   */
  @Async
  public static TcpStream connect(String host, int port, Duration timeout) throws IOException {
    return Await.await(connectTask(host, port, timeout));
  }

  /** Connects to {@code address}, already resolved. */
  @Async
  public static TcpStream connect(InetSocketAddress address, Duration timeout)
      throws IOException {
    return Await.await(connectTask(address, timeout));
  }

  /** The task of {@link #connect(String, int)}. */
  static Task<TcpStream> connectTask(String host, int port) {
    return connectTask(host, port, null);
  }

  /**
   * Connects to {@code host:port}. A host name that is not an address literal or {@code
   * localhost} is resolved on a thread (first address only: no happy eyeballs). Fails with {@link
   * SocketTimeoutException} once {@code timeout} (null: none) has passed, the socket closed.
   */
  static Task<TcpStream> connectTask(String host, int port, Duration timeout) {
    IoLoop io = IoLoop.current();
    Connect c = new Connect(io);
    if (timeout != null) {
      c.timeLimit(timeout);
    }
    if (isLiteral(host)) {
      try {
        c.start(new InetSocketAddress(host, port));
      } catch (RuntimeException e) {
        c.fail(e);
      }
    } else {
      c.resolving = Tasks.toThread(() -> InetAddress.getByName(host));
      IoLoop.whenDone(c.resolving, done -> io.loop.execute(() -> c.resolved(port)));
    }
    return c;
  }

  /** Connects to {@code address}, already resolved. */
  static Task<TcpStream> connectTask(InetSocketAddress address, Duration timeout) {
    Connect c = new Connect(IoLoop.current());
    if (timeout != null) {
      c.timeLimit(timeout);
    }
    c.start(address);
    return c;
  }

  /**
   * Listens on {@code host:port} ({@code host} null: every interface; {@code port} 0: any free
   * port, see {@link TcpServer#port()}) and starts {@code handler} as a task of its own for each
   * connection.
   */
  public static TcpServer listen(String host, int port, ConnectionHandler handler)
      throws IOException {
    IoLoop io = IoLoop.current();
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port),
          1024);
      return new TcpServer(io, server, handler);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  static boolean isLiteral(String host) {
    if (host.equals("localhost") || host.indexOf(':') >= 0) {
      return true;
    }
    for (int i = 0; i < host.length(); i++) {
      char ch = host.charAt(i);
      if (ch != '.' && (ch < '0' || ch > '9')) {
        return false;
      }
    }
    return !host.isEmpty();
  }

  /** A connect in progress: resolving, then waiting for the selector's OP_CONNECT. */
  private static final class Connect extends IoWait<TcpStream> implements IoLoop.Ready {
    final IoLoop io;
    Task<InetAddress> resolving;
    SocketChannel channel;
    SelectionKey key;
    Task<Void> timer;

    Connect(IoLoop io) {
      this.io = io;
    }

    @Override
    org.await4j.EventLoop loop() {
      return io.loop;
    }

    @Override
    public void forEachWaiting(java.util.function.Consumer<Task<?>> sink) {
      if (!isDone()) {
        sink.accept(this);
      }
    }

    void timeLimit(Duration timeout) {
      timer = io.loop.schedule(timeout);
      IoLoop.whenDone(timer, t -> {
        if (!t.isCancelled()) {
          io.loop.execute(this::timedOut);
        }
      });
    }

    void resolved(int port) {
      if (!waiting()) {
        return; // cancelled or timed out meanwhile
      }
      Throwable e = org.await4j.Outcome.of(resolving).exception();
      if (e != null) {
        giveUp(e);
      } else {
        start(new InetSocketAddress(resolving.result(), port));
      }
    }

    void start(InetSocketAddress address) {
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (channel.connect(address)) {
          key = io.register(channel, 0, this);
          connected();
        } else {
          key = io.register(channel, SelectionKey.OP_CONNECT, this);
        }
      } catch (IOException | RuntimeException e) {
        giveUp(e);
      }
    }

    @Override
    public void ready(int ops) {
      try {
        if (channel.finishConnect()) {
          connected();
        }
      } catch (IOException e) {
        giveUp(e);
      }
    }

    private void connected() {
      if (timer != null) {
        timer.cancel();
      }
      hand(new TcpStream(io, channel, key));
    }

    private void timedOut() {
      if (waiting()) {
        giveUp(new SocketTimeoutException("connect timed out"));
      }
    }

    private void giveUp(Throwable e) {
      release();
      fail(e);
    }

    private void release() {
      if (timer != null) {
        timer.cancel();
      }
      if (resolving != null) {
        resolving.cancel();
      }
      if (key != null) {
        key.cancel();
      }
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // never connected: nothing to tell
        }
      }
    }

    @Override
    boolean cancelWaiting(String message) {
      release();
      return cancelPlain(message);
    }

    @Override
    void giveBack(TcpStream stream) {
      stream.abort(); // connected, but nobody will ever use it
    }
  }
}
