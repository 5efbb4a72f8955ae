package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.await4j.Task;
import org.await4j.VirtualTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tasks' combinators awaited from real @Async bodies, on virtual time. */
class CombinatorsTest {
  static final String SOURCE = """
      package toolbox;

      import static org.await4j.Await.await;

      import java.io.IOException;
      import java.time.Duration;
      import java.util.ArrayList;
      import java.util.Collections;
      import java.util.List;
      import java.util.concurrent.CancellationException;
      import org.await4j.AsCompleted;
      import org.await4j.Async;
      import org.await4j.Outcome;
      import org.await4j.Task;
      import org.await4j.Tasks;
      import org.await4j.WaitMode;
      import org.await4j.WaitResult;

      public class Shop {
        public final List<String> trace = Collections.synchronizedList(new ArrayList<>());

        static Duration ms(long millis) {
          return Duration.ofMillis(millis);
        }

        @Async String fetch(String what, long millis) {
          trace.add("fetch " + what);
          try {
            await(Tasks.sleep(ms(millis)));
            trace.add("fetched " + what);
            return what;
          } catch (CancellationException e) {
            trace.add("cancelled " + what);
            throw e;
          }
        }

        @Async String failAfter(String what, long millis) throws IOException {
          await(Tasks.sleep(ms(millis)));
          trace.add("failing " + what);
          throw new IOException(what);
        }

        @Async String slowCleanup(String what, long millis, long cleanupMillis) {
          try {
            await(Tasks.sleep(ms(millis)));
            return what;
          } finally {
            trace.add("cleanup " + what);
            await(Tasks.sleep(ms(cleanupMillis)));
            trace.add("cleaned " + what);
          }
        }

        @Async List<String> gather() {
          return await(Tasks.all(ShopAsync.fetch(this, "a", 30), ShopAsync.fetch(this, "b", 10)));
        }

        @Async String gatherFails() {
          Task<String> slow = ShopAsync.fetch(this, "slow", 50);
          try {
            await(Tasks.all(slow, ShopAsync.failAfter(this, "bad", 10)));
            return "unreachable";
          } catch (Exception e) {
            trace.add("gather threw " + e.getMessage());
            return await(slow); // asyncio: the others keep running
          }
        }

        @Async List<String> settled() {
          List<String> out = new ArrayList<>();
          for (Outcome<String> o : await(Tasks.allSettled(ShopAsync.fetch(this, "a", 10),
              ShopAsync.failAfter(this, "b", 5)))) {
            out.add(o.isSuccess() ? o.result() : "failed " + o.exception().getMessage());
          }
          return out;
        }

        @Async String first() {
          return await(Tasks.any(ShopAsync.failAfter(this, "x", 5), ShopAsync.fetch(this, "y", 20),
              ShopAsync.slowCleanup(this, "z", 50, 7)));
        }

        @Async String race() {
          try {
            return await(Tasks.race(ShopAsync.failAfter(this, "x", 5),
                ShopAsync.fetch(this, "y", 20)));
          } catch (Exception e) {
            return "race lost: " + e.getMessage();
          }
        }

        @Async List<String> completionOrder() {
          List<Task<String>> ts = List.of(ShopAsync.fetch(this, "c", 30),
              ShopAsync.fetch(this, "a", 10), ShopAsync.fetch(this, "b", 20));
          List<String> order = new ArrayList<>();
          AsCompleted<String> it = Tasks.asCompleted(ts);
          while (it.hasNext()) {
            order.add(await(it.next()).result());
          }
          for (Task<Task<String>> next : Tasks.asCompleted(ts)) {
            order.add("again " + await(next).result());
          }
          return order;
        }

        @Async String waitModes() {
          Task<String> a = ShopAsync.fetch(this, "a", 10);
          Task<String> b = ShopAsync.fetch(this, "b", 30);
          WaitResult<String> r = await(Tasks.wait(List.of(a, b), WaitMode.FIRST_COMPLETED));
          String first = r.done().size() + "/" + r.pending().size();
          r = await(Tasks.wait(List.of(a, b), WaitMode.ALL_COMPLETED, ms(5)));
          String timedOut = r.done().size() + "/" + r.pending().size();
          r = await(Tasks.wait(List.of(a, b), WaitMode.ALL_COMPLETED));
          return first + " " + timedOut + " " + r.done().size() + "/" + r.pending().size();
        }

        @Async String shielded() {
          Task<String> inner = ShopAsync.fetch(this, "inner", 30);
          Task<String> outer = ShopAsync.awaitShielded(this, inner);
          await(Tasks.sleep(ms(10)));
          outer.cancel();
          try {
            await(outer);
            return "not cancelled";
          } catch (CancellationException e) {
            trace.add("outer cancelled");
          }
          return await(inner);
        }

        @Async String awaitShielded(Task<String> inner) {
          return await(Tasks.shield(inner));
        }

        @Async int yields(int n) {
          int c = 0;
          for (int i = 0; i < n; i++) {
            await(Tasks.yieldNow());
            c++;
          }
          return c;
        }

        @Async String pingPong() {
          Task<Integer> a = ShopAsync.yields(this, 3);
          Task<Integer> b = ShopAsync.yields(this, 3);
          return await(a) + await(b) + "";
        }

        @Async String spawned() {
          Task<String> t = Tasks.spawn("worker", () -> ShopAsync.named(this));
          trace.add("spawned");
          String name = await(t);
          Task<String> never = Tasks.spawn(() -> ShopAsync.named(this));
          never.cancel();
          try {
            await(never);
          } catch (CancellationException e) {
            trace.add("never ran");
          }
          return name + " " + t.name();
        }

        @Async String named() {
          trace.add("named runs");
          return Task.current().name();
        }

        @Async String cancelWhileGathering() {
          Task<List<String>> all = ShopAsync.gatherTwo(this);
          await(Tasks.sleep(ms(5)));
          all.cancel();
          try {
            await(all);
          } catch (CancellationException e) {
            trace.add("gather cancelled");
          }
          await(Tasks.sleep(ms(100)));
          return "ok";
        }

        @Async List<String> gatherTwo() {
          return await(Tasks.all(ShopAsync.slowCleanup(this, "p", 50, 3),
              ShopAsync.fetch(this, "q", 50)));
        }

        @Async int many(int n) {
          List<Task<String>> ts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            ts.add(ShopAsync.quiet(this, i % 17));
          }
          return await(Tasks.all(ts)).size();
        }

        @Async String quiet(long millis) {
          await(Tasks.sleep(ms(millis)));
          return "q";
        }
      }
      """;

