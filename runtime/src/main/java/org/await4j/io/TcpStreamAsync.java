package org.await4j.io;

import java.nio.ByteBuffer;
import org.await4j.Task;

/**
 * The async twins of {@link TcpStream}'s {@code @Async} methods, as the processor would write
 * them: a call {@code stream.readLine()} in an {@code @Async} body suspends on {@code
 * TcpStreamAsync.readLine(stream)}. Plain code that wants the {@link Task} calls them directly
 * ({@code await(TcpStreamAsync.readLine(s))} works too, without the checked exceptions).
 */
public final class TcpStreamAsync {
  private TcpStreamAsync() {}

  /** The task of {@link TcpStream#read(int)}. */
  public static Task<byte[]> read(TcpStream self, int n) {
    return self.readTask(n);
  }

  /** The task of {@link TcpStream#readExactly(int)}. */
  public static Task<byte[]> readExactly(TcpStream self, int n) {
    return self.readExactlyTask(n);
  }

  /** The task of {@link TcpStream#readUntil(byte[])}. */
  public static Task<byte[]> readUntil(TcpStream self, byte[] separator) {
    return self.readUntilTask(separator);
  }

  /** The task of {@link TcpStream#readUntil(byte[], int)}. */
  public static Task<byte[]> readUntil(TcpStream self, byte[] separator, int limit) {
    return self.readUntilTask(separator, limit);
  }

  /** The task of {@link TcpStream#readLine()}. */
  public static Task<String> readLine(TcpStream self) {
    return self.readLineTask();
  }

  /** The task of {@link TcpStream#write(byte[])}. */
  public static Task<Void> write(TcpStream self, byte[] data) {
    return self.writeTask(data);
  }

  /** The task of {@link TcpStream#write(ByteBuffer)}. */
  public static Task<Void> write(TcpStream self, ByteBuffer data) {
    return self.writeTask(data);
  }

  /** The task of {@link TcpStream#writeString(String)}. */
  public static Task<Void> writeString(TcpStream self, String text) {
    return self.writeStringTask(text);
  }

  /** The task of {@link TcpStream#waitClosed()}. */
  public static Task<Void> waitClosed(TcpStream self) {
    return self.waitClosedTask();
  }
}
