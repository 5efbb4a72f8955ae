package org.await4j.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.await4j.Async;
import org.await4j.AsyncCloseable;
import org.await4j.Await;
import org.await4j.Task;
import org.await4j.Tasks;

/**
 * A TCP connection on the loop's selector: asyncio's {@code StreamReader} and {@code
 * StreamWriter} in one. Made by {@link Tcp#connect} or handed to a {@link TcpServer}'s handler.
 * Every method runs on the loop the stream belongs to; every one that may wait returns a {@link
 * Task}, a suspension point in an {@code @Async} body.
 *
 * <p><b>Reads</b> take bytes from what the stream has received; one read may wait at a time. A
 * read that is cancelled, or whose body is cancelled before it resumes, leaves every byte it would
 * have taken buffered for the next read. The stream reads ahead up to its limit ({@link
 * #DEFAULT_LIMIT}) and stops reading from the socket while that much waits unread; it holds no
 * buffer while nothing is buffered.
 *
 * <p><b>Writes</b> carry their own backpressure, so there is no {@code drain()} to forget: a write
 * is taken at once while the bytes waiting to be sent stay under the high-water mark, and
 * otherwise its task completes only once they fall under the low-water mark (64 KiB and 16 KiB by
 * default). Writes issued while one waits queue behind it, in order, holding their bytes: a peer
 * that never reads costs at most the high-water mark plus the waiting writes. A write cancelled
 * while it waits ends with a {@link WriteCancelledException} saying how much of it was sent; the
 * rest is dropped.
 */
public final class TcpStream implements AsyncCloseable, IoLoop.Ready {
  /** How many bytes a stream reads ahead, and the default limit of {@link #readUntil}. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] EMPTY = new byte[0];
  private static final Object NOT_YET = new Object();
  private static final int READ = 0;
  private static final int READ_EXACTLY = 1;
  private static final int READ_UNTIL = 2;
  private static final int READ_LINE = 3;

  final IoLoop io;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final InBuffer in = new InBuffer();
  private final OutBuffer out = new OutBuffer();
  private int limit = DEFAULT_LIMIT;
  private int high = 64 * 1024;
  private int low = 16 * 1024;

  private boolean eof; // the peer's FIN arrived
  private IOException failure; // the connection broke (reset, broken pipe)
  private Reader<?> reader;
  private byte[] lastTaken; // the raw bytes of the last read that completed, to give back
  private int scanned; // buffered bytes a waiting readUntil already searched: not searched again

  private long accepted; // bytes ever taken by write(...)
  private long sent; // bytes ever taken by the socket
  private Writer draining; // the one write taken whose task waits for the low-water mark
  private ArrayDeque<Writer> queued; // writes waiting to be taken, behind `draining`
  private boolean eofRequested;
  private boolean closing;
  private boolean closed;
  private Signal closedSignal;
  TcpServer server; // the server that accepted it, told when it closes

  TcpStream(IoLoop io, SocketChannel channel, SelectionKey key) {
    this.io = io;
    this.channel = channel;
    this.key = key;
    key.attach(this);
    updateInterest();
  }

  // ---------------------------------------------------------------- the API
  // Each waiting operation is an @Async method: in an @Async body a call suspends (no await
  // needed) and its checked exceptions are caught as written; TcpStreamAsync has the tasks.

  /**
   * Up to {@code n} bytes: what is buffered, or once something arrives; an empty array at the end
   * of the stream (asyncio's {@code read(n)}).
   */
  @Async
  public byte[] read(int n) throws IOException {
    return Await.await(readTask(n));
  }

  /**
   * Exactly {@code n} bytes (asyncio's {@code readexactly}).
   *
   * @throws IncompleteReadException if the stream ends first; it carries what came
   */
  @Async
  public byte[] readExactly(int n) throws IOException {
    return Await.await(readExactlyTask(n));
  }

  /** {@link #readUntil(byte[], int)} with the stream's limit ({@link #setLimit}). */
  @Async
  public byte[] readUntil(byte[] separator) throws IOException {
    return Await.await(readUntilTask(separator));
  }

