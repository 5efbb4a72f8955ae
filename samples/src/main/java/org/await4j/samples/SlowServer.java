package org.await4j.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server for the samples: every request waits a fixed delay, then answers {@code
 * 200} with a short text, except {@code /broken}, which answers {@code 500}. It serves several
 * requests at once, so concurrent clients see the delay once, not once per request.
 */
final class SlowServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private final long delayMillis;

  private SlowServer(long delayMillis) throws IOException {
    this.delayMillis = delayMillis;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    this.threads = Executors.newFixedThreadPool(16);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
  }

  /** Starts a server on a free port of 127.0.0.1. */
  static SlowServer start(long delayMillis) throws IOException {
    SlowServer s = new SlowServer(delayMillis);
    s.server.start();
    return s;
  }

  /** The full URL of {@code path} on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String path = exchange.getRequestURI().getPath();
    int status = path.equals("/broken") ? 500 : 200;
    byte[] body = ("contents of " + path).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
