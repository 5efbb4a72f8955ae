package org.await4j.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.await4j.io.Chain.failureOf;
import static org.await4j.io.Chain.then;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files off the loop, and plain Futures as tasks. */
class FilesTest {
  @TempDir
  Path dir;

  @Test
  void aWholeFileWrittenIsReadBackOnTheLoopThread() {
    Path p = dir.resolve("a.txt");
    Thread[] resumedOn = new Thread[1];
    String back = EventLoop.run(() -> then(FileIoAsync.writeString(p, "héllo"),
        v -> then(FileIoAsync.readString(p), s -> {
          resumedOn[0] = Thread.currentThread();
          return Task.completed(s);
        })));
    assertEquals("héllo", back);
    assertSame(Thread.currentThread(), resumedOn[0]);
  }

  @Test
  void readingAMissingFileFailsWithTheJdksException() {
    Throwable e = EventLoop.run(() -> failureOf(FileIoAsync.readAllBytes(dir.resolve("none"))));
    assertInstanceOf(NoSuchFileException.class, e);
  }

  @Test
  void positionalWritesAndReads() throws IOException {
    Path p = dir.resolve("b.bin");
    byte[] got = EventLoop.run(() -> {
      OpenFile f;
      try {
        f = FileIo.open(p, READ, WRITE, CREATE);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return then(OpenFileAsync.write(f, 4, "tail".getBytes(UTF_8)), v -> then(OpenFileAsync.write(f, 0, "head".getBytes(UTF_8)),
          w -> then(OpenFileAsync.read(f, 2, 100), bytes -> then(OpenFileAsync.read(f, 100, 4), past -> {
            assertEquals(0, past.length);
            f.close();
            return Task.completed(bytes);
          }))));
    });
    assertEquals("adtail", new String(got, UTF_8));
    assertEquals("headtail", Files.readString(p));
  }

  @Test
  void awaitTakesAPlainFutureThroughFromFuture() throws IOException {
    Path p = dir.resolve("c.bin");
    Integer written = EventLoop.run(() -> {
      try {
        AsynchronousFileChannel ch = AsynchronousFileChannel.open(p, WRITE, CREATE);
        // the JDK's write(buffer, position) returns a plain Future
        return then(Tasks.fromFuture(ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0)), n -> {
          ch.close();
          return Task.completed(n);
        });
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals(3, written);
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
  }

  @Test
  void aFailedFutureRethrowsItsCauseUnwrapped() {
    IOException boom = new IOException("boom");
    FutureTask<String> f = new FutureTask<>(() -> {
      throw boom;
    });
    Throwable e = EventLoop.run(() -> {
      Task<String> t = Tasks.fromFuture(f);
      new Thread(f).start();
      return failureOf(t);
    });
    assertSame(boom, e);
  }

  @Test
  void cancellingTheTaskCancelsTheFuture() {
    FutureTask<String> never = new FutureTask<>(() -> "never run");
    Throwable e = EventLoop.run(() -> {
      Task<String> t = Tasks.fromFuture(never);
      t.cancel();
      return failureOf(t);
    });
    assertInstanceOf(CancellationException.class, e);
    assertTrue(never.isCancelled());
  }
}
