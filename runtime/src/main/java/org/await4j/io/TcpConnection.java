package org.await4j.io;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * What a {@link TcpStream} is underneath: its channel, its selection key and the connection's
 * state (open, closing, broken, closed), with the selector's callback that moves bytes between
 * the channel and its {@link TcpReadSide} and {@link TcpWriteSide}. A superclass rather than a
 * field, so that a connection is still one object plus its two sides (IO-3).
 */
abstract class TcpConnection implements IoLoop.Ready {
  final IoLoop io;
  final SocketChannel channel;
  private final SelectionKey key;
  final TcpReadSide reading = new TcpReadSide(this);
  final TcpWriteSide writing = new TcpWriteSide(this);

  IOException failure; // the connection broke (reset, broken pipe)
  boolean closing;
  boolean eofRequested; // writeEof: a FIN once all is sent (here, not in the write side: IO-3)
  boolean closed;
  Signal closedSignal;
  TcpServer server; // the server that accepted it, told when it closes

  TcpConnection(IoLoop io, SocketChannel channel, SelectionKey key) {
    this.io = io;
    this.channel = channel;
    this.key = key;
    key.attach(this);
    updateInterest();
  }

  /** The connection broke (reset, broken pipe): everything waiting fails, the socket closes. */
  void broken(IOException e) {
    if (failure == null) {
      failure = e;
    }
    reading.serve(); // a read that buffered bytes satisfy still gets them
    reading.fail(e);
    writing.fail(e);
    finishClose();
  }

  /** The failure for one more operation on the broken connection: see {@link Failures}. */
  IOException failureAgain() {
    return Failures.again(failure);
  }

  void finishClose() {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    key.cancel();
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing left to tell
    }
    if (closedSignal != null) {
      closedSignal.fire();
    }
    if (server != null) {
      server.closed((TcpStream) this);
    }
  }

  @Override
  public void forEachWaiting(java.util.function.Consumer<org.await4j.Task<?>> sink) {
    reading.forEachWaiting(sink);
    writing.forEachWaiting(sink);
    if (closedSignal != null && !closedSignal.isDone()) {
      sink.accept(closedSignal);
    }
  }

  /** Not API: the selector's callback, on the loop thread. */
  @Override
  public void ready(int ops) {
    if ((ops & SelectionKey.OP_WRITE) != 0) {
      writing.onWritable();
    }
    if ((ops & SelectionKey.OP_READ) != 0 && !closed) {
      reading.onReadable();
    }
    if (!closed) {
      updateInterest();
    }
  }

  /** Reads while a read waits or the buffer is under the limit; writes while bytes wait. */
  void updateInterest() {
    if (closed) {
      return;
    }
    boolean read = !closing && failure == null && reading.wantsBytes();
    int ops = (read ? SelectionKey.OP_READ : 0) | (writing.isEmpty() ? 0 : SelectionKey.OP_WRITE);
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  void checkLoop() {
    if (!io.loop.inLoop()) {
      throw new IllegalStateException(
          "a TcpStream is used on the loop it was made on only (from its @Async bodies)");
    }
  }
}
