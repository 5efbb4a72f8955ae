package org.await4j.benchmarks;

import java.nio.charset.StandardCharsets;

/** What IO-2's three servers share: the same bytes on the wire, the same "ready" line. */
final class IO2Http {
  private IO2Http() {}

  static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);

  /** The whole response, head and body, as the three servers send it. */
  static byte[] response(boolean keepAlive) {
    String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length
        + (keepAlive ? "\r\n" : "\r\nConnection: close\r\n") + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + BODY.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(BODY, 0, all, h.length, BODY.length);
    return all;
  }

  /** Tells benchmarks/run-io2 that the server listens. */
  static void ready(String name, int port) {
    System.out.println(name + " listening on " + port);
    System.out.flush();
  }
}
