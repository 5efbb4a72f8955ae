package org.await4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Arrays;
import org.await4j.Async;
import org.await4j.AsyncCloseable;
import org.await4j.Await;
import org.await4j.Task;

/**
 * An open file with positional reads and writes that never block the loop, over the JDK's {@link
 * AsynchronousFileChannel}: its completion handler completes the task, whose body then resumes on
 * its own loop. Usable from any loop or thread.
 *
 * <pre>{@code
 * try (OpenFile f = FileIo.open(path, READ, WRITE, CREATE)) {   // in an @Async body
 *   f.write(0, header);
 *   byte[] back = f.read(0, header.length);
 * }}</pre>
 *
 * <p>{@link #read} and {@link #write} are {@code @Async}; {@link OpenFileAsync} has their tasks.
 */
public final class OpenFile implements AsyncCloseable {
  private final AsynchronousFileChannel channel;

  private OpenFile(AsynchronousFileChannel channel) {
    this.channel = channel;
  }

  /** Opens {@code path} as {@link AsynchronousFileChannel#open(Path, OpenOption...)} does. */
  static OpenFile open(Path path, OpenOption... options) throws IOException {
    return new OpenFile(AsynchronousFileChannel.open(path, options));
  }

  /**
   * Up to {@code n} bytes from {@code position}: fewer only at the end of the file, an empty
   * array at or past it.
   */
  @Async
  public byte[] read(long position, int n) throws IOException {
    return Await.await(readTask(position, n));
  }

  Task<byte[]> readTask(long position, int n) {
    Op<byte[]> op = new Op<>();
    ByteBuffer buffer = ByteBuffer.allocate(n);
    readMore(op, buffer, position);
    return op;
  }

  private void readMore(Op<byte[]> op, ByteBuffer buffer, long position) {
    channel.read(buffer, position, null, op.handler(count -> {
      if (count < 0 || !buffer.hasRemaining()) {
        op.done(Arrays.copyOf(buffer.array(), buffer.position()));
      } else {
        readMore(op, buffer, position + count);
      }
    }));
  }

  /** Writes all of {@code bytes} at {@code position}. */
  @Async
  public void write(long position, byte[] bytes) throws IOException {
    Await.await(writeTask(position, bytes));
  }

  Task<Void> writeTask(long position, byte[] bytes) {
    Op<Void> op = new Op<>();
    writeMore(op, ByteBuffer.wrap(bytes.clone()), position);
    return op;
  }

  private void writeMore(Op<Void> op, ByteBuffer buffer, long position) {
    channel.write(buffer, position, null, op.handler(count -> {
      if (!buffer.hasRemaining()) {
        op.done(null);
      } else {
        writeMore(op, buffer, position + count);
      }
    }));
  }

  /** The size of the file now. */
  public long size() throws IOException {
    return channel.size();
  }

  /** Forces what was written to the device (off the loop). */
  @Async
  public void force(boolean metadata) throws IOException {
    Await.await(forceTask(metadata));
  }

  Task<Void> forceTask(boolean metadata) {
    return org.await4j.Tasks.toThread(() -> {
      channel.force(metadata);
      return null;
    });
  }

  /** Closes the file; operations still running fail with {@code AsynchronousCloseException}. */
  @Override
  public Task<Void> closeAsync() {
    try {
      channel.close();
      return Signal.DONE;
    } catch (IOException e) {
      return Task.failed(e);
    }
  }

  /** Closes the file now (closing never waits for the disk). */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One operation, possibly of several channel calls. */
  private static final class Op<T> extends Task<T> {
    interface Step {
      void next(int count);
    }

    void done(T value) {
      succeed(value);
    }

    CompletionHandler<Integer, Void> handler(Step step) {
      return new CompletionHandler<>() {
        @Override
        public void completed(Integer count, Void unused) {
          if (isDone()) {
            return; // cancelled meanwhile: stop here
          }
          try {
            step.next(count);
          } catch (RuntimeException e) {
            failWith(e);
          }
        }

        @Override
        public void failed(Throwable e, Void unused) {
          failWith(e);
        }
      };
    }
  }
}
