package org.await4j.samples;

import static org.await4j.Await.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.io.FileIo;
import org.await4j.io.Tcp;
import org.await4j.io.TcpServer;
import org.await4j.io.TcpStream;
import org.await4j.sync.Semaphore;

/**
 * A crawler: follows the links of a local site level by level, at most four fetches at once (a
 * semaphore), and writes what it found to a file. The site, served on the same loop, has pages
 * /1 to /40, page n linking to 2n and 2n+1.
 */
public class Crawler {
  static final int PAGES = 40;
  static final Pattern LINK = Pattern.compile("href=\"(/\\d+)\"");
  final Semaphore fetches = new Semaphore(4);
  int running;
  int mostAtOnce;

  /** The site: one request per connection. */
  @Async
  void servePage(TcpStream s) throws IOException {
    String requestLine = s.readLine();
    String header;
    while ((header = s.readLine()) != null && !header.isEmpty()) {
      // no header matters here
    }
    int n = Integer.parseInt(requestLine.split(" ")[1].substring(1));
    StringBuilder html = new StringBuilder("<html><body>page " + n);
    for (int child = 2 * n; child <= 2 * n + 1 && child <= PAGES; child++) {
      html.append(" <a href=\"/").append(child).append("\">").append(child).append("</a>");
    }
    byte[] body = html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
    s.writeString("HTTP/1.1 200 OK\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n");
    s.write(body);
  }

  /** One page's body, fetched on a connection of its own, within the semaphore. */
  @Async
  String fetch(int port, String path) throws IOException {
    await(fetches.acquire());
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    try (TcpStream c = Tcp.connect("127.0.0.1", port)) {
      c.writeString("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      c.readLine(); // the status line
      int length = 0;
      String header;
      while ((header = c.readLine()) != null && !header.isEmpty()) {
        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      return new String(c.readExactly(length), StandardCharsets.UTF_8);
    } finally {
      running--;
      fetches.release();
    }
  }

  @Async
  TreeMap<String, Integer> crawl(int port, String start) {
    TreeMap<String, Integer> sizes = new TreeMap<>();
    Set<String> seen = new LinkedHashSet<>(List.of(start));
    List<String> level = List.of(start);
    while (!level.isEmpty()) {
      List<Task<String>> pages = new ArrayList<>();
      for (String path : level) {
        pages.add(Tasks.spawn(() -> CrawlerAsync.fetch(this, port, path)));
      }
      List<String> next = new ArrayList<>();
      for (int i = 0; i < pages.size(); i++) {
        String body = await(pages.get(i));
        sizes.put(level.get(i), body.length());
        Matcher m = LINK.matcher(body);
        while (m.find()) {
          if (seen.add(m.group(1))) {
            next.add(m.group(1));
          }
        }
      }
      level = next;
    }
    return sizes;
  }

  @Async
  Path run(Path out) throws IOException {
    try (TcpServer site = Tcp.listen("127.0.0.1", 0, s -> CrawlerAsync.servePage(this, s))) {
      TreeMap<String, Integer> sizes = crawl(site.port(), "/1");
      StringBuilder report = new StringBuilder();
      sizes.forEach((path, size) -> report.append(path).append('\t').append(size).append('\n'));
      report.append("pages: ").append(sizes.size()).append(", at most ").append(mostAtOnce)
          .append(" fetches at once\n");
      return FileIo.writeString(out, report);
    }
  }

  public static void main(String[] args) throws IOException {
    Path out = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("crawl", ".tsv");
    Path written = EventLoop.run(() -> CrawlerAsync.run(new Crawler(), out));
    List<String> lines = Files.readAllLines(written);
    System.out.println(written + ": " + lines.get(lines.size() - 1));
  }
}