  static Compiled shop;

  @BeforeAll
  static void compile() {
    shop = Compiled.of("toolbox.Shop", SOURCE);
  }

  @SuppressWarnings("unchecked")
  private static List<String> trace(Object self) {
    try {
      return (List<String>) self.getClass().getField("trace").get(self);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object run(VirtualTime vt, Object self, String method, Object... args) {
    return vt.run(() -> shop.<Object>start(self, method, args));
  }

  @Test
  void gatherKeepsArgumentOrder() {
    VirtualTime vt = new VirtualTime();
    Object self = shop.newInstance();
    assertThat(run(vt, self, "gather")).isEqualTo(List.of("a", "b"));
    assertThat(vt.elapsedMillis()).isEqualTo(30);
    assertThat(trace(self)).containsExactly("fetch a", "fetch b", "fetched b", "fetched a")
        .inOrder();
  }

  @Test
  void gatherFailsFirstAndLeavesTheOthersRunning() {
    VirtualTime vt = new VirtualTime();
    Object self = shop.newInstance();
    assertThat(run(vt, self, "gatherFails")).isEqualTo("slow");
    assertThat(vt.elapsedMillis()).isEqualTo(50);
    assertThat(trace(self)).containsExactly("fetch slow", "failing bad", "gather threw bad",
        "fetched slow").inOrder();
  }

  @Test
  void settled() {
    VirtualTime vt = new VirtualTime();
    assertThat(run(vt, shop.newInstance(), "settled")).isEqualTo(List.of("a", "failed b"));
  }

  @Test
  void anyCancelsTheLosersAndWaitsNotForTheirCleanup() {
    VirtualTime vt = new VirtualTime();
    Object self = shop.newInstance();
    assertThat(run(vt, self, "first")).isEqualTo("y");
    assertThat(vt.elapsedMillis()).isEqualTo(20);
    assertThat(trace(self)).containsAtLeast("failing x", "fetched y", "cleanup z").inOrder();
  }

  @Test
  void raceGivesTheFirstOutcome() {
    VirtualTime vt = new VirtualTime();
    Object self = shop.newInstance();
    assertThat(run(vt, self, "race")).isEqualTo("race lost: x");
    assertThat(trace(self)).contains("cancelled y");
  }

  @Test
  void asCompleted() {
    VirtualTime vt = new VirtualTime();
    assertThat(run(vt, shop.newInstance(), "completionOrder")).isEqualTo(
        List.of("a", "b", "c", "again c", "again a", "again b"));
    assertThat(vt.elapsedMillis()).isEqualTo(30);
  }

  @Test
  void waitModes() {
    VirtualTime vt = new VirtualTime();
    assertThat(run(vt, shop.newInstance(), "waitModes")).isEqualTo("1/1 1/1 2/0");
    assertThat(vt.elapsedMillis()).isEqualTo(30);
  }

  @Test
  void shieldKeepsTheInnerTaskRunning() {
    VirtualTime vt = new VirtualTime();
    Object self = shop.newInstance();
    assertThat(run(vt, self, "shielded")).isEqualTo("inner");
    assertThat(trace(self)).containsExactly("fetch inner", "outer cancelled", "fetched inner")
        .inOrder();
  }

  @Test
  void yieldInterleavesTwoBodies() {
    VirtualTime vt = new VirtualTime();
    assertThat(run(vt, shop.newInstance(), "pingPong")).isEqualTo("6");
    assertThat(vt.elapsedMillis()).isEqualTo(0);
  }

  @Test
  void spawnNamesAndCancelBeforeStart() {
    VirtualTime vt = new VirtualTime();
    Object self = shop.newInstance();
    assertThat(run(vt, self, "spawned")).isEqualTo("worker worker");
    assertThat(trace(self)).containsExactly("spawned", "named runs", "never ran").inOrder();
  }

  @Test
  void cancellingAGatherCancelsItsChildrenWhoseCleanupAwaits() {
    VirtualTime vt = new VirtualTime();
    Object self = shop.newInstance();
    assertThat(run(vt, self, "cancelWhileGathering")).isEqualTo("ok");
    assertThat(trace(self)).containsExactly("fetch q", "cleanup p", "cancelled q",
        "gather cancelled", "cleaned p").inOrder();
  }

  @Test
  void thousandsOfTasks() {
    VirtualTime vt = new VirtualTime();
    assertThat(run(vt, shop.newInstance(), "many", 20_000)).isEqualTo(20_000);
    assertThat(vt.elapsedMillis()).isEqualTo(16);
  }

  @Test
  void theSameBodiesOnARealLoop() {
    Object self = shop.newInstance();
    assertThat(org.await4j.EventLoop.run(() -> shop.<List<String>>start(self, "gather")))
        .isEqualTo(List.of("a", "b"));
    assertThat(Task.from(java.util.concurrent.CompletableFuture.completedFuture(1)).join())
        .isEqualTo(1);
  }
}
