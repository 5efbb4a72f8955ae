package org.await4j.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.await4j.io.Chain.failureOf;
import static org.await4j.io.Chain.then;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.await4j.Outcome;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Child processes, with POSIX tools (sh, sort, cat). */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SubprocessTest {
  static Subprocess start(String... command) {
    return UdpTest.io(() -> Subprocess.start(List.of(command)));
  }

  @Test
  void communicateWritesStdinAndCollectsBothOutputsAndTheExitCode() {
    Subprocess.Completed r = EventLoop.run(() -> {
      Subprocess p = start("sh", "-c", "sort; echo oops >&2; exit 3");
      return SubprocessAsync.communicate(p, "b\na\nc\n".getBytes(UTF_8));
    });
    assertEquals(3, r.exitCode());
    assertEquals("a\nb\nc\n", r.stdoutText());
    assertEquals("oops\n", r.stderrText());
  }

  @Test
  void stdoutLinesComeAsTheyAreWrittenAndStdinTalksBack() {
    List<String> lines = EventLoop.run(() -> {
      Subprocess p = start("cat");
      return then(SubprocessAsync.writeStdin(p, "one\n".getBytes(UTF_8)),
          v -> then(SubprocessAsync.readStdoutLine(p), first -> then(
              SubprocessAsync.writeStdin(p, "two\r\n".getBytes(UTF_8)),
              w -> then(SubprocessAsync.readStdoutLine(p), second -> {
                p.closeStdin();
                return then(SubprocessAsync.readStdoutLine(p), end -> then(
                    SubprocessAsync.waitFor(p), code -> Task.completed(
                        List.of(first, second, String.valueOf(end), String.valueOf(code)))));
              }))));
    });
    assertEquals(List.of("one", "two", "null", "0"), lines);
  }

  @Test
  void cancellingTheWaitKillsAProcessMidStream() {
    Object[] seen = new Object[3];
    EventLoop.run(() -> {
      Subprocess p = start("sh", "-c", "echo started; exec sleep 60");
      return then(SubprocessAsync.readStdoutLine(p), line -> {
        seen[0] = line;
        Task<Integer> exit = SubprocessAsync.waitFor(p);
        exit.cancel();
        return then(failureOf(exit), e -> {
          seen[1] = e;
          // the kill ends the pipe: the next line is the end of the stream
          return then(SubprocessAsync.readStdoutLine(p), end -> {
            seen[2] = end;
            return Task.completed(null);
          });
        });
      });
    });
    assertEquals("started", seen[0]);
    assertInstanceOf(CancellationException.class, seen[1]);
    assertNull(seen[2]);
  }

  @Test
  void aProcessKilledWhileItStreamsEndsItsOutputAndLeavesNoDescriptorBehind() {
    // one round first: it also makes what the JDK keeps for good (its one "pre-close" socket)
    killMidStream();
    int before = SelectorLoopTest.openFdsSettled();
    Object[] seen = killMidStream();
    assertEquals("line line", seen[0]);
    assertEquals(137, seen[1], "killed by SIGKILL (128 + 9)");
    // at most: an earlier test's pipes may still be closing meanwhile (a leak adds, never removes)
    assertTrue(SelectorLoopTest.openFdsBackTo(before) <= before, before + " before, now:\n"
        + SelectorLoopTest.fdList());
  }

  /** Reads two lines of a process that prints forever, kills it, reads to the end. */
  static Object[] killMidStream() {
    Object[] seen = new Object[3];
    EventLoop.run(() -> {
      Subprocess p = start("sh", "-c", "while :; do echo line; done");
      return then(SubprocessAsync.readStdoutLine(p), first -> then(SubprocessAsync.readStdoutLine(p),
          second -> {
            seen[0] = first + " " + second;
            p.kill(); // mid-stream: what was read ahead is still read, then the pipe ends
            return then(drain(p), lines -> then(SubprocessAsync.waitFor(p), code -> {
              seen[1] = code;
              seen[2] = lines;
              return Task.completed(null);
            }));
          }));
    });
    return seen;
  }

  /**
   * Reads stdout lines to the end; how many there were. A loop, not a chain of tasks: tens of
   * thousands of nested tasks would complete on one stack.
   */
  static Task<Integer> drain(Subprocess p) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    EventLoop loop = EventLoop.current();
    new Runnable() {
      int lines;

      @Override
      public void run() {
        Task<String> t = SubprocessAsync.readStdoutLine(p);
        IoLoop.whenDone(t, x -> loop.execute(() -> {
          Throwable e = Outcome.of(t).exception();
          if (e != null) {
            done.completeExceptionally(e);
          } else if (t.result() == null) {
            done.complete(lines);
          } else {
            lines++;
            run();
          }
        }));
      }
    }.run();
    return Task.from(done);
  }

  @Test
  void cancellingCommunicateKillsAProcessThatNeverEnds() {
    Object[] seen = new Object[2];
    EventLoop.run(() -> {
      Subprocess p = start("sh", "-c", "while :; do echo line; done");
      Task<Subprocess.Completed> all = SubprocessAsync.communicate(p, null);
      all.cancel();
      seen[0] = all.isCancelled();
      return then(SubprocessAsync.waitFor(p), code -> {
        seen[1] = code;
        return Task.completed(null);
      });
    });
    assertEquals(true, seen[0]);
    assertEquals(137, seen[1]);
  }

  @Test
  void closeKillsAProcessThatStillRunsAndLeavesAnEndedOneAlone() {
    Object[] seen = new Object[2];
    EventLoop.run(() -> {
      Subprocess streaming = start("sh", "-c", "while :; do echo line; done");
      Subprocess ended = start("sh", "-c", "exit 5");
      return then(SubprocessAsync.readStdoutLine(streaming), line -> {
        streaming.close(); // what try-with-resources does when the body is cancelled
        return then(SubprocessAsync.waitFor(streaming), code -> then(SubprocessAsync.waitFor(ended),
            five -> {
              ended.close();
              seen[0] = code;
              seen[1] = five;
              return Task.completed(null);
            }));
      });
    });
    assertEquals(137, seen[0], "killed by SIGKILL (128 + 9)");
    assertEquals(5, seen[1]);
  }

  @Test
  void aProcessStillRunningWhenItsLoopEndsIsKilled() throws Exception {
    // a body that streamed a process and was cancelled (a timeout, say) without closing it
    long[] pid = new long[1];
    EventLoop.run(() -> {
      Subprocess p = start("sh", "-c", "while :; do echo line; sleep 0.01; done");
      pid[0] = p.pid();
      return then(SubprocessAsync.readStdoutLine(p), line -> Task.completed(null));
    });
    ProcessHandle h = ProcessHandle.of(pid[0]).orElse(null);
    if (h != null) {
      h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS); // times out if it still runs
    }
  }
}
