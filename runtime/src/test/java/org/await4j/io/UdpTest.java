package org.await4j.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.await4j.io.Chain.then;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** UDP endpoints over loopback. */
class UdpTest {
  interface Io<T> {
    T get() throws IOException;
  }

  static <T> T io(Io<T> body) {
    try {
      return body.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aDatagramAndItsReply() {
    String reply = EventLoop.run(() -> {
      DatagramEndpoint server = io(() -> Udp.bind("127.0.0.1", 0));
      DatagramEndpoint client = io(() -> Udp.connect("127.0.0.1", io(server::port)));
      Task<Void> serving = then(DatagramEndpointAsync.receive(server), d ->
          DatagramEndpointAsync.send(server, ("re: " + new String(d.data(), UTF_8)).getBytes(UTF_8),
              d.sender()));
      return then(DatagramEndpointAsync.send(client, "ping".getBytes(UTF_8)), v ->
          then(serving, w -> then(DatagramEndpointAsync.receive(client), d -> {
            server.close();
            client.close();
            return Task.completed(new String(d.data(), UTF_8));
          })));
    });
    assertEquals("re: ping", reply);
  }

  @Test
  void theReceiveQueueIsBoundedAndACancelledReceiveLosesNothing() {
    List<String> got = EventLoop.run(() -> {
      DatagramEndpoint server = io(() -> Udp.bind("127.0.0.1", 0, 4));
      DatagramEndpoint client = io(() -> Udp.connect("127.0.0.1", io(server::port)));
      Task<Datagram> cancelled = DatagramEndpointAsync.receive(server);
      cancelled.cancel();
      Task<Void> sent = Task.completed(null);
      for (int i = 0; i < 10; i++) {
        String m = "m" + i;
        sent = then(sent, v -> DatagramEndpointAsync.send(client, m.getBytes(UTF_8)));
      }
      return then(sent, v -> then(TcpStreamTest.until(() -> server.queued() == 4), w -> {
        List<String> out = new ArrayList<>();
        return then(Chain.repeat(4, i -> then(DatagramEndpointAsync.receive(server), d -> {
          out.add(new String(d.data(), UTF_8));
          return Task.completed(null);
        })), x -> {
          assertTrue(server.queued() <= 4);
          server.close();
          client.close();
          return Task.completed(out);
        });
      }));
    });
    assertEquals(List.of("m0", "m1", "m2", "m3"), got.subList(0, 4));
  }
}
