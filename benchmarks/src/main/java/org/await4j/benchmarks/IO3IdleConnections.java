package org.await4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.await4j.EventLoop;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IO-3: heap per idle connection. {@value #CONNECTIONS} loopback connections are opened to a
 * server whose per-connection code waits for input that never comes; the heap grows, between
 * full collections before the connects and after every connection waits, by what the server
 * keeps per connection (plus the clients' connect state, the same for every system: the client
 * channels themselves were made before). Auxiliary counters as in W5 ({@code retainedBytes /
 * connections}); the time score is meaningless.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class IO3IdleConnections {
  static final int CONNECTIONS = 4000;
  /** Connections opened at once, under the backlog (1024). */
  static final int BATCH = 256;

  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Kept {
    public long retainedBytes;
    public long connections;

    @Setup(Level.Iteration)
    public void reset() {
      retainedBytes = 0;
      connections = 0;
    }
  }

  final PingPong code = new PingPong();

  @Benchmark
  public long await4j(Kept kept) {
    long bytes = EventLoop.run(() -> PingPongAsync.idleHeap(code, CONNECTIONS));
    kept.retainedBytes += bytes;
    kept.connections += CONNECTIONS;
    return bytes;
  }

  /** The floor: accepted channels registered for reading, nothing else. */
  @Benchmark
  public long rawNio(Kept kept) throws IOException {
    SocketChannel[] clients = clients();
    List<SocketChannel> accepted = new ArrayList<>();
    try (Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
      long before = Retention.usedAfterGc();
      for (int i = 0; i < CONNECTIONS; i++) {
        clients[i].connect(address);
        if (i % BATCH == BATCH - 1 || i == CONNECTIONS - 1) {
          acceptUpTo(selector, server, accepted, i + 1);
        }
      }
      long bytes = Retention.usedAfterGc() - before;
      kept.retainedBytes += bytes;
      kept.connections += CONNECTIONS;
      close(clients, accepted);
      return bytes;
    }
  }

  private static void acceptUpTo(Selector selector, ServerSocketChannel server,
      List<SocketChannel> accepted, int n) throws IOException {
      while (accepted.size() < n) {
        selector.select(key -> {
          try {
            SocketChannel s;
            while ((s = server.accept()) != null) {
              s.configureBlocking(false);
              s.register(selector, SelectionKey.OP_READ);
              accepted.add(s);
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
  }

  @State(Scope.Thread)
  public static class Carrier {
    ThreadFactory factory;

    @Setup(Level.Trial)
    public void setUp() {
      VirtualThreads.checkOneCarrier();
      factory = VirtualThreads.factory();
    }
  }

  /** A virtual thread per connection, blocked in a 1-byte read (JDK 21+). */
  @Benchmark
  @Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
      VirtualThreads.ONE_CARRIER})
  public long virtualThread(Kept kept, Carrier carrier) throws Exception {
    SocketChannel[] clients = clients();
    List<SocketChannel> none = new ArrayList<>();
    List<Socket> accepted = new ArrayList<>();
    AtomicInteger reading = new AtomicInteger();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
      InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
      long before = Retention.usedAfterGc();
      Thread acceptor = carrier.factory.newThread(() -> {
        for (int i = 0; i < CONNECTIONS; i++) {
          try {
            Socket s = server.accept();
            synchronized (accepted) {
              accepted.add(s);
            }
            carrier.factory.newThread(() -> {
              try {
                InputStream in = s.getInputStream();
                reading.incrementAndGet();
                in.read(new byte[1]);
              } catch (IOException ignored) {
                // closed at the end
              }
            }).start();
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.start();
      for (int i = 0; i < CONNECTIONS; i++) {
        clients[i].connect(address);
        while (i % BATCH == BATCH - 1 && reading.get() <= i) {
          Thread.sleep(1);
        }
      }
      acceptor.join();
      while (reading.get() < CONNECTIONS) {
        Thread.sleep(1);
      }
      Thread.sleep(100); // the last threads park in their reads
      long bytes = Retention.usedAfterGc() - before;
      kept.retainedBytes += bytes;
      kept.connections += CONNECTIONS;
      for (Socket s : accepted) {
        s.close();
      }
      close(clients, none);
      return bytes;
    }
  }

  private static SocketChannel[] clients() throws IOException {
    SocketChannel[] clients = new SocketChannel[CONNECTIONS];
    for (int i = 0; i < CONNECTIONS; i++) {
      clients[i] = SocketChannel.open();
      clients[i].configureBlocking(false);
    }
    return clients;
  }

  private static void close(SocketChannel[] clients, List<SocketChannel> accepted)
      throws IOException {
    for (SocketChannel c : clients) {
      c.close();
    }
    for (SocketChannel s : accepted) {
      s.close();
    }
  }
}
