package org.await4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * One output pipe of a {@link Subprocess}, read on the loop. A process's pipes cannot be put in a
 * selector in Java, so a daemon thread reads the pipe and hands the bytes to the loop; it stops
 * reading (the process then blocks on a full pipe, as with asyncio's flow control) while {@link
 * #LIMIT} bytes wait unread.
 */
final class PipeReader {
  static final int LIMIT = 64 * 1024;
  private static final int CHUNK = 8 * 1024;
  private static final byte[] NEWLINE = {'\n'};

  private final EventLoop loop;
  private final InBuffer in = new InBuffer();
  /** Chunks the pump may read ahead; given back as the loop's buffer drains. */
  private final Semaphore credits = new Semaphore(LIMIT / CHUNK);
  private int owed; // credits to give back once the buffer is under the limit
  private boolean eof;
  private IOException failure;
  private boolean failureHandedOut; // later reads get their own (see Failures)
  private Wait<?> waiting;
  /** The process was killed by us: the JDK then closes the pipe, which ends it. */
  private volatile boolean killed;

  PipeReader(EventLoop loop, InputStream pipe, String name) {
    this.loop = loop;
    Thread pump = new Thread(() -> pump(pipe), name);
    pump.setDaemon(true);
    pump.start();
  }

  private void pump(InputStream pipe) {
    try (InputStream p = pipe) {
      for (;;) {
        credits.acquire();
        byte[] chunk = new byte[CHUNK];
        int n = p.read(chunk);
        if (n < 0) {
          loop.execute(this::ended);
          return;
        }
        loop.execute(() -> arrived(ByteBuffer.wrap(chunk, 0, n)));
      }
    } catch (IOException e) {
      if (killed) {
        loop.execute(this::ended);
      } else {
        loop.execute(() -> failed(e));
      }
    } catch (InterruptedException e) {
      loop.execute(this::ended);
    }
  }

  void forEachWaiting(java.util.function.Consumer<Task<?>> sink) {
    if (waiting != null) {
      sink.accept(waiting);
    }
  }

  /** Called before the process is killed (on any thread). */
  void killed() {
    killed = true;
  }

  private void arrived(ByteBuffer bytes) {
    in.append(bytes);
    owed++;
    giveCredits();
    serve();
  }

  private void ended() {
    eof = true;
    serve();
  }

  private void failed(IOException e) {
    failure = e;
    serve();
  }

  private void giveCredits() {
    if (owed > 0 && in.available() < LIMIT) {
      credits.release(owed);
      owed = 0;
    }
  }

  /** The next line without its terminator, or null at the end. */
  Task<String> readLine() {
    return start(false);
  }

  /** Everything until the end. */
  Task<byte[]> readAll() {
    return start(true);
  }

  @SuppressWarnings("unchecked")
  private <T> Task<T> start(boolean all) {
    if (waiting != null) {
      throw new IllegalStateException("another read is waiting on this pipe: await it first");
    }
    Wait<T> w = new Wait<>(all);
    waiting = w;
    serve();
    return w;
  }

  private void serve() {
    Wait<?> w = waiting;
    if (w == null) {
      return;
    }
    Object v;
    byte[] taken;
    if (w.all) {
      if (!eof && failure == null) {
        giveCredits(); // reading everything: never hold the pump back
        credits.release(owed);
        owed = 0;
        return;
      }
      taken = in.take(in.available());
      v = taken;
    } else {
      int end = in.indexAfter(NEWLINE, 0);
      if (end >= 0) {
        taken = in.take(end);
        int len = taken.length - 1;
        if (len > 0 && taken[len - 1] == '\r') {
          len--;
        }
        v = new String(taken, 0, len, StandardCharsets.UTF_8);
      } else if (eof || failure != null) {
        taken = in.take(in.available());
        v = taken.length == 0 ? null : new String(taken, StandardCharsets.UTF_8);
      } else {
        if (in.available() >= LIMIT) {
          credits.release(owed); // a line longer than the limit: keep reading
          owed = 0;
        }
        return;
      }
    }
    waiting = null;
    giveCredits();
    if (failure != null && taken.length == 0 && !w.all) {
      w.fail(failureHandedOut ? Failures.again(failure) : failure);
      failureHandedOut = true;
      return;
    }
    w.taken = taken;
    w.handValue(v);
  }

  private final class Wait<T> extends IoWait<T> {
    final boolean all;
    byte[] taken;

    Wait(boolean all) {
      this.all = all;
    }

    @Override
    EventLoop loop() {
      return loop;
    }

    @SuppressWarnings("unchecked")
    void handValue(Object v) {
      hand((T) v);
    }

    @Override
    boolean cancelWaiting(String message) {
      waiting = null;
      return cancelPlain(message);
    }

    @Override
    void giveBack(T value) {
      in.unread(taken);
    }
  }
}
