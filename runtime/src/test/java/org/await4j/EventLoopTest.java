package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** {@link EventLoop#run} and the rules of a pass. */
class EventLoopTest {
  @Test
  void runReturnsTheResult() {
    assertEquals("done", EventLoop.run(() -> Task.completed("done")));
  }

  @Test
  void runRethrowsTheSameUncheckedException() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> EventLoop.run(() -> Task.failed(boom)));
    assertSame(boom, thrown);
  }

  @Test
  void runRethrowsTheSameCheckedException() {
    IOException io = new IOException("disk");
    IOException thrown =
        assertThrows(IOException.class, () -> EventLoop.run(() -> Task.failed(io)));
    assertSame(io, thrown);
  }

  @Test
  void runMakesTheCallingThreadALoopOnlyWhileItRuns() {
    assertNull(EventLoop.current());
    EventLoop inside = EventLoop.run(() -> Task.completed(EventLoop.current()));
    assertTrue(inside != null);
    assertNull(EventLoop.current());
  }

  @Test
  void runInsideARunningLoopThrows() {
    IllegalStateException e = EventLoop.run(() -> {
      try {
        EventLoop.run(() -> Task.completed(1));
        return Task.completed(null);
      } catch (IllegalStateException expected) {
        return Task.completed(expected);
      }
    });
    assertTrue(e != null, "nested run must throw IllegalStateException");
    assertTrue(e.getMessage().contains("await"), e.getMessage());
  }

  @Test
  void runInsideALoopCallbackThrows() {
    ManualTask<Throwable> seen = new ManualTask<>();
    Throwable e = EventLoop.run(() -> {
      EventLoop.current().execute(() -> {
        try {
          EventLoop.run(() -> Task.completed(1));
          seen.complete(null);
        } catch (Throwable t) {
          seen.complete(t);
        }
      });
      return seen;
    });
    assertTrue(e instanceof IllegalStateException, String.valueOf(e));
  }

  @Test
  void aPassRunsOnlyWhatWasReadyWhenItBegan() {
    EventLoop loop = new ManualTicker().loopOnThisThread();
    List<String> trace = new ArrayList<>();
    loop.execute(() -> {
      trace.add("first");
      loop.execute(() -> trace.add("scheduled by first"));
    });
    loop.execute(() -> trace.add("second"));

    loop.runOnce(false);
    assertEquals(List.of("first", "second"), trace);
    assertTrue(loop.hasWork());

    loop.runOnce(false);
    assertEquals(List.of("first", "second", "scheduled by first"), trace);
    assertFalse(loop.hasWork());
  }

  @Test
  void callbacksRunInSubmissionOrder() {
    EventLoop loop = new ManualTicker().loopOnThisThread();
    List<Integer> trace = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      loop.execute(() -> trace.add(n));
    }
    loop.runOnce(false);
    assertEquals(100, trace.size());
    for (int i = 0; i < 100; i++) {
      assertEquals(i, trace.get(i));
    }
  }

  @Test
  void aFailingCallbackDoesNotStopTheLoop() {
    EventLoop loop = new ManualTicker().loopOnThisThread();
    List<String> trace = new ArrayList<>();
    loop.execute(() -> {
      trace.add("fails");
      throw new IllegalStateException("callback failure (expected by the test)");
    });
    loop.execute(() -> trace.add("runs anyway"));
    withLoopLoggingOff(() -> loop.runOnce(false));
    assertEquals(List.of("fails", "runs anyway"), trace);

    loop.execute(() -> trace.add("next pass"));
    loop.runOnce(false);
    assertEquals(List.of("fails", "runs anyway", "next pass"), trace);
  }

  @Test
  void executeFromAnotherThreadWakesAParkedLoop() {
    int result = EventLoop.run(() -> {
      EventLoop loop = EventLoop.current();
      Thread loopThread = Thread.currentThread();
      ManualTask<Integer> task = new ManualTask<>();
      Threads.start("waker", () -> {
        Threads.awaitParked(loopThread);
        loop.execute(() -> task.complete(loop.inLoop() ? 42 : -1));
      });
      return task;
    });
    assertEquals(42, result);
  }

  @Test
  void aTaskCompletedOnAnotherThreadEndsRun() {
    // No callback is involved: the main task itself completes on another thread.
    CompletableFuture<String> future = new CompletableFuture<>();
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    String result = EventLoop.run(() -> {
      loopThread.set(Thread.currentThread());
      Threads.start("completer", () -> {
        Threads.awaitParked(loopThread.get());
        future.complete("from elsewhere");
      });
      return Task.from(future);
    });
    assertEquals("from elsewhere", result);
  }

  @Test
  void inLoopIsTrueOnlyOnTheLoopThread() throws Exception {
    EventLoop loop = new ManualTicker().loopOnThisThread();
    assertTrue(loop.inLoop());
    CompletableFuture<Boolean> elsewhere = new CompletableFuture<>();
    Threads.start("other", () -> elsewhere.complete(loop.inLoop()));
    assertFalse(elsewhere.get());
  }

  @Test
  void executeFromAnotherThreadGoesThroughTheInbox() throws Exception {
    EventLoop loop = new ManualTicker().loopOnThisThread();
    List<String> trace = new ArrayList<>();
    Threads.start("sender", () -> loop.execute(() -> trace.add("from sender"))).join();
    assertTrue(loop.hasWork());
    loop.runOnce(false);
    assertEquals(List.of("from sender"), trace);
  }

  /** Runs {@code r} with the loop's error log off: an expected failure must not flood the log. */
  static void withLoopLoggingOff(Runnable r) {
    Logger logger = Logger.getLogger(EventLoop.class.getName());
    Level before = logger.getLevel();
    logger.setLevel(Level.OFF);
    try {
      r.run();
    } finally {
      logger.setLevel(before);
    }
  }
}
