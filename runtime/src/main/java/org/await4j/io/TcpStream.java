package org.await4j.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
public final class TcpStream extends TcpConnection implements AsyncCloseable {
  /** How many bytes a stream reads ahead, and the default limit of {@link #readUntil}. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] NEWLINE = {'\n'};

  TcpStream(IoLoop io, SocketChannel channel, SelectionKey key) {
    super(io, channel, key);
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

  // ---------------------------------------------------------------- reading (TcpReadSide)

  /** The task of {@link #read(int)}. */
  Task<byte[]> readTask(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    checkLoop();
    return reading.start(TcpReadSide.READ, n, null, 0);
  }

  /** The task of {@link #readExactly(int)}. */
  Task<byte[]> readExactlyTask(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    checkLoop();
    return reading.start(TcpReadSide.READ_EXACTLY, n, null, 0);
  }

  /** The task of {@link #readUntil(byte[])}. */
  Task<byte[]> readUntilTask(byte[] separator) {
    return readUntilTask(separator, reading.limit);
  }

  /** The task of {@link #readUntil(byte[], int)}. */
  Task<byte[]> readUntilTask(byte[] separator, int limit) {
    if (separator.length == 0) {
      throw new IllegalArgumentException("empty separator");
    }
    checkLoop();
    return reading.start(TcpReadSide.READ_UNTIL, 0, separator.clone(), limit);
  }

  /** The task of {@link #readLine()}. */
  Task<String> readLineTask() {
    checkLoop();
    return reading.start(TcpReadSide.READ_LINE, 0, NEWLINE, reading.limit);
  }

  /** Whether the stream has ended and every byte has been read (asyncio's {@code at_eof()}). */
  public boolean atEof() {
    checkLoop();
    return (reading.eof || closed) && reading.available() == 0;
  }

  /** The number of bytes received and not yet read. */
  public int buffered() {
    checkLoop();
    return reading.available();
  }

  /** Sets how far the stream reads ahead, and the default limit of {@link #readUntil}. */
  public void setLimit(int limit) {
    checkLoop();
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive");
    }
    reading.limit = limit;
    updateInterest();
  }

  // ---------------------------------------------------------------- writing (TcpWriteSide)

  /** The task of {@link #write(byte[])}. */
  Task<Void> writeTask(byte[] data) {
    return writing.write(data);
  }

  /** The task of {@link #writeString(String)}. */
  Task<Void> writeStringTask(String text) {
    return writing.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The task of {@link #write(ByteBuffer)}. */
  Task<Void> writeTask(ByteBuffer data) {
    return writing.write(data);
  }

  /**
   * Sends the end of the stream (a FIN) once everything written is sent: asyncio's {@code
   * write_eof()}, half of a close. Reading goes on; further writes fail.
   */
  public void writeEof() {
    checkLoop();
    if (eofRequested || closing) {
      return;
    }
    eofRequested = true;
    writing.afterSent();
  }

  /** Sets the write buffer's high- and low-water marks (asyncio's {@code set_write_buffer_limits}). */
  public void setWriteBufferLimits(int high, int low) {
    checkLoop();
    writing.setLimits(high, low);
  }

  /** Bytes accepted by writes and not yet taken by the socket. */
  public long writeBufferSize() {
    checkLoop();
    return writing.size();
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
    reading.fail(new AsynchronousCloseException());
    writing.afterSent();
  }

  /** Closes at once, dropping what was not sent yet; waiting reads and writes fail. */
  public void abort() {
    checkLoop();
    if (closed) {
      return;
    }
    closing = true;
    AsynchronousCloseException e = new AsynchronousCloseException();
    reading.fail(e);
    writing.fail(e);
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

  @Override
  public String toString() {
    return "TcpStream[" + channel + (closed ? ", closed" : "") + "]";
  }
}
