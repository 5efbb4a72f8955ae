package org.await4j.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import org.await4j.Task;
import org.await4j.Tasks;

/**
 * Whole files, read and written off the loop (asyncio has none; aiofiles' helpers): each call runs
 * {@link Files}' blocking method where {@link Tasks#toThread} runs blocking code (a virtual thread,
 * or a bounded pool before JDK 21), so the loop never waits for the disk. Positional reads and
 * writes: {@link AsyncFile}.
 */
public final class AsyncFiles {
  private AsyncFiles() {}

  /** The bytes of {@code path}. */
  public static Task<byte[]> readAllBytes(Path path) {
    return Tasks.toThread(() -> Files.readAllBytes(path));
  }

  /** The text of {@code path}, as UTF-8. */
  public static Task<String> readString(Path path) {
    return Tasks.toThread(() -> Files.readString(path, StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code path} (created or truncated, unless {@code options} say). */
  public static Task<Path> write(Path path, byte[] bytes, OpenOption... options) {
    byte[] copy = bytes.clone(); // the caller may reuse its array while the write runs
    return Tasks.toThread(() -> Files.write(path, copy, options));
  }

  /** Writes {@code text} as UTF-8. */
  public static Task<Path> writeString(Path path, CharSequence text, OpenOption... options) {
    String s = text.toString();
    return Tasks.toThread(() -> Files.writeString(path, s, StandardCharsets.UTF_8, options));
  }
}
