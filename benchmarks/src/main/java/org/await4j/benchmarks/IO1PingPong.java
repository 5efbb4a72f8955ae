package org.await4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.await4j.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IO-1: 1-byte ping-pong over {@value #CONNECTIONS} loopback connections, clients and server in
 * one process; one op is one round trip. Each invocation opens the connections, makes {@value
 * #ROUNDS} round trips on each and closes them (the setup is spread over the round trips).
 * await4j runs clients and server on one loop thread; the raw NIO baseline on one selector
 * thread; the virtual-thread baseline blocks a thread per socket end, on one carrier (JDK 21+).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class IO1PingPong {
  static final int CONNECTIONS = 100;
  static final int ROUNDS = 500;
  static final int TRIPS = CONNECTIONS * ROUNDS;

  final PingPong pingPong = new PingPong();

  @Benchmark
  @OperationsPerInvocation(TRIPS)
  public int await4j() {
    return EventLoop.run(() -> PingPongAsync.run(pingPong, CONNECTIONS, ROUNDS));
  }

  /** The floor: one selector, both ends of every connection, no abstraction. */
  @Benchmark
  @OperationsPerInvocation(TRIPS)
  public int rawNio() throws IOException {
    try (Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0), CONNECTIONS);
      List<SocketChannel> all = new ArrayList<>();
      int[] left = new int[CONNECTIONS];
      for (int i = 0; i < CONNECTIONS; i++) {
        SocketChannel c = SocketChannel.open(server.getLocalAddress()); // blocking connect
        SocketChannel s = server.accept();
        for (SocketChannel ch : new SocketChannel[] {c, s}) {
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.configureBlocking(false);
          all.add(ch);
        }
        left[i] = ROUNDS;
        c.register(selector, SelectionKey.OP_READ, i); // a client: Integer attachment
        s.register(selector, SelectionKey.OP_READ, null); // a server end
        c.write(ByteBuffer.wrap(PingPong.ONE));
      }
      ByteBuffer buf = ByteBuffer.allocateDirect(64);
      int[] done = {0};
      int[] trips = {0};
      while (done[0] < CONNECTIONS) {
        selector.select(key -> {
          SocketChannel ch = (SocketChannel) key.channel();
          try {
            buf.clear();
            int n = ch.read(buf);
            if (n <= 0) {
              key.cancel();
              return;
            }
            Object who = key.attachment();
            if (who == null) {
              buf.flip();
              ch.write(buf); // the server echoes
            } else {
              trips[0]++;
              int i = (Integer) who;
              if (--left[i] > 0) {
                buf.flip();
                ch.write(buf);
              } else {
                done[0]++;
              }
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
      for (SocketChannel ch : all) {
        ch.close();
      }
      return trips[0];
    }
  }

  /** Virtual threads with one carrier thread (JDK 21+). */
  @State(Scope.Thread)
  public static class Carrier {
    ThreadFactory factory;

    @Setup(Level.Trial)
    public void setUp() {
      VirtualThreads.checkOneCarrier();
      factory = VirtualThreads.factory();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TRIPS)
  @Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
      VirtualThreads.ONE_CARRIER})
  public int virtualThread(Carrier carrier) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0), CONNECTIONS);
      int port = server.getLocalPort();
      List<Thread> threads = new ArrayList<>();
      int[] trips = new int[CONNECTIONS];
      Thread acceptor = carrier.factory.newThread(() -> {
        for (int i = 0; i < CONNECTIONS; i++) {
          try {
            Socket s = server.accept();
            Thread t = carrier.factory.newThread(() -> echo(s));
            t.start();
            synchronized (threads) {
              threads.add(t);
            }
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.start();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        int n = i;
        Thread t = carrier.factory.newThread(() -> trips[n] = client(port));
        t.start();
        clients.add(t);
      }
      for (Thread t : clients) {
        t.join();
      }
      acceptor.join();
      synchronized (threads) {
        for (Thread t : threads) {
          t.join();
        }
      }
      int total = 0;
      for (int t : trips) {
        total += t;
      }
      return total;
    }
  }

  private static void echo(Socket s) {
    try (Socket socket = s) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] one = new byte[1];
      while (in.read(one) > 0) {
        out.write(one);
      }
    } catch (IOException ignored) {
      // the client closed
    }
  }

  private static int client(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] one = {1};
      int trips = 0;
      for (int i = 0; i < ROUNDS; i++) {
        out.write(one);
        if (in.read(one) <= 0) {
          break;
        }
        trips++;
      }
      return trips;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
