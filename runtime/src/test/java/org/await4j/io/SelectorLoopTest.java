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

  /*
   * Another thread may hold a descriptor for a moment while a test counts: the runtime's own
   * MXBean registration, started with the first loop of the JVM, brings up the platform MBean
   * server, which lists JDK 25's lib/jfr and reads cgroup files (strace shows it); a class
   * loader opens a class file or a jar. So a count is the lowest of a few reads, and an
   * "after" is read again until it is back: a transient descriptor goes, a leaked one stays.
   */

  /** The open descriptors: the lowest of ten reads a few milliseconds apart. */
  static int openFdsSettled() {
    int n = openFds();
    for (int i = 0; i < 9; i++) {
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
      n = Math.min(n, openFds());
    }
    return n;
  }

  /** The open descriptors, read again for up to about 200 ms until they are at most {@code expected}. */
  static int openFdsBackTo(int expected) {
    int n = openFds();
    for (int i = 0; i < 40 && n > expected; i++) {
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
      n = openFds();
    }
    return n;
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
    int before = openFdsSettled();
    EventLoop.run(() -> {
      listen(); // left open on purpose
      return Task.completed(null);
    });
    assertEquals(before, openFdsBackTo(before), SelectorLoopTest::fdList);
  }

  static TcpServer listen() {
    try {
      return Tcp.listen("127.0.0.1", 0, s -> Task.completed(null));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
