package org.await4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import org.await4j.Async;
import org.await4j.Await;
import org.await4j.Task;
import org.await4j.Tasks;

/**
 * Whole files, read and written off the loop (asyncio has none; aiofiles' helpers): each call runs
 * {@link Files}' blocking method where {@link Tasks#toThread} runs blocking code (a virtual thread,
 * or a bounded pool before JDK 21), so the loop never waits for the disk. The methods are {@code
 * @Async}: a call in an {@code @Async} body suspends; {@link FileIoAsync} has their tasks. Positional reads and
 * writes: {@link OpenFile}, from {@link #open}.
 */
public final class FileIo {
  private FileIo() {}

  /** The bytes of {@code path}. */
  @Async
  public static byte[] readAllBytes(Path path) throws IOException {
    return Await.await(readAllBytesTask(path));
  }

  static Task<byte[]> readAllBytesTask(Path path) {
    return Tasks.toThread(() -> Files.readAllBytes(path));
  }

  /** The text of {@code path}, as UTF-8. */
  @Async
  public static String readString(Path path) throws IOException {
    return Await.await(readStringTask(path));
  }

  static Task<String> readStringTask(Path path) {
    return Tasks.toThread(() -> Files.readString(path, StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code path} (created or truncated, unless {@code options} say). */
  @Async
  public static Path write(Path path, byte[] bytes, OpenOption... options) throws IOException {
    return Await.await(writeTask(path, bytes, options));
  }

  static Task<Path> writeTask(Path path, byte[] bytes, OpenOption... options) {
    byte[] copy = bytes.clone(); // the caller may reuse its array while the write runs
    return Tasks.toThread(() -> Files.write(path, copy, options));
  }

  /** Writes {@code text} as UTF-8. */
  @Async
  public static Path writeString(Path path, CharSequence text, OpenOption... options)
      throws IOException {
    return Await.await(writeStringTask(path, text, options));
  }

  static Task<Path> writeStringTask(Path path, CharSequence text, OpenOption... options) {
    String s = text.toString();
    return Tasks.toThread(() -> Files.writeString(path, s, StandardCharsets.UTF_8, options));
  }

  /**
   * Opens {@code path} for positional reads and writes ({@link
   * java.nio.channels.AsynchronousFileChannel#open(Path, OpenOption...)}'s options).
   */
  public static OpenFile open(Path path, OpenOption... options) throws IOException {
    return OpenFile.open(path, options);
  }
}
