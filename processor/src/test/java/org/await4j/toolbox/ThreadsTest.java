package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.await4j.EventLoop;
import org.await4j.EventLoopGroup;
import org.junit.jupiter.api.Test;

/** toThread, submit from other threads (run_coroutine_threadsafe), and a group of loops. */
class ThreadsTest {
  static final Compiled CODE = Compiled.of("threads.Work", """
      package threads;

      import java.time.Duration;
      import org.await4j.Async;
      import org.await4j.Tasks;
      import static org.await4j.Await.await;

      public class Work {
        public Work() {}

        @Async String offTheLoop() {
          String loop = Thread.currentThread().getName();
          String worker = await(Tasks.toThread(() -> {
            Thread.sleep(5); // blocking is fine here
            return Thread.currentThread().getName();
          }));
          return loop + "|" + worker + "|" + Thread.currentThread().getName();
        }

        @Async String failsOffTheLoop() {
          return await(Tasks.toThread(() -> { throw new java.io.IOException("disk"); }));
        }

        @Async String staysOnItsLoop(int i) {
          String before = Thread.currentThread().getName();
          await(Tasks.sleep(Duration.ofMillis(2)));
          await(Tasks.toThread(() -> i));
          return before + "=" + Thread.currentThread().getName();
        }
      }
      """);

  @Test
  void toThreadRunsBlockingCodeElsewhereAndResumesOnTheLoop() {
    Object self = CODE.newInstance();
    String result = EventLoop.run(() -> CODE.start(self, "offTheLoop"));
    String[] parts = result.split("\\|");
    assertThat(parts).hasLength(3);
    assertThat(parts[0]).isEqualTo(parts[2]);
    assertThat(parts[1]).isNotEqualTo(parts[0]);
  }

  @Test
  void aFailureOffTheLoopIsRethrownUnchanged() {
    Object self = CODE.newInstance();
    try {
      EventLoop.run(() -> CODE.start(self, "failsOffTheLoop"));
      throw new AssertionError("expected an IOException");
    } catch (Exception e) {
      assertThat(e).isInstanceOf(java.io.IOException.class);
      assertThat(e).hasMessageThat().isEqualTo("disk");
    }
  }

  @Test
  void aGroupRunsEachTaskOnTheLoopItStartedOn() throws Exception {
    EventLoopGroup group = new EventLoopGroup(2);
    Object self = CODE.newInstance();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int n = i;
      results.add(group.<String>submit(() -> CODE.start(self, "staysOnItsLoop", n)));
    }
    java.util.Set<String> loops = new java.util.HashSet<>();
    for (CompletableFuture<String> f : results) {
      String[] names = f.get(10, TimeUnit.SECONDS).split("=");
      assertThat(names[1]).isEqualTo(names[0]);
      loops.add(names[0]);
    }
    assertThat(loops).containsExactly("await4j-loop-1", "await4j-loop-2");
  }

  @Test
  void submitFromAPlainThreadAndCancelThroughTheFuture() throws Exception {
    EventLoop loop = EventLoop.startOnNewThread("await4j-test-loop");
    Object self = CODE.newInstance();
    String result = loop.<String>submit(() -> CODE.start(self, "offTheLoop"))
        .get(10, TimeUnit.SECONDS);
    assertThat(result).startsWith("await4j-test-loop|");
    CompletableFuture<String> slow =
        loop.<String>submit(() -> CODE.start(self, "staysOnItsLoop", 1));
    slow.cancel(false);
    assertThat(slow.isCancelled()).isTrue();
  }
}
