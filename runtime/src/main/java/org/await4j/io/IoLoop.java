package org.await4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.await4j.EventLoop;
import org.await4j.internal.Poller;

/**
 * The I/O side of one event loop: its {@link Selector}, which the loop waits in when idle once a
 * channel has been registered (the loop's {@link Poller}). Readiness is handled on the loop thread
 * inside the poll, by the {@link Ready} attached to each key; those handlers only complete tasks
 * (whose bodies resume in the loop's next pass) and move bytes, never run user code.
 */
final class IoLoop implements Poller, Consumer<SelectionKey> {
  /** What a selection key's attachment does when its channel is ready. */
  interface Ready {
    void ready(int readyOps);

    /** Gives {@code sink} the tasks waiting on this channel now. */
    default void forEachWaiting(Consumer<org.await4j.Task<?>> sink) {}
  }

  private static final System.Logger LOG = System.getLogger(IoLoop.class.getName());
  private static final long MILLI = 1_000_000L;

  final EventLoop loop;
  private final Thread thread;
  private final Selector selector;
  /** Bytes read from any channel of this loop land here first (one buffer per loop, not each). */
  final java.nio.ByteBuffer scratch = java.nio.ByteBuffer.allocateDirect(64 * 1024);
  /** Small writes are copied here on their way out (the JDK would copy a heap buffer anyway). */
  final java.nio.ByteBuffer writeScratch = java.nio.ByteBuffer.allocateDirect(16 * 1024);

  /** Processes started on this loop, killed if they still run when it ends (dead ones pruned). */
  private final ArrayList<Subprocess> processes = new ArrayList<>(0);
  private int pruneAt = 16;
  /** Servers not closed yet, or closed with connections or handlers left (a closed one has no key). */
  final java.util.Set<TcpServer> servers = new java.util.HashSet<>(2);

  private IoLoop(EventLoop loop) {
    this.loop = loop;
    this.thread = Thread.currentThread();
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The I/O side of the calling thread's loop, made on first use.
   *
   * @throws IllegalStateException on a thread that runs no loop
   */
  static IoLoop current() {
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      throw new IllegalStateException(
          "await4j I/O runs on an event loop: call it inside an @Async method or"
              + " EventLoop.run(...), not from a plain thread");
    }
    Poller p = loop.poller(() -> new IoLoop(loop));
    if (!(p instanceof IoLoop)) {
      throw new IllegalStateException("this loop waits in another poller: " + p);
    }
    return (IoLoop) p;
  }

  /** Calls {@code l} once {@code task} is done: now, if it is done already. */
  static void whenDone(org.await4j.Task<?> task, org.await4j.internal.TaskListener l) {
    if (!task.addListener(l)) {
      l.taskDone(task);
    }
  }

  /** Registers {@code channel} (made non-blocking) with {@code ops}, handled by {@code ready}. */
  SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException {
    channel.configureBlocking(false);
    return channel.register(selector, ops, ready);
  }

  /** {@code p} was started on this loop: it is killed if it still runs when the loop ends. */
  void started(Subprocess p) {
    if (processes.size() >= pruneAt) {
      processes.removeIf(x -> !x.isAlive());
      pruneAt = Math.max(16, 2 * processes.size());
    }
    processes.add(p);
  }

  @Override
  public void forEachWaiting(Consumer<org.await4j.Task<?>> sink) {
    for (SelectionKey key : selector.keys()) {
      Object a = key.attachment();
      if (key.isValid() && a instanceof Ready) {
        ((Ready) a).forEachWaiting(sink);
      }
    }
    for (TcpServer s : servers) {
      s.forEachWaiting(sink);
    }
    for (Subprocess p : processes) {
      p.forEachWaiting(sink);
    }
  }

  /** The number of keys the selector holds, cancelled ones included until the next poll. */
  int keyCount() {
    return selector.keys().size();
  }

  @Override
  public void poll(long timeoutNanos) {
    try {
      if (timeoutNanos == 0) {
        selector.selectNow(this);
      } else if (timeoutNanos < 0) {
        selector.select(this, 0); // 0: no time limit
      } else if (timeoutNanos >= MILLI) {
        selector.select(this, timeoutNanos / MILLI); // never late: the rest is another pass
      } else if (selector.selectNow(this) == 0) {
        // under a millisecond to the next timer: the selector cannot wait that precisely
        LockSupport.parkNanos(this, timeoutNanos);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "selector failed", e);
    }
  }

  /** One ready key, inside the poll. */
  @Override
  public void accept(SelectionKey key) {
    try {
      int ops = key.readyOps();
      ((Ready) key.attachment()).ready(ops);
    } catch (java.nio.channels.CancelledKeyException e) {
      // closed meanwhile by an earlier handler of the same poll
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "I/O handler failed on the event loop", e);
    }
  }

  @Override
  public void wakeup() {
    selector.wakeup();
    LockSupport.unpark(thread); // for a loop in the sub-millisecond park of poll
  }

  /**
   * The loop ends: channels still registered are closed with it, and processes started on it that
   * still run are killed, so no descriptor, process or pipe thread outlives it.
   */
  @Override
  public void close() {
    for (Subprocess p : processes) {
      try {
        p.close();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "killing a process of an ended loop", e);
      }
    }
    processes.clear();
    try {
      selector.selectNow(k -> { }); // deregisters cancelled keys: their channels' fds close
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "last select of an ended loop", e);
    }
    for (SelectionKey key : new ArrayList<>(selector.keys())) {
      try {
        key.channel().close();
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a channel of an ended loop", e);
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the selector of an ended loop", e);
    }
  }

  @Override
  public String toString() {
    return "IoLoop[" + thread.getName() + ", " + selector.keys().size() + " keys]";
  }
}
