package org.await4j.samples;

import static org.await4j.Await.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * The asyncio classic: fetch several URLs at once. Each request takes {@value #DELAY_MILLIS} ms
 * on the server, yet all of them together take about that long too, on a single thread.
 *
 * <p>The processor compiles each {@code @Async} method into a state machine and writes {@code
 * FetchAllAsync}, whose static methods start the machine and return a {@link Task}. Look at it in
 * {@code samples/target/generated-sources/annotations}.
 */
public class FetchAll {
  private static final long DELAY_MILLIS = 500;

  private final HttpClient http = HttpClient.newHttpClient();

  /** Fetches one URL; suspends (without blocking the thread) until the response is there. */
  @Async
  String fetchData(String url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
    HttpResponse<String> r = await(http.sendAsync(request, BodyHandlers.ofString()));
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode());
    }
    return r.body();
  }

  /** Starts every fetch first, then awaits each one: the waits overlap. */
  @Async
  List<String> fetchAll(List<String> urls) {
    List<Task<String>> tasks = new ArrayList<>();
    for (String url : urls) {
      tasks.add(FetchAllAsync.fetchData(this, url)); // starts the fetch, does not wait for it
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      try {
        String body = await(tasks.get(i)); // rethrows fetchData's IOException as it is
        lines.add(urls.get(i) + " -> " + body);
      } catch (Exception e) {
        lines.add(urls.get(i) + " failed: " + e);
      }
    }
    return lines;
  }

  public static void main(String[] args) throws IOException {
    try (SlowServer server = SlowServer.start(DELAY_MILLIS)) {
      List<String> urls = List.of(
          server.url("/users"),
          server.url("/orders"),
          server.url("/broken"),
          server.url("/products"),
          server.url("/reviews"));
      FetchAll sample = new FetchAll();

      long start = System.nanoTime();
      List<String> lines = EventLoop.run(() -> FetchAllAsync.fetchAll(sample, urls));
      long took = (System.nanoTime() - start) / 1_000_000;

      lines.forEach(System.out::println);
      System.out.printf("%d fetches of %d ms each took %d ms (sequential would take %d ms)%n",
          urls.size(), DELAY_MILLIS, took, urls.size() * DELAY_MILLIS);
    }
  }
}
