package org.await4j.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.io.Tcp;
import org.await4j.io.TcpServer;
import org.await4j.io.TcpStream;

/**
 * A small HTTP/1.1 server with keep-alive, written with {@code @Async} methods: GET requests only,
 * every path answered with "hello". {@code main} with {@code --serve PORT} serves until killed
 * (for a load generator such as {@code wrk}); without arguments it serves three requests made on
 * one kept-alive connection by the client below and prints the answers.
 */
public class HelloHttp {
  static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);
  static final byte[] KEEP_ALIVE = response(true);
  static final byte[] CLOSE = response(false);

  static byte[] response(boolean keepAlive) {
    String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length
        + (keepAlive ? "\r\n" : "\r\nConnection: close\r\n") + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + BODY.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(BODY, 0, all, h.length, BODY.length);
    return all;
  }

  /** One connection: requests one after the other while the client keeps it alive. */
  @Async
  void serve(TcpStream s) throws IOException {
    for (;;) {
      String requestLine = s.readLine();
      if (requestLine == null || requestLine.isEmpty()) {
        return; // the client closed the connection
      }
      boolean keepAlive = requestLine.endsWith("HTTP/1.1");
      String header;
      while ((header = s.readLine()) != null && !header.isEmpty()) {
        String h = header.toLowerCase(Locale.ROOT);
        if (h.startsWith("connection:")) {
          keepAlive = h.contains("keep-alive") || keepAlive && !h.contains("close");
        }
      }
      s.write(keepAlive ? KEEP_ALIVE : CLOSE);
      if (!keepAlive || header == null) {
        return;
      }
    }
  }

  @Async
  void serveForever(int port) throws IOException {
    TcpServer server = Tcp.listen(null, port, s -> HelloHttpAsync.serve(this, s));
    System.out.println("serving http://localhost:" + server.port() + "/");
    server.waitClosed();
  }

  /** A minimal client: one GET on a kept-alive connection; returns status line and body. */
  @Async
  static String get(TcpStream c, String path) throws IOException {
    c.writeString("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    String status = c.readLine();
    int length = 0;
    String header;
    while ((header = c.readLine()) != null && !header.isEmpty()) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(header.substring(15).trim());
      }
    }
    return status + " / " + new String(c.readExactly(length), StandardCharsets.UTF_8);
  }

  @Async
  String demo() throws IOException {
    StringBuilder out = new StringBuilder();
    try (TcpServer server = Tcp.listen("127.0.0.1", 0, s -> HelloHttpAsync.serve(this, s));
        TcpStream c = Tcp.connect("127.0.0.1", server.port())) {
      for (String path : new String[] {"/", "/a", "/b"}) {
        out.append(path).append(" -> ").append(get(c, path)).append('\n');
      }
    }
    return out.toString();
  }

  public static void main(String[] args) {
    HelloHttp http = new HelloHttp();
    if (args.length == 2 && args[0].equals("--serve")) {
      EventLoop.run(() -> HelloHttpAsync.serveForever(http, Integer.parseInt(args[1])));
    } else {
      System.out.print(EventLoop.run(() -> HelloHttpAsync.demo(http)));
    }
  }
}
