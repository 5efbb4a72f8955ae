package org.await4j.benchmarks;

import static org.await4j.Await.await;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.io.Tcp;
import org.await4j.io.TcpServer;
import org.await4j.io.TcpStream;

/** IO-1's await4j side: 1-byte ping-pong, clients and server on one loop; IO-3's idle handler. */
public class PingPong {
  static final byte[] ONE = {1};

  @Async
  void echo(TcpStream s) throws IOException {
    while (s.read(1).length > 0) {
      s.write(ONE);
    }
  }

  @Async
  int client(int port, int rounds) throws IOException {
    try (TcpStream c = Tcp.connect("127.0.0.1", port)) {
      for (int i = 0; i < rounds; i++) {
        c.write(ONE);
        c.readExactly(1);
      }
    }
    return rounds;
  }

  /** {@code connections} clients, {@code rounds} round trips each; returns the round trips. */
  @Async
  int run(int connections, int rounds) throws IOException {
    try (TcpServer server = Tcp.listen("127.0.0.1", 0, s -> PingPongAsync.echo(this, s))) {
      List<Task<Integer>> clients = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        clients.add(Tasks.spawn(() -> PingPongAsync.client(this, server.port(), rounds)));
      }
      int total = 0;
      for (Task<Integer> c : clients) {
        total += await(c);
      }
      return total;
    }
  }

  /**
   * IO-3: the heap that {@code n} idle connections add (server side, each handler suspended in a
   * read; the clients' unregistered channels were made before the first measurement).
   */
  @Async
  long idleHeap(int n) throws IOException {
    java.nio.channels.SocketChannel[] clients = new java.nio.channels.SocketChannel[n];
    for (int i = 0; i < n; i++) {
      clients[i] = java.nio.channels.SocketChannel.open();
      clients[i].configureBlocking(false);
    }
    try (TcpServer server = Tcp.listen("127.0.0.1", 0, s -> PingPongAsync.idle(this, s))) {
      java.net.InetSocketAddress address = new java.net.InetSocketAddress("127.0.0.1",
          server.port());
      long before = Retention.usedAfterGc();
      for (int i = 0; i < n; i++) {
        clients[i].connect(address);
        // in batches under the backlog: SYNs dropped by a full queue come back only seconds later
        while (i % IO3IdleConnections.BATCH == IO3IdleConnections.BATCH - 1
            && server.clientCount() <= i) {
          await(Tasks.sleep(java.time.Duration.ofMillis(1)));
        }
      }
      while (server.clientCount() < n) {
        await(Tasks.sleep(java.time.Duration.ofMillis(1)));
      }
      await(Tasks.yieldNow()); // every handler has started and waits in its read
      await(Tasks.yieldNow());
      long after = Retention.usedAfterGc();
      for (java.nio.channels.SocketChannel c : clients) {
        c.close();
      }
      server.abortClients();
      return after - before;
    }
  }

  /** IO-3: a connection that waits for a line that never comes. */
  @Async
  void idle(TcpStream s) throws IOException {
    s.readLine();
  }
}
