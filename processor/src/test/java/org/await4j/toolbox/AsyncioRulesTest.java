package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.await4j.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * asyncio's rules as compiled {@code @Async} bodies see them: awaiting the own task fails, the
 * original cancellation object arrives on every JDK, a forwarded cancel that the awaited task
 * swallows gives its value, and a lock handed over is never taken back by cancelling its task.
 */
class AsyncioRulesTest {
  static final Compiled CODE = Compiled.of("rules.Rules", """
      package rules;

      import java.time.Duration;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.CancellationException;
      import java.util.concurrent.CompletableFuture;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.TaskLocal;
      import org.await4j.Tasks;
      import org.await4j.sync.Lock;
      import static org.await4j.Await.await;

      public class Rules {
        public final List<String> trace = new ArrayList<>();
        public static CancellationException original;

        public Rules() {}

        @Async String awaitSelf(boolean afterAWait) {
          if (afterAWait) {
            await(Tasks.sleep(Duration.ofMillis(1)));
          }
          try {
            await(Task.current());
            return "no error";
          } catch (IllegalStateException e) {
            return e.getMessage();
          }
        }

        @Async boolean originalCancellation() {
          original = new CancellationException("mine");
          CompletableFuture<String> f = new CompletableFuture<>();
          f.completeExceptionally(original);
          try {
            await(f);
            return false;
          } catch (CancellationException e) {
            return e == original;
          }
        }

        @Async String swallows() {
          try {
            await(Tasks.sleep(Duration.ofMillis(50)));
            return "slept";
          } catch (CancellationException e) {
            trace.add("inner swallowed: " + e.getMessage());
            return "swallowed";
          }
        }

        @Async String awaitsSwallower() {
          String v = await(RulesAsync.swallows(this));
          trace.add("outer got " + v);
          return v;
        }

        @Async String cancelForwarded() {
          Task<String> outer = RulesAsync.awaitsSwallower(this);
          await(Tasks.yieldNow());
          trace.add("cancel: " + outer.cancel("stop"));
          String v = await(outer);
          trace.add("cancelling " + outer.cancelling());
          return v;
        }

        static final TaskLocal<String> ID = new TaskLocal<>("id", "none");

        @Async String readsId() {
          return ID.get();
        }

        @Async String setsId() {
          ID.set("callee");
          await(Tasks.yieldNow());
          return ID.get();
        }

        @Async String setsIdWithoutWaiting() {
          ID.set("fast callee");
          return ID.get();
        }

        @Async List<String> taskLocals() {
          ID.set("caller");
          List<String> out = new ArrayList<>();
          out.add(readsId());
          out.add(setsId());
          out.add(ID.get());
          out.add(setsIdWithoutWaiting());
          out.add(ID.get());
          await(Tasks.sleep(Duration.ofMillis(1)));
          out.add(ID.get());
          out.add(await(Tasks.toThread(() -> ID.get())));
          return out;
        }

        @Async int holder(Lock lock, Task<?>[] mine) {
          Task<Void> t = lock.acquire();
          mine[0] = t;
          await(t);
          try {
            await(Tasks.yieldNow());
            await(Tasks.yieldNow());
            return 1;
          } finally {
            lock.release();
          }
        }

        @Async List<String> noDoubleGrant() {
          Lock lock = new Lock();
          await(lock.acquire());
          Task<?>[] mine = new Task<?>[1];
          Task<Integer> b = RulesAsync.holder(this, lock, mine);
          lock.release();                    // handed to b, whose body has not resumed yet
          trace.add("cancel b's acquire: " + mine[0].cancel());
          trace.add("c may take it: " + lock.tryAcquire());
          await(b);
          trace.add("after b: " + lock.tryAcquire());
          return trace;
        }
      }
      """);

  @Test
  void awaitingTheOwnTaskFailsInsteadOfHanging() {
    for (boolean afterAWait : new boolean[] {false, true}) {
      Object self = CODE.newInstance();
      String message = EventLoop.run(() -> CODE.start(self, "awaitSelf", afterAWait));
      assertThat(message).startsWith("Task cannot await on itself");
    }
  }

  @Test
  void theOriginalCancellationObjectArrives() {
    Object self = CODE.newInstance();
    boolean same = EventLoop.run(() -> CODE.start(self, "originalCancellation"));
    assertThat(same).isTrue();
  }

  @Test
  void aForwardedCancelThatIsSwallowedGivesTheValue() throws Exception {
    Object self = CODE.newInstance();
    String v = EventLoop.run(() -> CODE.start(self, "cancelForwarded"));
    assertThat(v).isEqualTo("swallowed");
    assertThat(trace(self)).containsExactly("cancel: true", "inner swallowed: stop",
        "outer got swallowed", "cancelling 1").inOrder();
  }

  @Test
  void aLockHandedOverIsNeverTakenBackByCancellingItsTask() throws Exception {
    Object self = CODE.newInstance();
    List<String> trace = EventLoop.run(() -> CODE.start(self, "noDoubleGrant"));
    assertThat(trace).containsExactly("cancel b's acquire: false", "c may take it: false",
        "after b: true").inOrder();
  }

  @Test
  void taskLocalsAreCopiedIntoCalleesAndNeverLeakOut() {
    Object self = CODE.newInstance();
    List<String> out = EventLoop.run(() -> CODE.start(self, "taskLocals"));
    assertThat(out).containsExactly("caller", "callee", "caller", "fast callee", "caller",
        "caller", "caller").inOrder();
  }

  @SuppressWarnings("unchecked")
  private static List<String> trace(Object self) throws Exception {
    return (List<String>) self.getClass().getField("trace").get(self);
  }
}