  /**
   * The bytes up to and including the first {@code separator} (asyncio's {@code readuntil}).
   *
   * @throws LimitOverrunException if more than {@code limit} bytes come before it; nothing is
   *     consumed
   * @throws IncompleteReadException if the stream ends first; what came is consumed
   */
  @Async
  public byte[] readUntil(byte[] separator, int limit) throws IOException {
    return Await.await(readUntilTask(separator, limit));
  }

  /**
   * The next line as UTF-8 text, without its {@code \n} or {@code \r\n}; the last line even
   * without a terminator; {@code null} at the end of the stream (as {@code
   * BufferedReader.readLine}).
   *
   * @throws LimitOverrunException if the line is longer than the stream's limit (it stays
   *     buffered)
   */
  @Async
  public String readLine() throws IOException {
    return Await.await(readLineTask());
  }

  /**
   * Writes {@code data} (asyncio's {@code write} and {@code drain} in one): returns at once while
   * the bytes waiting to be sent are under the high-water mark, else once they are under the
   * low-water mark.
   *
   * @throws WriteCancelledException (unchecked) if cancelled while it waited
   */
  @Async
  public void write(byte[] data) throws IOException {
    Await.await(writeTask(data));
  }

  /** {@link #write(byte[])} for what {@code data} has remaining (copied where it must wait). */
  @Async
  public void write(ByteBuffer data) throws IOException {
    Await.await(writeTask(data));
  }

  /** {@link #write(byte[])} for {@code text} as UTF-8. */
  @Async
  public void writeString(String text) throws IOException {
    Await.await(writeStringTask(text));
  }

  /** Waits until the socket is closed (asyncio's {@code wait_closed()}). */
  @Async
  public void waitClosed() {
    Await.await(waitClosedTask());
  }

  // ---------------------------------------------------------------- reading

  /**
   * Up to {@code n} bytes: what is buffered, or once something arrives; an empty array at the end
   * of the stream (asyncio's {@code read(n)}).
   */
  Task<byte[]> readTask(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    return startRead(READ, n, null, 0);
  }

  /**
   * Exactly {@code n} bytes; fails with {@link IncompleteReadException} (carrying what came) if
   * the stream ends first.
   */
  Task<byte[]> readExactlyTask(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    return startRead(READ_EXACTLY, n, null, 0);
  }

  /** {@link #readUntil(byte[], int)} with the stream's limit. */
  Task<byte[]> readUntilTask(byte[] separator) {
    return readUntilTask(separator, limit);
  }

  /**
   * The bytes up to and including the first {@code separator}. Fails with {@link
   * LimitOverrunException} if more than {@code limit} bytes come before it (nothing is consumed),
   * with {@link IncompleteReadException} if the stream ends first (what came is consumed).
   */
  Task<byte[]> readUntilTask(byte[] separator, int limit) {
    if (separator.length == 0) {
      throw new IllegalArgumentException("empty separator");
    }
    return startRead(READ_UNTIL, 0, separator.clone(), limit);
  }

  /**
   * The next line as UTF-8 text, without its {@code \n} or {@code \r\n}; the last line even
   * without a terminator; {@code null} at the end of the stream (as {@code
   * BufferedReader.readLine}). A line longer than the stream's limit fails with {@link
   * LimitOverrunException}, leaving it buffered.
   */
  Task<String> readLineTask() {
    return startRead(READ_LINE, 0, NEWLINE, limit);
  }

  /** Whether the stream has ended and every byte has been read (asyncio's {@code at_eof()}). */
  public boolean atEof() {
    checkLoop();
    return (eof || closed) && in.available() == 0;
  }

  /** The number of bytes received and not yet read. */
  public int buffered() {
    checkLoop();
    return in.available();
  }

  /** Sets how far the stream reads ahead, and the default limit of {@link #readUntil}. */
  public void setLimit(int limit) {
    checkLoop();
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.limit = limit;
    updateInterest();
  }

