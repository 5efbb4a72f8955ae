package org.await4j.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.await4j.io.Chain.failureOf;
import static org.await4j.io.Chain.then;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.TasksAsync;
import org.await4j.sync.Event;
import org.junit.jupiter.api.Test;

/** TCP streams and servers over loopback, on one loop, driven by chained tasks. */
class TcpStreamTest {
  /** Runs {@code client} against a server running {@code handler}; closes the server after. */
  static <T> T withServer(ConnectionHandler handler, Function<Integer, Task<T>> client) {
    return EventLoop.run(() -> {
      TcpServer server;
      try {
        server = Tcp.listen("127.0.0.1", 0, handler);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Task<T> result = client.apply(server.port());
      return Chain.both(result, v -> {
        server.close();
        server.abortClients();
        return then(TcpServerAsync.waitClosed(server), x -> Task.completed(v));
      }, e -> {
        server.close();
        server.abortClients();
        return Task.failed(e);
      });
    });
  }

  static Task<TcpStream> connect(int port) {
    return TcpAsync.connect("127.0.0.1", port);
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void anEchoedLineComesBack() {
    String reply = withServer(
        s -> then(TcpStreamAsync.readLine(s), line -> TcpStreamAsync.writeString(s, "echo " + line + "\n")),
        port -> then(connect(port), c -> then(TcpStreamAsync.writeString(c, "hello\r\n"),
            v -> then(TcpStreamAsync.readLine(c), line -> {
              c.close();
              return Task.completed(line);
            }))));
    assertEquals("echo hello", reply);
  }

  @Test
  void readLineGivesTheLastLineWithoutTerminatorThenNull() {
    List<String> lines = withServer(
        s -> TcpStreamAsync.writeString(s, "one\ntwo\r\nthree"),
        port -> then(connect(port), c -> {
          List<String> got = new ArrayList<>();
          return then(TcpStreamAsync.readLine(c), a -> {
            got.add(a);
            return then(TcpStreamAsync.readLine(c), b -> {
              got.add(b);
              return then(TcpStreamAsync.readLine(c), d -> {
                got.add(d);
                return then(TcpStreamAsync.readLine(c), e -> {
                  got.add(e);
                  got.add(String.valueOf(c.atEof()));
                  return Task.completed(got);
                });
              });
            });
          });
        }));
    assertEquals(List.of("one", "two", "three", "null", "true"),
        lines.stream().map(String::valueOf).collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void readExactlyFailsWithThePartialDataAtTheEnd() {
    Throwable e = withServer(
        s -> TcpStreamAsync.write(s, bytes("abc")),
        port -> then(connect(port), c -> failureOf(TcpStreamAsync.readExactly(c, 5))));
    IncompleteReadException incomplete = assertInstanceOf(IncompleteReadException.class, e);
    assertArrayEquals(bytes("abc"), incomplete.partial());
    assertEquals(5, incomplete.expected());
  }

  @Test
  void readUntilOverItsLimitFailsAndKeepsTheData() {
    String[] after = new String[1];
    Throwable e = withServer(
        s -> then(TcpStreamAsync.write(s, bytes("0123456789abcdef;")), v -> TcpStreamAsync.readLine(s)),
        port -> then(connect(port), c -> then(failureOf(TcpStreamAsync.readUntil(c, bytes(";"), 8)), failure ->
            then(TcpStreamAsync.readUntil(c, bytes(";"), 100), rest -> {
              after[0] = new String(rest, UTF_8);
              c.close();
              return Task.completed(failure);
            }))));
    assertInstanceOf(LimitOverrunException.class, e);
    assertEquals("0123456789abcdef;", after[0]);
  }

  @Test
  void aCancelledReadLeavesTheBytesForTheNextRead() {
    String r = withServer(
        s -> then(TcpStreamAsync.readLine(s), go -> TcpStreamAsync.writeString(s, "data\n")),
        port -> then(connect(port), c -> {
          Task<byte[]> first = TcpStreamAsync.read(c, 100);
          first.cancel();
          assertTrue(first.isCancelled());
          return then(TcpStreamAsync.writeString(c, "go\n"), v -> then(TcpStreamAsync.readLine(c), line -> {
            c.close();
            return Task.completed(line);
          }));
        }));
    assertEquals("data", r);
  }

  @Test
  void bytesHandedToABodyCancelledBeforeItResumedAreGivenBack() {
    String r = withServer(
        s -> then(TcpStreamAsync.readLine(s), go -> TcpStreamAsync.writeString(s, "data\n")),
        port -> then(connect(port), c -> {
          Task<String> first = TcpStreamAsync.readLine(c);
          // cancelled right as it completes: the awaiting body has not resumed yet
          IoLoop.whenDone(first, t -> t.cancel());
          return then(TcpStreamAsync.writeString(c, "go\n"), v -> then(failureOf(first), e -> {
            assertFalse(first.isCancelled()); // done with the line, which went back
            return then(TcpStreamAsync.readLine(c), line -> {
              c.close();
              return Task.completed(line);
            });
          }));
        }));
    assertEquals("data", r);
  }

  @Test
  void aWriteWaitsAboveTheHighWaterMarkAndResumesWhenThePeerReads() {
    byte[] chunk = new byte[256 * 1024];
    long[] received = new long[1];
    long[] sent = new long[1];
    Event startReading = new Event();
    Long got = withServer(
        s -> then(startReading.waitUntilSet(), go -> then(readAll(s, received),
            n -> TcpStreamAsync.writeString(s, n + "\n"))),
        port -> then(connect(port), c -> {
          c.setWriteBufferLimits(64 * 1024, 16 * 1024);
          Task<Void> w = Signal.DONE;
          for (int rounds = 0; w.isDone() && rounds < 1000; rounds++) {
            w = TcpStreamAsync.write(c, chunk); // the peer does not read yet: one write ends up waiting
            sent[0] += chunk.length;
          }
          assertFalse(w.isDone(), "the peer never read, yet no write waited");
          assertTrue(c.writeBufferSize() <= 64 * 1024 + chunk.length);
          Task<Void> next = TcpStreamAsync.write(c, chunk); // queued behind, holding its own bytes
          sent[0] += chunk.length;
          assertFalse(next.isDone());
          Task<Void> third = TcpStreamAsync.write(c, chunk); // queued too, then cancelled
          third.cancel();
          WriteCancelledException e = assertInstanceOf(WriteCancelledException.class,
              org.await4j.Outcome.of(third).exception());
          assertEquals(0, e.written(), "a write cancelled before it was taken sent nothing");
          startReading.set();
          return then(Tasks.all(w, next), v -> {
            c.writeEof();
            return then(TcpStreamAsync.readLine(c), line -> Task.completed(Long.parseLong(line)));
          });
        }));
    assertEquals(sent[0], got);
  }

  static Task<Long> readAll(TcpStream s, long[] count) {
    return then(TcpStreamAsync.read(s, 64 * 1024), b -> {
      if (b.length == 0) {
        return Task.completed(count[0]);
      }
      count[0] += b.length;
      return readAll(s, count);
    });
  }

  @Test
  void aSlowReaderGetsEveryByteThatWasWritten() {
    long[] received = new long[1];
    long total = 4L * 1024 * 1024;
    Long got = withServer(
        s -> then(readAll(s, received), n -> TcpStreamAsync.writeString(s, n + "\n")),
        port -> then(connect(port), c -> then(writeMany(c, new byte[100_000], total), v -> {
          c.writeEof();
          return then(TcpStreamAsync.readLine(c), line -> Task.completed(Long.parseLong(line)));
        })));
    assertEquals(total, got);
  }

  static Task<Void> writeMany(TcpStream c, byte[] chunk, long left) {
    if (left <= 0) {
      return Signal.DONE;
    }
    int n = (int) Math.min(chunk.length, left);
    return then(TcpStreamAsync.write(c, java.nio.ByteBuffer.wrap(chunk, 0, n)),
        v -> writeMany(c, chunk, left - n));
  }

  @Test
  void aCancelledWriteSaysHowMuchWasSentAndTheRestIsNeverSent() {
    long[] received = new long[1];
    long[] report = new long[2];
    Long got = withServer(
        s -> then(TcpStreamAsync.readLine(s), go -> then(readAll(s, received),
            n -> TcpStreamAsync.writeString(s, n + "\n"))),
        port -> then(connect(port), c -> {
          byte[] big = new byte[8 * 1024 * 1024];
          return then(TcpStreamAsync.writeString(c, "go?\n"), v -> {
            Task<Void> w = TcpStreamAsync.write(c, big);
            assertFalse(w.isDone(), "8 MiB fit in the socket at once");
            w.cancel();
            WriteCancelledException e = assertInstanceOf(WriteCancelledException.class,
                org.await4j.Outcome.of(w).exception());
            assertTrue(w.isCancelled());
            report[0] = e.written();
            report[1] = e.length();
            assertTrue(c.writeBufferSize() == 0);
            c.writeEof();
            return then(TcpStreamAsync.readLine(c), line -> Task.completed(Long.parseLong(line)));
          });
        }));
    assertEquals(8 * 1024 * 1024, report[1]);
    assertTrue(report[0] < report[1]);
    assertEquals(report[0], got - 0, "the server got exactly the bytes said to be written");
  }

  @Test
  void halfClosesBothWays() {
    String r = withServer(
        s -> then(readAll(s, new long[1]), n -> then(TcpStreamAsync.writeString(s, "got " + n + "\n"), v -> {
          s.writeEof();
          return Task.completed(null);
        })),
        port -> then(connect(port), c -> then(TcpStreamAsync.write(c, bytes("12345")), v -> {
          c.writeEof();
          assertThrows(IOException.class, () -> TcpStreamAsync.write(c, bytes("x")).result());
          return then(TcpStreamAsync.readLine(c), line -> then(TcpStreamAsync.read(c, 10), end -> {
            assertEquals(0, end.length);
            assertTrue(c.atEof());
            return Task.completed(line);
          }));
        })));
    assertEquals("got 5", r);
  }

  @Test
  void aPeerResetFailsTheRead() throws Exception {
    try (ServerSocketChannel raw = ServerSocketChannel.open()) {
      raw.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = ((InetSocketAddress) raw.getLocalAddress()).getPort();
      Thread peer = new Thread(() -> {
        try (SocketChannel s = raw.accept()) {
          s.setOption(java.net.StandardSocketOptions.SO_LINGER, 0); // close sends a reset
          s.read(java.nio.ByteBuffer.allocate(1)); // the client's byte: it is waiting now
        } catch (IOException ignored) {
          // the test checks the client's side
        }
      });
      peer.start();
      Throwable e = EventLoop.run(() -> then(connect(port), c -> {
        Task<byte[]> read = TcpStreamAsync.read(c, 10);
        return then(TcpStreamAsync.write(c, bytes("x")), v -> then(failureOf(read), f -> {
          assertTrue(c.isClosed());
          return Task.completed(f);
        }));
      }));
      peer.join();
      assertInstanceOf(IOException.class, e);
    }
  }

  @Test
  void aRefusedConnectFails() throws Exception {
    int port;
    try (ServerSocketChannel raw = ServerSocketChannel.open()) {
      raw.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) raw.getLocalAddress()).getPort();
    }
    Throwable e = EventLoop.run(() -> failureOf(connect(port)));
    assertInstanceOf(ConnectException.class, e);
  }

  @Test
  void aConnectThatHangsTimesOutAndReleasesItsSocket() throws Exception {
    try (ServerSocketChannel full = ServerSocketChannel.open()) {
      full.bind(new InetSocketAddress("127.0.0.1", 0), 1); // never accepts: the queue fills
      int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
      // the first round also makes the JDK's one shared "pre-close" socket, kept for good
      Throwable first = EventLoop.run(() -> fillThenConnect(port, new ArrayList<>(), 0));
      assertInstanceOf(SocketTimeoutException.class, first);
      int before = SelectorLoopTest.openFdsSettled();
      Throwable e = EventLoop.run(() -> fillThenConnect(port, new ArrayList<>(), 0));
      assertInstanceOf(SocketTimeoutException.class, e);
      assertEquals(before, SelectorLoopTest.openFdsBackTo(before), SelectorLoopTest::fdList);
    }
  }

  /** Connects until a connect hangs on the full backlog, then expects its timeout. */
  static Task<Throwable> fillThenConnect(int port, List<TcpStream> open, int tries) {
    if (tries > 64) {
      return Task.completed(new AssertionError("the backlog never filled"));
    }
    Task<TcpStream> c = TcpAsync.connect("127.0.0.1", port, Duration.ofMillis(200));
    return Chain.both(c, s -> {
      open.add(s);
      return fillThenConnect(port, open, tries + 1);
    }, e -> {
      open.forEach(TcpStream::abort);
      return Task.completed(e);
    });
  }

  @Test
  void aCancelledConnectReleasesItsSocket() {
    Throwable e = withServer(s -> Task.completed(null), port -> {
      Task<TcpStream> c = connect(port);
      c.cancel();
      return failureOf(c);
    });
    assertInstanceOf(CancellationException.class, e);
  }

  @Test
  void theServerClosesAStreamWhenItsHandlerEndsAndWaitClosedWaitsForAll() {
    String r = withServer(
        s -> TcpStreamAsync.writeString(s, "bye\n"),
        port -> then(connect(port), c -> then(TcpStreamAsync.readLine(c), line -> then(TcpStreamAsync.read(c, 1), end -> {
          assertEquals(0, end.length, "the handler's end closed the connection");
          return Task.completed(line);
        }))));
    assertEquals("bye", r);
  }

  @Test
  void abortingTheServersClientsEndsTheirStreams() {
    Throwable e = EventLoop.run(() -> {
      TcpServer server;
      try {
        server = Tcp.listen("127.0.0.1", 0, s -> TcpStreamAsync.readLine(s));
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
      return then(connect(server.port()), c -> then(until(() -> server.clientCount() == 1), y -> {
        server.close();
        server.abortClients();
        assertEquals(0, server.clientCount());
        return then(TcpServerAsync.waitClosed(server), v -> failureOf(TcpStreamAsync.readLine(c)));
      }));
    });
    // the client sees the end of the stream (a FIN, readLine gives null) or a reset
    assertTrue(e == null || e instanceof IOException, String.valueOf(e));
  }

  @Test
  void closingTheServerCancelsHandlersThatOutliveTheirConnections() {
    // a handler waiting for something else than its stream (a queue, an event) would otherwise
    // keep try-with-resources on the server, and so EventLoop.run, waiting forever
    Event never = new Event();
    List<Task<Void>> handlers = new ArrayList<>();
    Object r = EventLoop.run(() -> {
      TcpServer server;
      try {
        server = Tcp.listen("127.0.0.1", 0, s -> {
          Task<Void> h = never.waitUntilSet();
          handlers.add(h);
          return h;
        });
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
      return then(connect(server.port()), c -> then(until(() -> handlers.size() == 1), y ->
          then(TasksAsync.withTimeout(server.closeAsync(), Duration.ofSeconds(3)), v -> {
            assertEquals(0, server.clientCount());
            return failureOf(TcpStreamAsync.read(c, 1));
          })));
    });
    assertTrue(handlers.get(0).isCancelled(), "the handler was cancelled");
    assertTrue(r == null || r instanceof IOException, String.valueOf(r));
  }

  @Test
  void aHandlerThatTheClosingConnectionWakesEndsOnItsOwnFirst() {
    Object[] seen = new Object[1];
    EventLoop.run(() -> {
      TcpServer server;
      try {
        server = Tcp.listen("127.0.0.1", 0, s -> {
          // a body in readLine: the close fails its read, and it resumes with that (not with a
          // cancel) and ends
          AwaitBody body = new AwaitBody(1, () -> TcpStreamAsync.readLine(s));
          Task<List<Object>> t = body.start();
          return then(failureOf(t), e -> {
            seen[0] = e;
            return Task.completed(null);
          });
        });
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
      return then(connect(server.port()), c -> then(until(() -> server.clientCount() == 1),
          y -> then(Tasks.yieldNow(), z -> server.closeAsync())));
    });
    assertInstanceOf(IOException.class, seen[0]);
  }

  @Test
  void bodiesWaitingInIoWhenTheMainTaskEndsAreCancelledAsAsyncioRunDoes() {
    // asyncio.run cancels every pending task and lets it end; a handler in readLine, a body in a
    // read of its own and one waiting for the server's close were left behind, their finally
    // blocks never run
    AwaitBody[] bodies = new AwaitBody[3];
    EventLoop.run(() -> {
      TcpServer server;
      try {
        server = Tcp.listen("127.0.0.1", 0, s -> {
          bodies[0] = new AwaitBody(1, () -> TcpStreamAsync.readLine(s));
          return bodies[0].start();
        });
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
      return then(connect(server.port()), c -> then(until(() -> bodies[0] != null), y -> {
        bodies[1] = new AwaitBody(1, () -> TcpStreamAsync.read(c, 10));
        bodies[1].start();
        server.close();
        bodies[2] = new AwaitBody(1, () -> TcpServerAsync.waitClosed(server));
        bodies[2].start();
        return Tasks.yieldNow(); // the main task ends; the three wait on
      }));
    });
    for (int i = 0; i < bodies.length; i++) {
      assertTrue(bodies[i].isCancelled(), "body " + i + " was cancelled");
    }
  }

  @Test
  void waitClosedAloneStillWaitsForTheHandlers() {
    Event release = new Event();
    boolean[] waitedFor = new boolean[1];
    EventLoop.run(() -> {
      TcpServer server;
      try {
        server = Tcp.listen("127.0.0.1", 0, s -> then(release.waitUntilSet(), v -> {
          waitedFor[0] = true;
          return Task.completed(null);
        }));
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
      return then(connect(server.port()), c -> then(until(() -> server.clientCount() == 1), y -> {
        server.close();
        server.closeClients();
        Task<Void> closed = TcpServerAsync.waitClosed(server);
        return then(Tasks.sleep(Duration.ofMillis(20)), z -> {
          assertFalse(closed.isDone(), "a handler is still running");
          release.set();
          return closed;
        });
      }));
    });
    assertTrue(waitedFor[0]);
  }

  /** Yields until {@code condition} holds (checked once a loop pass). */
  static Task<Void> until(java.util.function.BooleanSupplier condition) {
    return Chain.until(condition);
  }

  @Test
  void manyConnectionsLeaveNoKeyNorDescriptorBehind() {
    int[] counts = new int[4];
    EventLoop.run(() -> {
      IoLoop io = IoLoop.current();
      TcpServer server;
      try {
        server = Tcp.listen("127.0.0.1", 0, s -> then(TcpStreamAsync.readLine(s),
            line -> TcpStreamAsync.writeString(s, line + "\n")));
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
      // one round first: it also makes the JDK's one shared "pre-close" socket, kept for good
      return then(rounds(server.port(), 1), y -> then(until(() -> server.clientCount() == 0), y2 -> {
        counts[0] = SelectorLoopTest.openFdsSettled();
        counts[1] = io.keyCount();
        return then(rounds(server.port(), Integer.getInteger("rounds", 2000)), v ->
            then(until(() -> server.clientCount() == 0), w -> then(Tasks.yieldNow(), z -> {
              counts[2] = SelectorLoopTest.openFdsBackTo(counts[0]);
              counts[3] = io.keyCount();
              server.close();
              return TcpServerAsync.waitClosed(server);
            })));
      }));
    });
    assertEquals(counts[0], counts[2], "open descriptors");
    assertEquals(counts[1], counts[3], "selector keys");
  }

  /** Opens {@code n} connections one after the other, each exchanging a line, closing it. */
  static Task<Void> rounds(int port, int n) {
    return Chain.repeat(n, i -> then(connect(port), c -> then(TcpStreamAsync.writeString(c, "ping " + i + "\n"),
        v -> then(TcpStreamAsync.readLine(c), line -> {
          assertEquals("ping " + i, line);
          return c.closeAsync();
        }))));
  }
}
