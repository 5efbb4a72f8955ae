package org.await4j.io;

import java.nio.file.OpenOption;
import java.nio.file.Path;
import org.await4j.Task;

/** The async twins of {@link FileIo}'s {@code @Async} methods (see {@link TcpStreamAsync}). */
public final class FileIoAsync {
  private FileIoAsync() {}

  public static Task<byte[]> readAllBytes(Path path) {
    return FileIo.readAllBytesTask(path);
  }

  public static Task<String> readString(Path path) {
    return FileIo.readStringTask(path);
  }

  public static Task<Path> write(Path path, byte[] bytes, OpenOption... options) {
    return FileIo.writeTask(path, bytes, options);
  }

  public static Task<Path> writeString(Path path, CharSequence text, OpenOption... options) {
    return FileIo.writeStringTask(path, text, options);
  }
}
