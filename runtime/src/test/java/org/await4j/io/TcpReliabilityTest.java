package org.await4j.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.await4j.io.Chain.failureOf;
import static org.await4j.io.Chain.then;
import static org.await4j.io.TcpStreamTest.bytes;
import static org.await4j.io.TcpStreamTest.connect;
import static org.await4j.io.TcpStreamTest.readAll;
import static org.await4j.io.TcpStreamTest.until;
import static org.await4j.io.TcpStreamTest.withServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.await4j.EventLoop;
import org.await4j.Outcome;
import org.await4j.Task;
import org.await4j.TasksAsync;
import org.await4j.sync.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's reliability list: many connections, a peer that never reads (IO-4), resets,
 * half-closes, and cancellation or a timeout in the middle of every kind of read and write.
 */
class TcpReliabilityTest {

  // ---------------------------------------------------------------- descriptors and keys

  @Test
  void tenThousandConnectionsInBatchesLeaveNoKeyNorDescriptorBehind() {
    int batches = 40;
    int perBatch = 250; // open at once: 500 descriptors with the server's side
    int[] counts = new int[4];
    int[] served = new int[1];
    String[] lists = new String[2];
    EventLoop.run(() -> {
      IoLoop io = IoLoop.current();
      TcpServer server = UdpTest.io(() -> Tcp.listen("127.0.0.1", 0,
          s -> then(TcpStreamAsync.readLine(s), line -> {
            served[0]++;
            return TcpStreamAsync.writeString(s, line + "\n");
          })));
      // one batch first: it also makes the JDK's one shared "pre-close" socket, kept for good
      return then(batch(server.port(), 0, perBatch), y -> then(settled(server), y2 -> {
        counts[0] = SelectorLoopTest.openFdsSettled();
        lists[0] = SelectorLoopTest.fdList();
        counts[1] = io.keyCount();
        return then(Chain.repeat(batches, b -> batch(server.port(), b, perBatch)),
            v -> then(settled(server), w -> {
              counts[2] = SelectorLoopTest.openFdsBackTo(counts[0]);
              lists[1] = SelectorLoopTest.fdList();
              counts[3] = io.keyCount();
              server.close();
              return TcpServerAsync.waitClosed(server);
            }));
      }));
    });
    assertEquals((batches + 1) * perBatch, served[0], "connections served");
    assertEquals(counts[0], counts[2], () -> "open descriptors; before:\n" + lists[0] + "after:\n" + lists[1]);
    assertEquals(counts[1], counts[3], "selector keys");
  }

