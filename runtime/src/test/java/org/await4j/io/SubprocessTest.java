package org.await4j.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.await4j.io.Chain.failureOf;
import static org.await4j.io.Chain.then;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
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
}
