package org.await4j.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.await4j.io.Chain.failureOf;
import static org.await4j.io.Chain.then;
import static org.await4j.io.Chain.until;
import static org.await4j.io.TcpStreamTest.connect;
import static org.await4j.io.TcpStreamTest.withServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import org.await4j.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A read that one state machine awaits is woken, not completed, when its bytes come: it holds
 * them until the body resumes and takes them, and a body or read cancelled in between leaves them
 * buffered for the next read. Each test watches the loop once a pass (its check runs before the
 * bodies woken in that pass) and acts in the woken stage.
 */
class WokenReadTest {
  enum Kind {
    READ(c -> TcpStreamAsync.read(c, 100)),
    READ_EXACTLY(c -> TcpStreamAsync.readExactly(c, 3)),
    READ_UNTIL(c -> TcpStreamAsync.readUntil(c, new byte[] {'\n'})),
    READ_LINE(TcpStreamAsync::readLine);

    final Function<TcpStream, Task<?>> start;

    Kind(Function<TcpStream, Task<?>> start) {
      this.start = start;
    }

    String text(Object v) {
      return v instanceof byte[] ? new String((byte[]) v, UTF_8) : (String) v;
    }

    String expected() {
      return this == READ_LINE ? "xy" : "xy\n";
    }
  }

  enum Stop { NONE, BODY, READ }

  /** Whether {@code read} is woken: it waits no more, and has not completed either. */
  private static boolean woken(TcpStream c, Task<?> read) {
    return read != null && !read.isDone() && !c.reading.readWaits();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aWokenReadGivesItsBytesToTheResumingBodyOrBackWhenCancelled(Kind kind) {
    for (Stop stop : Stop.values()) {
      List<String> seen = new ArrayList<>();
      String r = withServer(
          s -> then(TcpStreamAsync.readLine(s), go -> TcpStreamAsync.writeString(s, "xy\n")),
          port -> then(connect(port), c -> {
            ReadBody body = new ReadBody(1, () -> kind.start.apply(c));
            Task<List<Object>> reads = body.start();
            Task<Void> watched = until(() -> {
              if (woken(c, body.current)) {
                seen.add("woken, " + c.buffered() + " buffered");
                if (stop == Stop.BODY) {
                  assertTrue(body.cancel());
                } else if (stop == Stop.READ) {
                  assertTrue(body.current.cancel());
                  assertTrue(body.current.isCancelled());
                }
              }
              return body.isDone();
            });
            return then(TcpStreamAsync.writeString(c, "go\n"), v -> then(watched,
                w -> then(failureOf(reads), e -> {
                  if (stop == Stop.NONE) {
                    assertEquals(null, e);
                    assertEquals(kind.text(body.current.result()), kind.text(reads.result().get(0)));
                    return Task.completed(kind.text(reads.result().get(0)));
                  }
                  assertInstanceOf(CancellationException.class, e);
                  assertTrue(body.current.isCancelled());
                  assertEquals(3, c.buffered(), "the bytes went back");
                  return then(kind.start.apply(c), again -> Task.completed(kind.text(again)));
                })));
          }));
      assertEquals(kind.expected(), r, stop.toString());
      assertEquals(List.of("woken, 0 buffered"), seen, stop.toString());
    }
  }
}