  /** Opens {@code n} connections at once, each exchanging a line; done once all are closed. */
  static Task<List<Void>> batch(int port, int b, int n) {
    List<Task<Void>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String ping = "ping " + b + "." + i;
      all.add(then(connect(port), c -> then(TcpStreamAsync.writeString(c, ping + "\n"),
          v -> then(TcpStreamAsync.readLine(c), line -> {
            assertEquals(ping, line);
            return c.closeAsync();
          }))));
    }
    return org.await4j.Tasks.all(all);
  }

  /** Every server-side stream closed, then one more pass so cancelled keys are deregistered. */
  static Task<Void> settled(TcpServer server) {
    return then(until(() -> server.clientCount() == 0), v -> org.await4j.Tasks.yieldNow());
  }

  // ---------------------------------------------------------------- IO-4: a peer that never reads

  enum WriteKind {
    BYTES_SMALL, BYTES, BUFFER, STRING;

    Task<Void> write(TcpStream s, int size) {
      switch (this) {
        case BYTES_SMALL:
        case BYTES:
          return TcpStreamAsync.write(s, new byte[size]);
        case BUFFER:
          ByteBuffer b = ByteBuffer.allocate(size + 10);
          b.position(10); // a buffer with something before its remaining bytes
          return TcpStreamAsync.write(s, b);
        default:
          char[] text = new char[size];
          Arrays.fill(text, 'x');
          return TcpStreamAsync.writeString(s, new String(text));
      }
    }

    int size() {
      return this == BYTES_SMALL ? 1000 : this == BYTES ? 100_000 : this == BUFFER ? 300_000 : 50_000;
    }
  }

  @Test
  void aPeerThatNeverReadsHoldsAtMostTheHighWaterMarkPlusOneWritePerConnection() {
    int connections = 12;
    TcpStream[] clients = new TcpStream[connections];
    @SuppressWarnings("unchecked")
    Task<Void>[] current = new Task[connections];
    long[] worst = new long[connections];
    long[] bound = new long[connections];
    int[] writes = new int[connections];
    withServer(TcpStreamAsync::waitClosed, port -> { // the handler never reads
      List<Task<Void>> opened = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        int k = i;
        WriteKind kind = WriteKind.values()[i % WriteKind.values().length];
        opened.add(then(connect(port), c -> {
          clients[k] = c;
          long high = 64 * 1024;
          if (k % 3 == 1) {
            high = 8 * 1024;
            c.setWriteBufferLimits(8 * 1024, 1024);
          }
          bound[k] = high + kind.size();
          writeUntilStuck(c, kind, k, current, worst, writes);
          return Task.completed(null);
        }));
      }
      return then(org.await4j.Tasks.all(opened), v -> then(until(() -> allStuck(current)), w -> {
        for (TcpStream c : clients) {
          c.abort();
        }
        return Task.completed(null);
      }));
    });
    for (int i = 0; i < connections; i++) {
      assertTrue(writes[i] >= 2, "connection " + i + " wrote " + writes[i] + " times");
      assertTrue(worst[i] > 0, "connection " + i + " never held anything");
      assertTrue(worst[i] <= bound[i], "connection " + i + " held " + worst[i] + " bytes, over "
          + bound[i]);
    }
  }

  /** Writes, awaiting each write, as an @Async loop would, noting the most the stream held. */
  static void writeUntilStuck(TcpStream c, WriteKind kind, int k, Task<Void>[] current,
      long[] worst, int[] writes) {
    Task<Void> w = kind.write(c, kind.size());
    writes[k]++;
    worst[k] = Math.max(worst[k], c.writeBufferSize());
    current[k] = w;
    IoLoop.whenDone(w, t -> {
      if (Outcome.of(t).exception() == null) {
        c.io.loop.execute(() -> writeUntilStuck(c, kind, k, current, worst, writes));
      }
    });
  }

  static boolean allStuck(Task<?>[] current) {
    for (Task<?> t : current) {
      if (t == null || t.isDone()) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- resets

  @Test
  void aPeerResetFailsAWaitingWriteAndReadAndReleasesTheSocket() throws Exception {
    resetUnderAWaitingWrite(); // the first round also makes what the JDK keeps for good
    int before = SelectorLoopTest.openFdsSettled();
    resetUnderAWaitingWrite();
    // at most: an earlier test's pipes may still be closing meanwhile (a leak adds, never removes)
    assertTrue(SelectorLoopTest.openFdsBackTo(before) <= before, before + " before, now:\n"
        + SelectorLoopTest.fdList());
  }

  /** A peer that never reads resets the connection while a write and a read wait. */
  static void resetUnderAWaitingWrite() throws Exception {
    try (ServerSocketChannel raw = ServerSocketChannel.open()) {
      raw.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = ((InetSocketAddress) raw.getLocalAddress()).getPort();
      CountDownLatch reset = new CountDownLatch(1);
      Thread peer = new Thread(() -> {
        try (SocketChannel s = raw.accept()) {
          s.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends a reset
          reset.await(); // never reads meanwhile
        } catch (IOException | InterruptedException ignored) {
          // the test checks the client's side
        }
      });
      peer.start();
      Throwable[] seen = new Throwable[3];
      EventLoop.run(() -> then(connect(port), c -> {
        Task<byte[]> read = TcpStreamAsync.read(c, 10);
        Task<Void> w = stuckWrite(c, 0);
        return then(until(() -> !w.isDone() || c.isClosed()), y -> {
          assertFalse(w.isDone(), "a write to a peer that never reads did not wait");
          reset.countDown();
          return then(failureOf(w), we -> then(failureOf(read), re -> {
            seen[0] = we;
            seen[1] = re;
            seen[2] = TcpStreamAsync.write(c, new byte[1]).exception(); // after the reset
            assertTrue(c.isClosed());
            assertEquals(0, c.writeBufferSize());
            return Task.completed(null);
          }));
        });
      }));
      peer.join();
      assertInstanceOf(IOException.class, seen[0]);
      assertInstanceOf(IOException.class, seen[1]);
      // each operation has an exception of its own, as a blocking socket's calls do: one
      // object thrown to several tasks would gather all their frames in one trace
      assertInstanceOf(IOException.class, seen[2]);
      assertNotSame(seen[0], seen[1]);
      assertNotSame(seen[0], seen[2]);
      assertNotSame(seen[1], seen[2]);
      assertEquals(seen[0].getClass(), seen[2].getClass());
    }
  }

  /** Writes 256 KiB chunks until one has to wait; that one. */
  static Task<Void> stuckWrite(TcpStream c, int tries) {
    Task<Void> w = TcpStreamAsync.write(c, new byte[256 * 1024]);
    if (w.isDone() && tries < 1000) {
      return stuckWrite(c, tries + 1);
    }
    return w;
  }

  @Test
  void aClientResettingMidLineFailsTheHandlersReadAndItsBytesStayReadable() throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread peer = new Thread(() -> {
      try (Socket s = new Socket("127.0.0.1", port.join())) {
        s.getOutputStream().write(bytes("half a li"));
        s.getOutputStream().flush();
        s.setSoLinger(true, 0); // close sends a reset
      } catch (IOException ignored) {
        // the test checks the server's side
      }
    });
    peer.start();
    Object[] seen = new Object[2];
    EventLoop.run(() -> {
      Event done = new Event();
      TcpServer server = UdpTest.io(() -> Tcp.listen("127.0.0.1", 0, s -> {
        Task<Throwable> f = then(failureOf(TcpStreamAsync.readLine(s)), e -> {
          seen[0] = e;
          seen[1] = s.buffered() > 0 ? new String(TcpStreamAsync.read(s, 100).result(), UTF_8) : "";
          done.set();
          return Task.completed(e);
        });
        return f;
      }));
      port.complete(server.port());
      return then(done.waitUntilSet(), v -> {
        server.close();
        return TcpServerAsync.waitClosed(server);
      });
    });
    peer.join();
    assertInstanceOf(IOException.class, seen[0]);
    // the reset may come with the bytes or after them; never are bytes made up
    assertTrue("".equals(seen[1]) || "half a li".equals(seen[1]), String.valueOf(seen[1]));
  }

  // ---------------------------------------------------------------- half-closes

  @Test
  void aPeerThatHalfClosesFirstStillReceivesWhatIsWrittenAfter() {
    String[] serverGot = new String[1];
    String r = withServer(
        s -> then(TcpStreamAsync.writeString(s, "hello\n"), v -> {
          s.writeEof(); // the server is done talking, not listening
          return then(TcpStreamAsync.readLine(s), line -> {
            serverGot[0] = line;
            return TcpStreamAsync.readLine(s);
          });
        }),
        port -> then(connect(port), c -> then(TcpStreamAsync.readLine(c),
            hello -> then(TcpStreamAsync.read(c, 10), end -> {
              assertEquals(0, end.length);
              assertTrue(c.atEof());
              return then(TcpStreamAsync.writeString(c, "after your eof\n"), v -> {
                c.writeEof();
                return then(until(() -> serverGot[0] != null), w -> {
                  c.close();
                  return Task.completed(hello);
                });
              });
            }))));
    assertEquals("hello", r);
    assertEquals("after your eof", serverGot[0]);
  }

  @Test
  void writeEofWhileAWriteWaitsSendsEveryByteBeforeTheEnd() {
    long total = 6L * 1024 * 1024;
    long[] received = new long[1];
    Long got = withServer(
        s -> then(readAll(s, received), n -> TcpStreamAsync.writeString(s, n + "\n")),
        port -> then(connect(port), c -> {
          Task<Void> w = TcpStreamAsync.write(c, new byte[(int) total]);
          c.writeEof(); // not awaiting the write: the FIN waits for it
          return then(w, v -> then(TcpStreamAsync.readLine(c), line -> Task.completed(Long.parseLong(line))));
        }));
    assertEquals(total, got);
  }

  // ---------------------------------------------------------------- cancellation mid-read

  enum ReadKind {
    READ_EXACTLY, READ_UNTIL, READ_LINE;

    Task<?> start(TcpStream s) {
      switch (this) {
        case READ_EXACTLY:
          return TcpStreamAsync.readExactly(s, 12);
        case READ_UNTIL:
          return TcpStreamAsync.readUntil(s, bytes(";\n"));
        default:
          return TcpStreamAsync.readLine(s);
      }
    }

    String text(Object v) {
      return v instanceof byte[] ? new String((byte[]) v, UTF_8) : (String) v;
    }

    String expected() {
      return this == READ_LINE ? "abcdefghij;" : "abcdefghij;\n";
    }
  }

  enum Stop { CANCEL, TIMEOUT }

  @ParameterizedTest
  @EnumSource(ReadKind.class)
  void aReadCancelledHalfwayLeavesWhatCameForTheNextRead(ReadKind kind) {
    for (Stop stop : Stop.values()) {
      String r = withServer(
          s -> then(TcpStreamAsync.writeString(s, "abcd"), v -> then(TcpStreamAsync.readLine(s),
              go -> TcpStreamAsync.writeString(s, "efghij;\n"))),
          port -> then(connect(port), c -> {
            Task<?> first = stop == Stop.CANCEL ? kind.start(c)
                : TasksAsync.withTimeout(kind.start(c), Duration.ofMillis(5));
            return then(until(() -> c.buffered() == 4 || first.isDone()), y -> {
              if (stop == Stop.CANCEL) {
                assertFalse(first.isDone(), "the read ended with half its bytes");
                first.cancel();
                assertTrue(first.isCancelled());
              }
              return then(failureOf(first), e -> {
                Class<?> expected = stop == Stop.CANCEL ? CancellationException.class
                    : TimeoutException.class;
                assertTrue(expected.isInstance(e), String.valueOf(e));
                assertEquals(4, c.buffered(), "the bytes that came stay buffered");
                return then(TcpStreamAsync.writeString(c, "go\n"), v -> then(kind.start(c), again -> {
                  c.close();
                  return Task.completed(kind.text(again));
                }));
              });
            });
          }));
      assertEquals(kind.expected(), r, stop.toString());
    }
  }

  // ---------------------------------------------------------------- cancellation mid-write

  @ParameterizedTest
  @EnumSource(value = WriteKind.class, names = {"BYTES", "BUFFER", "STRING"})
  void aWriteStoppedHalfwaySaysHowMuchWasSentAndThePeerGetsExactlyThat(WriteKind kind) {
    for (Stop stop : Stop.values()) {
      long[] received = new long[1];
      long[] report = new long[2];
      int size = 8 * 1024 * 1024;
      Long got = withServer(
          s -> then(TcpStreamAsync.readLine(s), go -> then(readAll(s, received),
              n -> TcpStreamAsync.writeString(s, n + "\n"))),
          port -> then(connect(port), c -> then(TcpStreamAsync.writeString(c, "go\n"), v -> {
            Task<Void> inner = kind.write(c, size);
            assertFalse(inner.isDone(), "8 MiB fit in the socket at once");
            Task<Void> w = stop == Stop.CANCEL ? inner
                : TasksAsync.withTimeout(inner, Duration.ofMillis(1));
            if (stop == Stop.CANCEL) {
              w.cancel();
            }
            return then(failureOf(w), e -> {
              Throwable cause = Outcome.of(inner).exception();
              if (cause == null) {
                report[0] = report[1] = size; // the peer read it all before the timeout
              } else {
                WriteCancelledException wc = assertInstanceOf(WriteCancelledException.class, cause);
                report[0] = wc.written();
                report[1] = wc.length();
              }
              assertEquals(0, c.writeBufferSize(), "a stopped write holds nothing");
              c.writeEof();
              return then(TcpStreamAsync.readLine(c), line -> Task.completed(Long.parseLong(line)));
            });
          })));
      assertEquals(size, report[1], stop.toString());
      assertTrue(report[0] <= report[1], stop.toString());
      assertEquals(report[0], (long) got, stop + ": the peer got exactly the bytes said sent");
    }
  }

  @Test
  void aWriteCancelledRightAfterItWasTakenBehindUnsentBytesSaysWhatItSent() {
    byte[] chunk = new byte[256 * 1024]; // what stuckWrite writes
    byte[] big = new byte[16 * 1024 * 1024];
    long[] report = new long[2];
    Event startReading = new Event();
    Long got = withServer(
        s -> then(startReading.waitUntilSet(), go -> then(readAll(s, new long[1]),
            n -> TcpStreamAsync.writeString(s, n + "\n"))),
        port -> then(connect(port), c -> {
          Task<Void> first = stuckWrite(c, 0);
          assertFalse(first.isDone(), "a write to a peer that never reads did not wait");
          // queued behind the first; more than the socket takes at once, so it waits once taken
          Task<Void> second = TcpStreamAsync.write(c, big);
          org.await4j.EventLoop loop = org.await4j.EventLoop.current();
          // the first is released under the low-water mark and the second taken at once, behind
          // what is still unsent; it is cancelled in the same pass, before the socket takes more
          IoLoop.whenDone(first, t -> loop.execute(second::cancel));
          startReading.set();
          return then(failureOf(second), e -> {
            WriteCancelledException wc = assertInstanceOf(WriteCancelledException.class, e);
            report[0] = wc.written();
            report[1] = wc.length();
            c.writeEof();
            return then(TcpStreamAsync.readLine(c), line -> Task.completed(Long.parseLong(line)));
          });
        }));
    assertEquals(big.length, report[1]);
    assertTrue(report[0] >= 0 && report[0] < big.length, String.valueOf(report[0]));
    // every write before it was whole: the peer got whole chunks plus exactly what it said it sent
    assertEquals(0, (got - report[0]) % chunk.length, "received " + got);
  }
}
