package org.await4j.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.await4j.io.Chain.failureOf;
import static org.await4j.io.Chain.then;
import static org.await4j.io.Chain.until;
import static org.await4j.io.TcpStreamTest.connect;
import static org.await4j.io.TcpStreamTest.withServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * An I/O wait that one state machine awaits is woken, not completed, when it can go on: a read
 * holds its bytes until the body resumes and takes them, and a body or read cancelled in between
 * leaves them buffered for the next read; a write released under the low-water mark has sent
 * nothing less for a cancel in between. Each test watches the loop once a pass (its check runs
 * before the bodies woken in that pass) and acts in the woken stage.
 */
class WokenWaitTest {
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
            AwaitBody body = new AwaitBody(1, () -> kind.start.apply(c));
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

  @ParameterizedTest
  @EnumSource(value = Stop.class, names = {"BODY", "READ"})
  void aReadWokenByTheEndGivesBackNothingWhenCancelled(Stop stop) {
    // an earlier read took "ab" from the buffer; the next one is woken by the peer's FIN (it
    // gives an empty array): cancelled then, it gave back the earlier read's bytes, or failed
    // with a NullPointerException when no read had taken bytes from the buffer before
    for (boolean earlierRead : new boolean[] {true, false}) {
      List<String> seen = new ArrayList<>();
      String r = withServer(
          // "go": writes "ab" (or nothing); "fin": ends, and the server closes the connection
          s -> then(TcpStreamAsync.readLine(s), go -> then(earlierRead
              ? TcpStreamAsync.writeString(s, "ab") : Task.completed(null),
              v -> TcpStreamAsync.readLine(s))),
          port -> then(connect(port), c -> then(TcpStreamAsync.writeString(c, "go\n"),
              v -> then(until(() -> !earlierRead || c.buffered() == 2),
                  y -> then(earlierRead ? TcpStreamAsync.read(c, 2) : Task.completed(new byte[0]),
                      first -> {
                        seen.add("first " + new String(first, UTF_8));
                        AwaitBody body = new AwaitBody(1, () -> TcpStreamAsync.read(c, 100));
                        Task<List<Object>> reads = body.start();
                        Task<Void> watched = until(() -> {
                          if (woken(c, body.current)) {
                            seen.add("woken, " + c.buffered() + " buffered");
                            if (stop == Stop.BODY) {
                              assertTrue(body.cancel());
                            } else {
                              body.current.cancel();
                            }
                          }
                          return body.isDone();
                        });
                        return then(TcpStreamAsync.writeString(c, "fin\n"), f -> then(watched,
                            w -> then(failureOf(reads), e -> {
                          assertInstanceOf(CancellationException.class, e);
                          assertEquals(0, c.buffered(), "nothing went back");
                          return then(TcpStreamAsync.read(c, 100),
                              again -> Task.completed("then " + again.length + " bytes"));
                        })));
                      })))));
      assertEquals("then 0 bytes", r, stop + ", earlier read " + earlierRead);
      assertEquals(List.of("first " + (earlierRead ? "ab" : ""), "woken, 0 buffered"), seen,
          stop + ", earlier read " + earlierRead);
    }
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void aReleasedWriteStaysDoneWhenItsBodyOrItIsCancelledBeforeTheBodyResumes(Stop stop) {
    int size = 100_000;
    int[] released = new int[1];
    AwaitBody[] writer = new AwaitBody[1];
    String r = withServer(
        // reads nothing until the client's body waits in a write, then everything, to the end
        s -> then(until(() -> writer[0] != null && writer[0].current != null
            && !writer[0].current.isDone()), v -> countToTheEnd(s, 0)),
        port -> then(connect(port), c -> {
          c.setWriteBufferLimits(0, 0); // each write waits until the socket took all of it
          AwaitBody body = new AwaitBody(Integer.MAX_VALUE,
              () -> TcpStreamAsync.write(c, new byte[size]));
          writer[0] = body;
          Task<List<Object>> writes = body.start();
          Task<Void> watched = until(() -> {
            Task<?> w = body.current;
            if (w != null && !w.isDone() && c.writeBufferSize() == 0) { // released: woken
              released[0]++;
              if (stop == Stop.BODY) {
                assertTrue(body.cancel());
              } else if (stop == Stop.READ) {
                assertFalse(w.cancel()); // nothing to take back: its bytes are all sent
              }
              assertEquals(stop != Stop.NONE, w.isDone());
              assertFalse(w.isCancelled());
            }
            return released[0] > 0;
          });
          return then(watched, v -> {
            body.cancel(); // the writes go on until cancelled: ended in its next write, if not yet
            return then(failureOf(writes), e -> {
              assertInstanceOf(CancellationException.class, e);
              long accepted = (long) body.results().size() * size;
              c.writeEof();
              return then(TcpStreamAsync.readLine(c),
                  line -> Task.completed(line + " " + accepted));
            });
          });
        }));
    String[] got = r.split(" ");
    long received = Long.parseLong(got[0]);
    long accepted = Long.parseLong(got[1]);
    assertEquals(1, released[0], "released once in the woken stage");
    if (stop == Stop.BODY) {
      assertEquals(accepted + size, received, "the write its body never saw went out whole");
    } else {
      assertTrue(received >= accepted, r); // and what a write cancelled later had sent
    }
  }

  /** Reads to the end of the stream, then answers with the number of bytes read. */
  private static Task<Void> countToTheEnd(TcpStream s, long counted) {
    return then(TcpStreamAsync.read(s, 1 << 16), b -> b.length == 0
        ? TcpStreamAsync.writeString(s, counted + "\n")
        : countToTheEnd(s, counted + b.length));
  }
}
