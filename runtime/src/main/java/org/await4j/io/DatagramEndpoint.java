package org.await4j.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import org.await4j.Async;
import org.await4j.Await;
import org.await4j.Task;

/**
 * A UDP socket on the loop's selector (asyncio's datagram endpoint), made by {@link Udp#bind} or
 * {@link Udp#connect}. Datagrams are received ahead into a bounded queue ({@link
 * #DEFAULT_QUEUE} by default); while it is full the endpoint stops reading and the system drops
 * what else arrives, as UDP may. {@link #receive} and {@link #send} are {@code @Async}; {@link
 * DatagramEndpointAsync} has their tasks. Used on its loop only.
 */
public final class DatagramEndpoint implements IoLoop.Ready, AutoCloseable {
  /** How many received datagrams wait unread at most, by default. */
  public static final int DEFAULT_QUEUE = 256;

  private final IoLoop io;
  private final DatagramChannel channel;
  private final SelectionKey key;
  private final int capacity;
  private final ArrayDeque<Datagram> received = new ArrayDeque<>();
  private final ArrayDeque<Receive> receivers = new ArrayDeque<>(2);
  private final ArrayDeque<Send> sends = new ArrayDeque<>(2);
  private boolean closed;

  DatagramEndpoint(IoLoop io, DatagramChannel channel, int capacity) throws IOException {
    this.io = io;
    this.channel = channel;
    this.capacity = capacity;
    this.key = io.register(channel, SelectionKey.OP_READ, this);
  }

  /** The next datagram, received already or once one arrives. */
  @Async
  public Datagram receive() throws IOException {
    return Await.await(receiveTask());
  }

  /** Sends {@code data} to {@code target}; waits only while the system has no room for it. */
  @Async
  public void send(byte[] data, SocketAddress target) throws IOException {
    Await.await(sendTask(data, target));
  }

  /** Sends {@code data} to the connected peer ({@link Udp#connect}). */
  @Async
  public void send(byte[] data) throws IOException {
    Await.await(sendTask(data, null));
  }

  Task<Datagram> receiveTask() {
    checkLoop();
    Datagram d = received.poll();
    if (d != null) {
      updateInterest();
      return Task.completed(d);
    }
    if (closed) {
      return Task.failed(new AsynchronousCloseException());
    }
    Receive r = new Receive();
    receivers.add(r);
    return r;
  }

  Task<Void> sendTask(byte[] data, SocketAddress target) {
    checkLoop();
    if (closed) {
      return Task.failed(new AsynchronousCloseException());
    }
    ByteBuffer buffer = ByteBuffer.wrap(data.clone());
    if (sends.isEmpty()) {
      try {
        if (trySend(buffer, target)) {
          return Signal.DONE;
        }
      } catch (IOException e) {
        return Task.failed(e);
      }
    }
    Send s = new Send(buffer, target);
    sends.add(s);
    updateInterest();
    return s;
  }

  private boolean trySend(ByteBuffer buffer, SocketAddress target) throws IOException {
    return (target == null ? channel.write(buffer) : channel.send(buffer, target)) > 0;
  }

  /** The datagrams received and not read yet. */
  public int queued() {
    checkLoop();
    return received.size();
  }

  public SocketAddress localAddress() throws IOException {
    return channel.getLocalAddress();
  }

  /** The port bound (the one chosen, for port 0). */
  public int port() throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  @Override
  public void forEachWaiting(java.util.function.Consumer<Task<?>> sink) {
    receivers.forEach(sink);
    sends.forEach(sink);
  }

  /** Not API: the selector's callback, on the loop thread. */
  @Override
  public void ready(int ops) {
    if ((ops & SelectionKey.OP_READ) != 0) {
      onReadable();
    }
    if ((ops & SelectionKey.OP_WRITE) != 0) {
      onWritable();
    }
    updateInterest();
  }

  private void onReadable() {
    ByteBuffer scratch = io.scratch;
    for (int i = 0; i < 16 && received.size() < capacity && !closed; i++) {
      scratch.clear();
      SocketAddress sender;
      try {
        sender = channel.receive(scratch);
      } catch (IOException e) {
        // an ICMP error on a connected endpoint, say: tell one waiting receiver
        Receive r = receivers.poll();
        if (r != null) {
          r.fail(e);
        }
        return;
      }
      if (sender == null) {
        return;
      }
      scratch.flip();
      byte[] bytes = new byte[scratch.remaining()];
      scratch.get(bytes);
      Datagram d = new Datagram(bytes, sender);
      Receive r = receivers.poll();
      if (r != null) {
        r.hand(d);
      } else {
        received.add(d);
      }
    }
  }

  private void onWritable() {
    Send s;
    while ((s = sends.peek()) != null) {
      try {
        if (!trySend(s.buffer, s.target)) {
          return;
        }
      } catch (IOException e) {
        sends.poll();
        s.fail(e);
        continue;
      }
      sends.poll();
      s.hand(null);
    }
  }

  private void updateInterest() {
    if (closed) {
      return;
    }
    int ops = (received.size() < capacity ? SelectionKey.OP_READ : 0)
        | (sends.isEmpty() ? 0 : SelectionKey.OP_WRITE);
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  /** Closes the socket; waiting receives and sends fail. */
  @Override
  public void close() {
    checkLoop();
    if (closed) {
      return;
    }
    closed = true;
    key.cancel();
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing left to tell
    }
    AsynchronousCloseException e = new AsynchronousCloseException();
    Receive r;
    while ((r = receivers.poll()) != null) {
      r.fail(e);
    }
    Send s;
    while ((s = sends.poll()) != null) {
      s.fail(e);
    }
    received.clear();
  }

  private void checkLoop() {
    if (!io.loop.inLoop()) {
      throw new IllegalStateException("a DatagramEndpoint is used on its own loop only");
    }
  }

  private final class Receive extends IoWait<Datagram> {
    @Override
    org.await4j.EventLoop loop() {
      return io.loop;
    }

    @Override
    boolean cancelWaiting(String message) {
      receivers.remove(this);
      return cancelPlain(message);
    }

    @Override
    void giveBack(Datagram d) {
      received.addFirst(d); // the body never got it: the next receive will
      updateInterest();
    }
  }

  private final class Send extends IoWait<Void> {
    final ByteBuffer buffer;
    final SocketAddress target;

    Send(ByteBuffer buffer, SocketAddress target) {
      this.buffer = buffer;
      this.target = target;
    }

    @Override
    org.await4j.EventLoop loop() {
      return io.loop;
    }

    @Override
    boolean givesBack() {
      return false; // sent: nothing to take back
    }

    @Override
    boolean cancelWaiting(String message) {
      sends.remove(this); // never sent: a datagram goes whole or not at all
      updateInterest();
      return cancelPlain(message);
    }
  }
}
