package org.await4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * The read side of a {@link TcpStream}: the bytes received and not read yet, and the one read
 * that may wait for more. It extends the buffer rather than holding one so that a connection
 * costs as many objects as before the split (IO-3 counts the bytes of an idle connection).
 */
final class TcpReadSide extends InBuffer {
  static final int READ = 0;
  static final int READ_EXACTLY = 1;
  static final int READ_UNTIL = 2;
  static final int READ_LINE = 3;

  private static final byte[] EMPTY = new byte[0];
  private static final Object NOT_YET = new Object();

  private final TcpConnection stream;
  int limit = TcpStream.DEFAULT_LIMIT;
  boolean eof; // the peer's FIN arrived
  private Reader<?> reader;
  private byte[] lastTaken; // the raw bytes the last attempt took, to give back; set by every value
  private int scanned; // buffered bytes a waiting readUntil already searched: not searched again

  TcpReadSide(TcpConnection stream) {
    this.stream = stream;
  }

  /** Whether the socket should be read: a read waits, or less than the limit is buffered. */
  boolean wantsBytes() {
    return !eof && (reader != null || available() < limit);
  }

  void forEachWaiting(java.util.function.Consumer<Task<?>> sink) {
    if (reader != null) {
      sink.accept(reader);
    }
  }

  /** Whether a read waits for bytes. */
  boolean readWaits() {
    return reader != null;
  }

  /** A read of {@code kind}: done now if it can be, else the waiting read's task. */
  @SuppressWarnings("unchecked")
  <T> Task<T> start(int kind, int n, byte[] separator, int max) {
    if (reader != null) {
      throw new IllegalStateException("another read is waiting on this stream: await it first");
    }
    scanned = 0;
    try {
      Object now = attempt(kind, n, separator, max);
      if (now != NOT_YET) {
        lastTaken = null; // completed: nothing to give back, and no array held while idle
        return Task.completed((T) now);
      }
    } catch (IOException e) {
      return Task.failed(e);
    }
    Reader<T> r = new Reader<>(this, kind, kind < READ_UNTIL ? n : max, separator);
    reader = r;
    stream.updateInterest();
    return r;
  }

  /** What a read gives now, or NOT_YET; throws what it fails with. Consumes only on success. */
  private Object attempt(int kind, int n, byte[] sep, int max) throws IOException {
    int available = available();
    boolean ended = eof;
    IOException failure = stream.failure;
    switch (kind) {
      case READ:
        if (available > 0) {
          return lastTaken = take(n);
        }
        break;
      case READ_EXACTLY:
        if (available >= n) {
          return lastTaken = take(n);
        }
        if (ended && failure == null) {
          throw new IncompleteReadException(take(available), n);
        }
        break;
      default: // READ_UNTIL, READ_LINE
        int end = indexAfter(sep, Math.max(0, scanned - sep.length + 1));
        scanned = end >= 0 ? 0 : available; // a long line arriving in pieces is searched once
        if (end >= 0 && end - sep.length > max) {
          throw new LimitOverrunException("separator found after more than " + max
              + " bytes", available);
        }
        if (end >= 0) {
          lastTaken = take(end);
          return kind == READ_LINE ? line(lastTaken, true) : lastTaken;
        }
        if (available > max) {
          throw new LimitOverrunException("no separator within " + max + " bytes", available);
        }
        if (ended && failure == null) {
          if (kind == READ_LINE) {
            lastTaken = take(available);
            return available == 0 ? null : line(lastTaken, false);
          }
          throw new IncompleteReadException(take(available), -1);
        }
    }
    if (failure != null) {
      throw stream.failureAgain(); // the first went to the read that waited, if one did
    }
    if (stream.closed) {
      throw new AsynchronousCloseException();
    }
    if (ended) {
      return lastTaken = EMPTY; // READ at the end of the stream: took nothing
    }
    return NOT_YET;
  }

  private static String line(byte[] raw, boolean terminated) {
    int len = raw.length;
    if (terminated) {
      len--;
      if (len > 0 && raw[len - 1] == '\r') {
        len--;
      }
    }
    return new String(raw, 0, len, StandardCharsets.UTF_8);
  }

  /** New bytes, the end or a failure: completes the waiting read if it can now. */
  void serve() {
    Reader<?> r = reader;
    if (r == null) {
      return;
    }
    try {
      Object v = attempt(r.kind, r.limit, r.separator(), r.limit);
      if (v != NOT_YET) {
        reader = null;
        byte[] raw = lastTaken;
        lastTaken = null; // the read holds them now
        r.handValue(v, raw);
      }
    } catch (IOException e) {
      reader = null;
      r.fail(e);
    }
  }

  /** The socket is readable: reads what it has into the buffer, or straight to the read. */
  void onReadable() {
    ByteBuffer scratch = stream.io.scratch;
    scratch.clear();
    int n;
    try {
      n = stream.channel.read(scratch);
    } catch (IOException e) {
      stream.broken(e);
      return;
    }
    if (n < 0) {
      eof = true;
    } else if (n > 0) {
      scratch.flip();
      Reader<?> r = reader;
      if (r != null && available() == 0
          && (r.kind == READ || r.kind == READ_EXACTLY && r.limit <= n)) {
        // the common case: a read waits for what just came: no buffer in between
        byte[] bytes = new byte[Math.min(r.limit, n)];
        scratch.get(bytes);
        if (scratch.hasRemaining()) {
          append(scratch);
        }
        reader = null;
        r.handValue(bytes, bytes);
        return;
      }
      append(scratch);
    }
    serve();
  }

  /** Fails the waiting read, if any (the stream closes or broke). */
  void fail(IOException e) {
    Reader<?> r = reader;
    if (r != null) {
      reader = null;
      r.fail(e);
    }
  }

  /**
   * A waiting read: 48 bytes with the task's own fields (an idle connection waits in one, and
   * every read that waits makes one).
   */
  private static final class Reader<T> extends IoWait<T> {
    final TcpReadSide side;
    final byte kind;
    /** n for read and readExactly; the limit for readUntil and readLine. */
    final int limit;
    /** The separator while it waits (until and line); then the raw bytes it took, to give back. */
    private Object extra;

    Reader(TcpReadSide side, int kind, int limit, byte[] separator) {
      this.side = side;
      this.kind = (byte) kind;
      this.limit = limit;
      this.extra = separator;
    }

    @Override
    EventLoop loop() {
      return side.stream.io.loop;
    }

    byte[] separator() {
      return (byte[]) extra;
    }

    /** Completes with {@code v}, made of the {@code raw} bytes taken from the stream. */
    @SuppressWarnings("unchecked")
    void handValue(Object v, byte[] raw) {
      extra = raw;
      hand((T) v);
    }

    @Override
    boolean cancelWaiting(String message) {
      side.reader = null;
      side.stream.updateInterest();
      return cancelPlain(message);
    }

    @Override
    void giveBack(T value) {
      side.scanned = 0;
      side.unread((byte[]) extra); // the body never got them: the next read will
      side.stream.updateInterest();
    }
  }
}
