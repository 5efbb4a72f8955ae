package org.await4j.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * IO-2's virtual-thread baseline: a blocking HTTP/1.1 keep-alive "hello" server, a virtual thread
 * per connection (JDK 21+; run with {@value VirtualThreads#ONE_CARRIER} for one carrier).
 */
public class IO2VirtualThreadHttp {
  static final byte[] KEEP_ALIVE = IO2Http.response(true);
  static final byte[] CLOSE = IO2Http.response(false);

  public static void main(String[] args) throws Exception {
    ThreadFactory virtual = VirtualThreads.factory();
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
    Thread acceptor = virtual.newThread(() -> {
      try {
        for (;;) {
          Socket s = server.accept();
          s.setTcpNoDelay(true);
          virtual.newThread(() -> serve(s)).start();
        }
      } catch (IOException e) {
        e.printStackTrace();
      }
    });
    acceptor.start();
    IO2Http.ready("virtual threads", server.getLocalPort());
    acceptor.join();
  }

  static void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
      OutputStream out = s.getOutputStream();
      StringBuilder line = new StringBuilder(128);
      for (;;) {
        String requestLine = readLine(in, line);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        boolean keepAlive = requestLine.endsWith("HTTP/1.1");
        String header;
        while ((header = readLine(in, line)) != null && !header.isEmpty()) {
          if (header.regionMatches(true, 0, "connection:", 0, 11)) {
            String h = header.toLowerCase(Locale.ROOT);
            keepAlive = h.contains("keep-alive") || keepAlive && !h.contains("close");
          }
        }
        out.write(keepAlive ? KEEP_ALIVE : CLOSE);
        if (!keepAlive || header == null) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** A line without its CRLF, as ASCII; null at the end of the stream. */
  static String readLine(InputStream in, StringBuilder line) throws IOException {
    line.setLength(0);
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.append((char) b);
    }
    if (b < 0 && line.length() == 0) {
      return null;
    }
    int len = line.length();
    if (len > 0 && line.charAt(len - 1) == '\r') {
      line.setLength(len - 1);
    }
    return line.toString();
  }
}