  @SuppressWarnings("unchecked")
  private <T> Task<T> startRead(int kind, int n, byte[] separator, int max) {
    checkLoop();
    if (reader != null) {
      throw new IllegalStateException("another read is waiting on this stream: await it first");
    }
    scanned = 0;
    try {
      Object now = attempt(kind, n, separator, max);
      if (now != NOT_YET) {
        return Task.completed((T) now);
      }
    } catch (IOException e) {
      return Task.failed(e);
    }
    Reader<T> r = new Reader<>(this, kind, n, separator, max);
    reader = r;
    updateInterest();
    return r;
  }

  /** What a read gives now, or NOT_YET; throws what it fails with. Consumes only on success. */
  private Object attempt(int kind, int n, byte[] sep, int max) throws IOException {
    int available = in.available();
    boolean ended = eof;
    switch (kind) {
      case READ:
        if (available > 0) {
          return lastTaken = in.take(n);
        }
        break;
      case READ_EXACTLY:
        if (available >= n) {
          return lastTaken = in.take(n);
        }
        if (ended && failure == null) {
          throw new IncompleteReadException(in.take(available), n);
        }
        break;
      default: // READ_UNTIL, READ_LINE
        int end = in.indexAfter(sep, Math.max(0, scanned - sep.length + 1));
        scanned = end >= 0 ? 0 : available; // a long line arriving in pieces is searched once
        if (end >= 0 && end - sep.length > max) {
          throw new LimitOverrunException("separator found after more than " + max
              + " bytes", available);
        }
        if (end >= 0) {
          lastTaken = in.take(end);
          return kind == READ_LINE ? line(lastTaken, true) : lastTaken;
        }
        if (available > max) {
          throw new LimitOverrunException("no separator within " + max + " bytes", available);
        }
        if (ended && failure == null) {
          if (kind == READ_LINE) {
            lastTaken = in.take(available);
            return available == 0 ? null : line(lastTaken, false);
          }
          throw new IncompleteReadException(in.take(available), -1);
        }
    }
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      throw new AsynchronousCloseException();
    }
    if (ended) {
      return EMPTY; // READ at the end of the stream
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
  private void serveReader() {
    Reader<?> r = reader;
    if (r == null) {
      return;
    }
    try {
      Object v = attempt(r.kind, r.n, r.separator, r.max);
      if (v != NOT_YET) {
        reader = null;
        r.taken = lastTaken;
        r.handValue(v);
      }
    } catch (IOException e) {
      reader = null;
      r.fail(e);
    }
  }

  private void onReadable() {
    ByteBuffer scratch = io.scratch;
    scratch.clear();
    int n;
    try {
      n = channel.read(scratch);
    } catch (IOException e) {
      broken(e);
      return;
    }
    if (n < 0) {
      eof = true;
    } else if (n > 0) {
      scratch.flip();
      Reader<?> r = reader;
      if (r != null && in.available() == 0
          && (r.kind == READ || r.kind == READ_EXACTLY && r.n <= n)) {
        // the common case: a read waits for what just came: no buffer in between
        byte[] bytes = new byte[Math.min(r.n, n)];
        scratch.get(bytes);
        if (scratch.hasRemaining()) {
          in.append(scratch);
        }
        reader = null;
        r.taken = bytes;
        r.handValue(bytes);
        return;
      }
      in.append(scratch);
    }
    serveReader();
  }

  /** A waiting read. */
  private static final class Reader<T> extends IoWait<T> {
    final TcpStream stream;
    final int kind;
    final int n;
    final byte[] separator;
    final int max;
    byte[] taken;

    Reader(TcpStream stream, int kind, int n, byte[] separator, int max) {
      super(stream.io.loop);
      this.stream = stream;
      this.kind = kind;
      this.n = n;
      this.separator = separator;
      this.max = max;
    }

    @SuppressWarnings("unchecked")
    void handValue(Object v) {
      hand((T) v);
    }

    @Override
    boolean cancelWaiting() {
      stream.reader = null;
      stream.updateInterest();
      return cancelPlain();
    }

    @Override
    void giveBack(T value) {
      stream.scanned = 0;
      stream.in.unread(taken); // the body never got them: the next read will
      stream.updateInterest();
    }
  }

  // ---------------------------------------------------------------- writing

  /** Writes {@code data}; the task waits only while too much is waiting to be sent. */
  Task<Void> writeTask(byte[] data) {
    ByteBuffer direct = io.writeScratch;
    if (data.length <= direct.capacity() && out.isEmpty() && draining == null
        && (queued == null || queued.isEmpty()) && failure == null && !eofRequested
        && !closing && !closed && io.loop.inLoop()) {
      direct.clear();
      direct.put(data).flip();
      return take(direct, null); // what the socket does not take now is copied out of it
    }
    return writeTask(ByteBuffer.wrap(data));
  }

  /** Writes {@code text} as UTF-8. */
  Task<Void> writeStringTask(String text) {
    return writeTask(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes what {@code data} has remaining (copied as needed: the caller may reuse it). */
  Task<Void> writeTask(ByteBuffer data) {
    checkLoop();
    if (failure != null) {
      return Task.failed(failure);
    }
    if (eofRequested || closing || closed) {
      return Task.failed(new IOException("the stream is closed for writing"));
    }
    if (draining != null || (queued != null && !queued.isEmpty())) {
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
    long start = accepted;
    int length = data.remaining();
    accepted += length;
    if (out.isEmpty()) {
      try {
        sent += channel.write(data);
      } catch (IOException e) {
        broken(e);
        if (waiting != null) {
          waiting.fail(e);
        }
        return Task.failed(e);
      }
    }
    if (data.hasRemaining()) {
      if (waiting != null) {
        out.appendOwned(data);
      } else {
        out.appendCopy(data);
      }
      updateInterest();
    }
    if (out.size() > high) {
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

  private void onWritable() {
    try {
      sent += out.writeTo(channel);
    } catch (IOException e) {
      broken(e);
      return;
    }
    afterSent();
  }

  private void afterSent() {
    if (draining != null && out.size() <= low) {
      Writer w = draining;
      draining = null;
      w.hand(null);
    }
    takeQueued();
    if (out.isEmpty() && draining == null && (queued == null || queued.isEmpty())) {
      if (closing) {
        finishClose();
        return;
      }
      if (eofRequested && channel.isOpen()) {
        try {
          channel.shutdownOutput();
        } catch (IOException e) {
          broken(e);
          return;
        }
      }
    }
    updateInterest();
  }

  private void takeQueued() {
    while (draining == null && queued != null && !queued.isEmpty() && failure == null) {
      Writer w = queued.poll();
      take(w.data, w);
    }
  }

  /**
   * Sends the end of the stream (a FIN) once everything written is sent: asyncio's {@code
   * write_eof()}, half of a close. Reading goes on; further writes fail.
   */
  public void writeEof() {
    checkLoop();
    if (eofRequested || closing || closed) {
      return;
    }
    eofRequested = true;
    afterSent();
  }

  /** Sets the write buffer's high- and low-water marks (asyncio's {@code set_write_buffer_limits}). */
  public void setWriteBufferLimits(int high, int low) {
    checkLoop();
    if (low < 0 || high < low) {
      throw new IllegalArgumentException("need 0 <= low <= high: " + low + ", " + high);
    }
    this.high = high;
    this.low = low;
    afterSent();
  }

  /** Bytes accepted by writes and not yet taken by the socket. */
  public long writeBufferSize() {
    checkLoop();
    return out.size();
  }

  /** A write that waits: to be taken (queued) or for the buffer to drain (draining). */
  private static final class Writer extends IoWait<Void> {
    final TcpStream stream;
    final ByteBuffer data; // queued writes only
    long start;
    long length;

    Writer(TcpStream stream, ByteBuffer data) {
      super(stream.io.loop);
      this.stream = stream;
      this.data = data;
      this.length = data == null ? 0 : data.remaining();
    }

    @Override
    boolean cancelWaiting() {
      TcpStream s = stream;
      if (s.draining == this) {
        s.draining = null;
        long written = Math.max(0, Math.min(length, s.sent - start));
        s.out.dropTail(length - written); // it is the last write taken: the tail is its own
        s.accepted -= length - written;
        cancelWith(new WriteCancelledException(written, length));
        s.afterSent();
        return true;
      }
      s.queued.remove(this);
      return cancelWith(new WriteCancelledException(0, length));
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the stream (asyncio's {@code close()}): reading stops, a waiting read fails with
   * {@link AsynchronousCloseException}; what was written is still sent, then the socket closes.
   * See {@link #waitClosed()}, {@link #abort()}.
   */
  public void close() {
    checkLoop();
    if (closing || closed) {
      return;
    }
    closing = true;
    failReader(new AsynchronousCloseException());
    afterSent();
  }

  /** Closes at once, dropping what was not sent yet; waiting reads and writes fail. */
  public void abort() {
    checkLoop();
    if (closed) {
      return;
    }
    closing = true;
    AsynchronousCloseException e = new AsynchronousCloseException();
    failReader(e);
    failWriters(e);
    finishClose();
  }

  /** A task that completes once the socket is closed (asyncio's {@code wait_closed()}). */
  Task<Void> waitClosedTask() {
    checkLoop();
    if (closed) {
      return Signal.DONE;
    }
    if (closedSignal == null) {
      closedSignal = new Signal();
    }
    return Tasks.shield(closedSignal); // one waiter's cancel must not end the others' wait
  }

  /** {@link #close()}, then {@link #waitClosed()}: the end of a try-with-resources. */
  @Override
  public Task<Void> closeAsync() {
    close();
    return waitClosedTask();
  }

  /** Whether the socket is closed. */
  public boolean isClosed() {
    checkLoop();
    return closed;
  }

  public SocketAddress remoteAddress() throws IOException {
    return channel.getRemoteAddress();
  }

  public SocketAddress localAddress() throws IOException {
    return channel.getLocalAddress();
  }

  /** The connection broke (reset, broken pipe): everything waiting fails, the socket closes. */
  private void broken(IOException e) {
    if (failure == null) {
      failure = e;
    }
    serveReader(); // a read that buffered bytes satisfy still gets them
    failReader(e);
    failWriters(e);
    finishClose();
  }

  private void failReader(IOException e) {
    Reader<?> r = reader;
    if (r != null) {
      reader = null;
      r.fail(e);
    }
  }

  private void failWriters(IOException e) {
    out.clear();
    Writer w = draining;
    if (w != null) {
      draining = null;
      w.fail(e);
    }
    if (queued != null) {
      while ((w = queued.poll()) != null) {
        w.fail(e);
      }
    }
  }

  private void finishClose() {
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
      server.closed(this);
    }
  }

  /** Not API: the selector's callback, on the loop thread. */
  @Override
  public void ready(int ops) {
    if ((ops & SelectionKey.OP_WRITE) != 0) {
      onWritable();
    }
    if ((ops & SelectionKey.OP_READ) != 0 && !closed) {
      onReadable();
    }
    if (!closed) {
      updateInterest();
    }
  }

  /** Reads while a read waits or the buffer is under the limit; writes while bytes wait. */
  private void updateInterest() {
    if (closed) {
      return;
    }
    boolean read = !eof && !closing && failure == null
        && (reader != null || in.available() < limit);
    int ops = (read ? SelectionKey.OP_READ : 0) | (out.isEmpty() ? 0 : SelectionKey.OP_WRITE);
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  private void checkLoop() {
    if (!io.loop.inLoop()) {
      throw new IllegalStateException(
          "a TcpStream is used on the loop it was made on only (from its @Async bodies)");
    }
  }

  @Override
  public String toString() {
    return "TcpStream[" + channel + (closed ? ", closed" : "") + "]";
  }
}
