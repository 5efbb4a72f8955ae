package org.await4j.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.AsyncCloseable;
import org.await4j.Await;
import org.await4j.Task;
import org.await4j.Tasks;

/**
 * A listening socket on the loop's selector (asyncio's {@code Server}), made by {@link
 * Tcp#listen}. Each accepted connection gets its {@link TcpStream} and a task of its own running
 * the {@link ConnectionHandler}; the stream is closed when that task is done. Used on its loop
 * only.
 */
public final class TcpServer implements AsyncCloseable, IoLoop.Ready {
  private static final System.Logger LOG = System.getLogger(TcpServer.class.getName());
  /** Connections accepted per readiness, so a flood of them cannot hold the loop. */
  private static final int ACCEPTS_PER_PASS = 64;

  private final IoLoop io;
  private final ServerSocketChannel channel;
  private final SelectionKey key;
  private final ConnectionHandler handler;
  private final int port;
  /** The open connections, each with its handler's task (null until it has started). */
  private final Map<TcpStream, Task<?>> clients = new HashMap<>();
  /** Handlers still running after their connection closed (few, and not for long, normally). */
  private final Map<TcpStream, Task<?>> lingering = new HashMap<>(4);
  private int running; // handler tasks not done yet
  private boolean closed;
  /** {@link #closeAsync}: a handler still running once its connection has closed is cancelled. */
  private boolean cancelLingering;
  private Signal allClosed;

  TcpServer(IoLoop io, ServerSocketChannel channel, ConnectionHandler handler) throws IOException {
    this.io = io;
    this.channel = channel;
    this.handler = handler;
    this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    this.key = io.register(channel, SelectionKey.OP_ACCEPT, this);
    io.servers.add(this);
  }

  /** The port it listens on (the one chosen, for port 0). */
  public int port() {
    return port;
  }

  /** The connections open now. */
  public int clientCount() {
    checkLoop();
    return clients.size();
  }

  /** Its handlers still running, and its close's signal: what EventLoop.run ends with it. */
  @Override
  public void forEachWaiting(java.util.function.Consumer<Task<?>> sink) {
    for (Task<?> h : clients.values()) {
      if (h != null) {
        sink.accept(h);
      }
    }
    lingering.values().forEach(sink);
    if (allClosed != null && !allClosed.isDone()) {
      sink.accept(allClosed);
    }
  }

  /** Not API: the selector's callback, on the loop thread. */
  @Override
  public void ready(int ops) {
    for (int i = 0; i < ACCEPTS_PER_PASS && !closed; i++) {
      SocketChannel c;
      try {
        c = channel.accept();
      } catch (IOException e) {
        // out of descriptors, say: the connection waits in the backlog for a later pass
        LOG.log(System.Logger.Level.WARNING, "accept failed on " + channel, e);
        return;
      }
      if (c == null) {
        return;
      }
      try {
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        started(new TcpStream(io, c, io.register(c, 0, null)));
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not set up an accepted connection", e);
        try {
          c.close();
        } catch (IOException ignored) {
          // it never worked
        }
      }
    }
  }

  private void started(TcpStream stream) {
    clients.put(stream, null);
    stream.server = this;
    running++;
    // started in the loop's next pass, out of the selector's callback (a task of its own: the
    // handler's); no wrapper task kept per connection
    io.loop.execute(() -> start(stream));
  }

  private void start(TcpStream stream) {
    Task<?> task;
    try {
      task = handler.handle(stream);
    } catch (RuntimeException | Error e) {
      task = Task.failed(e);
    }
    if (clients.containsKey(stream)) {
      clients.put(stream, task);
    } else {
      linger(stream, task); // closed before its handler started
    }
    IoLoop.whenDone(task, t -> io.loop.execute(() -> handlerDone(t, stream)));
  }

  void closed(TcpStream stream) {
    Task<?> handler = clients.remove(stream);
    if (handler != null) {
      linger(stream, handler);
    }
    maybeAllClosed();
  }

  /** {@code stream} has closed while its {@code handler} may still be running. */
  private void linger(TcpStream stream, Task<?> handler) {
    if (handler.isDone()) {
      return;
    }
    lingering.put(stream, handler);
    if (cancelLingering) {
      cancelSoon(handler);
    }
  }

  /**
   * Cancels {@code handler} in the loop's next pass if it is still running then: one that the
   * closing connection has just woken (with its last bytes, the end of the stream or the close)
   * resumes first, and ends on its own if it can.
   */
  private void cancelSoon(Task<?> handler) {
    io.loop.execute(() -> {
      if (!handler.isDone()) {
        handler.cancel();
      }
    });
  }

  private void handlerDone(Task<?> task, TcpStream stream) {
    running--;
    lingering.remove(stream);
    Throwable e = org.await4j.Outcome.of(task).exception(); // a cancellation too, not thrown
    if (e != null && !(e instanceof CancellationException)
        && !(e instanceof java.nio.channels.ClosedChannelException)) { // closed by the server
      LOG.log(System.Logger.Level.WARNING, "connection handler failed for " + stream, e);
    }
    stream.close();
    maybeAllClosed();
  }

  /**
   * Stops listening (asyncio's {@code Server.close()}); connections open now stay open. The
   * loop's next pass releases the socket.
   */
  public void close() {
    checkLoop();
    if (closed) {
      return;
    }
    closed = true;
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a server socket", e);
    }
    maybeAllClosed();
  }

  /** Closes every open connection gracefully (what was written is still sent). */
  public void closeClients() {
    checkLoop();
    for (TcpStream s : new ArrayList<>(clients.keySet())) {
      s.close();
    }
  }

  /** Closes every open connection at once, dropping unsent bytes. */
  public void abortClients() {
    checkLoop();
    for (TcpStream s : new ArrayList<>(clients.keySet())) {
      s.abort();
    }
  }

  /**
   * A task that completes once the server is closed, every connection closed and every handler
   * task done (asyncio's {@code wait_closed()}, as of Python 3.12).
   */
  @Async
  public void waitClosed() {
    Await.await(waitClosedTask());
  }

  Task<Void> waitClosedTask() {
    checkLoop();
    if (allClosed == null) {
      allClosed = new Signal();
      maybeAllClosed();
    }
    return Tasks.shield(allClosed);
  }

  /**
   * {@link #close()}, {@link #closeClients()}, then {@link #waitClosed()}; what try-with-resources
   * does in an {@code @Async} body. A handler still running once its connection has closed (one
   * waiting for a queue or an event rather than its stream) is cancelled in the loop's next pass
   * (one woken by the close resumes first), so that the wait ends, as a task group ends its
   * tasks.
   */
  @Override
  public Task<Void> closeAsync() {
    close();
    closeClients();
    cancelLingering = true;
    for (Task<?> handler : lingering.values()) {
      cancelSoon(handler);
    }
    return waitClosedTask();
  }

  private void maybeAllClosed() {
    if (closed && clients.isEmpty() && running == 0) {
      io.servers.remove(this);
      if (allClosed != null) {
        allClosed.fire();
      }
    }
  }

  private void checkLoop() {
    if (!io.loop.inLoop()) {
      throw new IllegalStateException("a TcpServer is used on the loop it was made on only");
    }
  }

  @Override
  public String toString() {
    return "TcpServer[port " + port + (closed ? ", closed" : "") + ", " + clients.size()
        + " connections]";
  }
}
