package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import org.await4j.EventLoop;
import org.junit.jupiter.api.Test;

/** org.await4j.io used from @Async bodies compiled by the processor: echo, lines, timeouts. */
class IoTest {
  static final Compiled CODE = Compiled.of("io.Echo", """
      package io;

      import java.io.IOException;
      import java.time.Duration;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.TimeoutException;
      import org.await4j.Async;
      import org.await4j.Tasks;
      import org.await4j.Timeout;
      import org.await4j.io.IncompleteReadException;
      import org.await4j.io.Tcp;
      import org.await4j.io.TcpServer;
      import org.await4j.io.TcpStream;
      import org.await4j.io.TcpStreamAsync;
      import static org.await4j.Await.await;

      public class Echo {
        public Echo() {}

        @Async void serve(TcpStream s) throws IOException {
          String line;
          while ((line = s.readLine()) != null) {
            s.writeString(line.toUpperCase() + "\\n");
          }
        }

        @Async List<String> talk(int port, List<String> lines) throws IOException {
          List<String> replies = new ArrayList<>();
          try (TcpStream c = Tcp.connect("127.0.0.1", port, Duration.ofSeconds(5))) {
            for (String l : lines) {
              c.writeString(l + "\\n");
              replies.add(c.readLine());
            }
          }
          return replies;
        }

        @Async List<String> run(List<String> lines) throws IOException {
          try (TcpServer server = Tcp.listen("127.0.0.1", 0, s -> EchoAsync.serve(this, s))) {
            List<String> a = await(Tasks.spawn(() -> EchoAsync.talk(this, server.port(), lines)));
            List<String> b = talk(server.port(), lines);
            a.addAll(b);
            return a;
          }
        }

        @Async String partial() throws IOException {
          try (TcpServer server = Tcp.listen("127.0.0.1", 0, s -> TcpStreamAsync.writeString(s, "abc"))) {
            TcpStream c = Tcp.connect("127.0.0.1", server.port());
            try {
              c.readExactly(10);
              return "no exception";
            } catch (IncompleteReadException e) {
              return new String(e.partial()) + " of " + e.expected();
            } finally {
              c.close();
            }
          }
        }

        @Async String silentPeer() throws IOException {
          try (TcpServer server = Tcp.listen("127.0.0.1", 0, s -> TcpStreamAsync.readLine(s))) {
            TcpStream c = Tcp.connect("127.0.0.1", server.port());
            try (Timeout t = Timeout.after(Duration.ofMillis(50))) {
              c.readLine(); // the server never writes
              return "read something";
            } catch (TimeoutException e) {
              c.writeString("after the timeout\\n"); // the stream is still usable
              return "timed out, buffered " + c.buffered();
            } finally {
              c.close();
            }
          }
        }
      }
      """);

  @Test
  void anEchoServerAndItsClientsWrittenAsAsyncMethods() {
    Object self = CODE.newInstance();
    Object result = EventLoop.run(() -> CODE.start(self, "run", java.util.List.of("a", "bc")));
    assertThat(result).isEqualTo(java.util.List.of("A", "BC", "A", "BC"));
  }

  @Test
  void anIncompleteReadCarriesThePartialData() {
    Object self = CODE.newInstance();
    Object result = EventLoop.run(() -> CODE.start(self, "partial"));
    assertThat(result).isEqualTo("abc of 10");
  }

  @Test
  void aTimeoutAroundAReadLeavesTheStreamUsable() {
    Object self = CODE.newInstance();
    Object result = EventLoop.run(() -> CODE.start(self, "silentPeer"));
    assertThat(result).isEqualTo("timed out, buffered 0");
  }
}
