package org.await4j.samples;

import static org.await4j.Await.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.io.Tcp;
import org.await4j.io.TcpServer;
import org.await4j.io.TcpStream;

/**
 * asyncio's echo server and client: a server that sends every line back, and three clients
 * talking to it at once, all on one thread. Run with {@code -Dexec.mainClass=...EchoServer}.
 */
public class EchoServer {
  /** One connection: each line comes back until the client closes its side. */
  @Async
  void serve(TcpStream stream) throws IOException {
    String line;
    while ((line = stream.readLine()) != null) {
      stream.writeString("echo: " + line + "\n");
    }
  }

  @Async
  List<String> client(int port, String name, int lines) throws IOException {
    List<String> replies = new ArrayList<>();
    try (TcpStream c = Tcp.connect("127.0.0.1", port, Duration.ofSeconds(5))) {
      for (int i = 1; i <= lines; i++) {
        c.writeString(name + " line " + i + "\n");
        replies.add(c.readLine());
      }
    }
    return replies;
  }

  @Async
  List<String> run() throws IOException {
    try (TcpServer server = Tcp.listen("127.0.0.1", 0, s -> EchoServerAsync.serve(this, s))) {
      List<Task<List<String>>> clients = new ArrayList<>();
      for (String name : List.of("ann", "bob", "cy")) {
        clients.add(Tasks.spawn(() -> EchoServerAsync.client(this, server.port(), name, 2)));
      }
      List<String> all = new ArrayList<>();
      for (Task<List<String>> c : clients) {
        all.addAll(await(c));
      }
      return all;
    }
  }

  public static void main(String[] args) {
    for (String reply : EventLoop.run(() -> EchoServerAsync.run(new EchoServer()))) {
      System.out.println(reply);
    }
  }
}
