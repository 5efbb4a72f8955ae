package org.await4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** The loop waits in its Selector once I/O is used: timers, wake-ups, and cleaning up. */
class SelectorLoopTest {
  static int openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  static String fdList() {
    StringBuilder b = new StringBuilder();
    for (File f : new File("/proc/self/fd").listFiles()) {
      try {
        b.append(f.getName()).append(" -> ").append(java.nio.file.Files.readSymbolicLink(f.toPath())).append('\n');
      } catch (java.io.IOException e) {
        b.append(f.getName()).append(" ?\n");
      }
    }
    return b.toString();
  }

  @Test
  void aLoopWithIoInstallsOneSelectorAndWaitsInIt() {
    IoLoop[] seen = new IoLoop[2];
    EventLoop.run(() -> {
      seen[0] = IoLoop.current();
      seen[1] = IoLoop.current();
      return Task.completed(null);
    });
    assertSame(seen[0], seen[1]);
  }

  @Test
  void aTimerFiresWhileTheLoopWaitsInTheSelectorNeverEarly() throws Exception {
    long[] elapsed = new long[1];
    EventLoop.run(() -> {
      TcpServer server = listen();
      long start = System.nanoTime();
      return Chain.then(EventLoop.sleep(Duration.ofMillis(20)), v -> {
        elapsed[0] = System.nanoTime() - start;
        server.close();
        return Task.completed(null);
      });
    });
    assertTrue(elapsed[0] >= Duration.ofMillis(20).toNanos(), "fired early: " + elapsed[0]);
  }

  @Test
  void aSubMillisecondTimerFiresToo() {
    String r = EventLoop.run(() -> {
      TcpServer server = listen();
      return Chain.then(EventLoop.sleep(Duration.ofNanos(300_000)), v -> {
        server.close();
        return Task.completed("slept");
      });
    });
    assertEquals("slept", r);
  }

  @Test
  void anotherThreadWakesALoopWaitingInItsSelector() throws Exception {
    CompletableFuture<String> later = new CompletableFuture<>();
    CountDownLatch idle = new CountDownLatch(1);
    Thread other = new Thread(() -> {
      try {
        idle.await();
        later.complete("woken");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    other.start();
    String r = EventLoop.run(() -> {
      TcpServer server = listen();
      idle.countDown(); // the loop goes idle, into select(), right after this
      return Chain.then(Task.from(later), v -> {
        server.close();
        return Task.completed(v);
      });
    });
    other.join();
    assertEquals("woken", r);
  }

  @Test
  void theEndOfTheLoopClosesItsSelectorAndChannels() throws Exception {
    int before = openFds();
    EventLoop.run(() -> {
      listen(); // left open on purpose
      return Task.completed(null);
    });
    assertEquals(before, openFds());
  }

  static TcpServer listen() {
    try {
      return Tcp.listen("127.0.0.1", 0, s -> Task.completed(null));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
