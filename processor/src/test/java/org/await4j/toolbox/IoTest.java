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

        @Async String files(java.nio.file.Path dir) throws IOException {
          java.nio.file.Path p = dir.resolve("notes.txt");
          org.await4j.io.FileIo.writeString(p, "one\\ntwo\\n");
          String back = org.await4j.io.FileIo.readString(p);
          try (org.await4j.io.OpenFile f = org.await4j.io.FileIo.open(p,
              java.nio.file.StandardOpenOption.READ)) {
            back += "|" + new String(f.read(4, 3));
          }
          try {
            org.await4j.io.FileIo.readString(dir.resolve("missing"));
            return "no exception";
          } catch (java.nio.file.NoSuchFileException e) {
            return back + "|missing";
          }
        }

        @Async String sorted() throws IOException {
          org.await4j.io.Subprocess p = org.await4j.io.Subprocess.start(List.of("sort"));
          org.await4j.io.Subprocess.Completed r = p.communicate("b\\na\\n".getBytes());
          return r.exitCode() + ":" + r.stdoutText().replace("\\n", ",");
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
  void filesAreReadAndWrittenWithCheckedExceptionsCaughtAsWritten(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Object self = CODE.newInstance();
    Object result = EventLoop.run(() -> CODE.start(self, "files", dir));
    assertThat(result).isEqualTo("one\ntwo\n|two|missing");
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
  void aSubprocessCommunicates() {
    Object self = CODE.newInstance();
    Object result = EventLoop.run(() -> CODE.start(self, "sorted"));
    assertThat(result).isEqualTo("0:a,b,");
  }

  @Test
  void aTimeoutAroundAReadLeavesTheStreamUsable() {
    Object self = CODE.newInstance();
    Object result = EventLoop.run(() -> CODE.start(self, "silentPeer"));
    assertThat(result).isEqualTo("timed out, buffered 0");
  }
}
