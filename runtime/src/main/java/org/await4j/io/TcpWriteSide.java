package org.await4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.await4j.Task;

/**
 * The write side of a {@link TcpStream}: the bytes accepted and not sent yet, with the
 * backpressure of its writes (the high- and low-water marks), the writes queued behind a waiting
 * one, and the half-close that follows the last byte. It extends the buffer rather than holding
 * one so that a connection costs as many objects as before the split.
 */
final class TcpWriteSide extends OutBuffer {
  private final TcpConnection stream;
  private int high = 64 * 1024;
  private int low = 16 * 1024;
  // Bytes ever taken by the socket, modulo 2^32: only differences within one write are read (what
  // a cancelled write sent), and an int keeps an idle connection's sides at their old size (IO-3).
  private int sent;
  private Writer draining; // the one write taken whose task waits for the low-water mark
  private ArrayDeque<Writer> queued; // writes waiting to be taken, behind `draining`

  TcpWriteSide(TcpConnection stream) {
    this.stream = stream;
  }

  void forEachWaiting(java.util.function.Consumer<Task<?>> sink) {
    if (draining != null) {
      sink.accept(draining);
    }
    if (queued != null) {
      queued.forEach(sink);
    }
  }

  private boolean nothingWaits() {
    return draining == null && (queued == null || queued.isEmpty());
  }

  /** Writes {@code data}; the task waits only while too much is waiting to be sent. */
  Task<Void> write(byte[] data) {
    ByteBuffer direct = stream.io.writeScratch;
    if (data.length <= direct.capacity() && isEmpty() && nothingWaits()
        && stream.failure == null && !stream.eofRequested && !stream.closing
        && stream.io.loop.inLoop()) {
      direct.clear();
      direct.put(data).flip();
      return take(direct, null); // what the socket does not take now is copied out of it
    }
    return write(ByteBuffer.wrap(data));
  }

  /** Writes what {@code data} has remaining (copied as needed: the caller may reuse it). */
  Task<Void> write(ByteBuffer data) {
    stream.checkLoop();
    if (stream.failure != null) {
      return Task.failed(stream.failureAgain());
    }
    if (stream.eofRequested || stream.closing) {
      return Task.failed(new IOException("the stream is closed for writing"));
    }
    if (!nothingWaits()) {
      ByteBuffer copy = ByteBuffer.allocate(data.remaining());
      copy.put(data).flip();
      Writer w = new Writer(this, copy);
      if (queued == null) {
        queued = new ArrayDeque<>(2);
      }
      queued.add(w);
      return w;
    }
    return take(data, null);
  }

  /** Takes a write into the stream: sends what the socket takes now, buffers the rest. */
  private Task<Void> take(ByteBuffer data, Writer waiting) {
    int start = sent + (int) size(); // where this write starts in the count of bytes sent
    int length = data.remaining();
    if (isEmpty()) {
      try {
        sent += stream.channel.write(data);
      } catch (IOException e) {
        stream.broken(e);
        if (waiting != null) {
          waiting.fail(e);
        }
        return Task.failed(e);
      }
    }
    if (data.hasRemaining()) {
      if (waiting != null) {
        appendOwned(data);
      } else {
        appendCopy(data);
      }
      stream.updateInterest();
    }
    if (size() > high) {
      Writer w = waiting != null ? waiting : new Writer(this, null);
      w.start = start;
      w.length = length;
      draining = w;
      return w;
    }
    if (waiting != null) {
      waiting.hand(null);
    }
    return Signal.DONE;
  }

  /** The socket is writable: sends what it takes, then moves the writes along. */
  void onWritable() {
    try {
      sent += (int) writeTo(stream.channel);
    } catch (IOException e) {
      stream.broken(e);
      return;
    }
    afterSent();
  }

  /**
   * Releases the waiting write under the low-water mark, takes queued ones, and once all is sent
   * finishes a close or sends the requested FIN.
   */
  void afterSent() {
    if (draining != null && size() <= low) {
      Writer w = draining;
      draining = null;
      w.hand(null);
    }
    while (draining == null && queued != null && !queued.isEmpty() && stream.failure == null) {
      Writer w = queued.poll();
      take(w.data, w);
    }
    if (isEmpty() && nothingWaits()) {
      if (stream.closing) {
        stream.finishClose();
        return;
      }
      if (stream.eofRequested && stream.channel.isOpen()) {
        try {
          stream.channel.shutdownOutput();
        } catch (IOException e) {
          stream.broken(e);
          return;
        }
      }
    }
    stream.updateInterest();
  }

  void setLimits(int high, int low) {
    if (low < 0 || high < low) {
      throw new IllegalArgumentException("need 0 <= low <= high: " + low + ", " + high);
    }
    this.high = high;
    this.low = low;
    afterSent();
  }

  /** Drops what was not sent; the waiting and queued writes fail with {@code e}. */
  /** Fails every waiting write, each with an exception of its own (see {@link Failures}). */
  void fail(IOException e) {
    clear();
    Writer w = draining;
    if (w != null) {
      draining = null;
      w.fail(Failures.again(e));
    }
    if (queued != null) {
      while ((w = queued.poll()) != null) {
        w.fail(Failures.again(e));
      }
    }
  }

  /** A write that waits: to be taken (queued) or for the buffer to drain (draining). */
  private static final class Writer extends IoWait<Void> {
    final TcpWriteSide side;
    final ByteBuffer data; // queued writes only
    int start;
    long length;

    Writer(TcpWriteSide side, ByteBuffer data) {
      this.side = side;
      this.data = data;
      this.length = data == null ? 0 : data.remaining();
    }

    @Override
    org.await4j.EventLoop loop() {
      return side.stream.io.loop;
    }

    @Override
    boolean givesBack() {
      return false; // released: its bytes are all taken, and will be sent
    }

    @Override
    boolean cancelWaiting(String message) {
      TcpWriteSide s = side;
      if (s.draining == this) {
        s.draining = null;
        long written = Math.max(0, Math.min(length, s.sent - start)); // negative: not reached
        s.dropTail(length - written); // it is the last write taken: the tail is its own
        cancelWith(new WriteCancelledException(written, length));
        s.afterSent();
        return true;
      }
      s.queued.remove(this);
      return cancelWith(new WriteCancelledException(0, length));
    }
  }
}
