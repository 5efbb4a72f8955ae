package org.await4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.io.Tcp;
import org.await4j.io.TcpServer;
import org.await4j.io.TcpStream;

/**
 * IO-2's await4j server: HTTP/1.1 keep-alive "hello" on one event loop, written with {@code @Async}
 * methods as a user would (the shape of samples' HelloHttp). {@code main(port)} serves until
 * killed; benchmarks/run-io2 puts wrk on it beside {@link IO2NettyHttp} and {@link
 * IO2VirtualThreadHttp}.
 */
public class IO2Await4jHttp {
  static final byte[] KEEP_ALIVE = IO2Http.response(true);
  static final byte[] CLOSE = IO2Http.response(false);

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
        if (header.regionMatches(true, 0, "connection:", 0, 11)) {
          String h = header.toLowerCase(Locale.ROOT);
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
    TcpServer server = Tcp.listen("127.0.0.1", port, s -> IO2Await4jHttpAsync.serve(this, s));
    IO2Http.ready("await4j", server.port());
    server.waitClosed();
  }

  public static void main(String[] args) {
    IO2Await4jHttp http = new IO2Await4jHttp();
    EventLoop.run(() -> IO2Await4jHttpAsync.serveForever(http, Integer.parseInt(args[0])));
  }
}
