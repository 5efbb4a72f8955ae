package org.await4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Arrays;
import org.await4j.AsyncCloseable;
import org.await4j.Task;

/**
 * An open file with positional reads and writes that never block the loop, over the JDK's {@link
 * AsynchronousFileChannel}: its completion handler completes the task, whose body then resumes on
 * its own loop. Usable from any loop or thread.
 *
 * <pre>{@code
 * try (AsyncFile f = AsyncFile.open(path, READ, WRITE, CREATE)) {
 *   await(f.write(0, header));
 *   byte[] back = await(f.read(0, header.length));
 * }}</pre>
 */
public final class AsyncFile implements AsyncCloseable {
  private final AsynchronousFileChannel channel;

  private AsyncFile(AsynchronousFileChannel channel) {
    this.channel = channel;
  }

  /** Opens {@code path} as {@link AsynchronousFileChannel#open(Path, OpenOption...)} does. */
  public static AsyncFile open(Path path, OpenOption... options) throws IOException {
    return new AsyncFile(AsynchronousFileChannel.open(path, options));
  }

  /**
   * Up to {@code n} bytes from {@code position}: fewer only at the end of the file, an empty
   * array at or past it.
   */
  public Task<byte[]> read(long position, int n) {
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
  public Task<Void> write(long position, byte[] bytes) {
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
  public Task<Void> force(boolean metadata) {
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
