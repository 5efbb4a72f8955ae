package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: an exception that leaves {@code @Async} methods has the stack trace of the blocking
 * run: each method at its source line (the throw, or the await where it was suspended), no frame
 * of generated code, the loop's frames below; the exception stays the same object.
 */
class AsyncStackTracesTest {
  static final String SOURCE = """
      package traces;

      import static org.await4j.Await.await;

      import java.io.IOException;
      import java.time.Duration;
      import java.util.List;
      import java.util.concurrent.CompletableFuture;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.Tasks;

      public class Chain {
        public static Throwable thrown;

        static Task<Void> pause() {
          return Tasks.sleep(Duration.ofMillis(1));
        }

        @Async public static String level1(String url) throws IOException {
          await(pause());
          String s = level2(url); // @level1
          return s;
        }

        @Async public static String level2(String url) throws IOException {
          int n = url.length();
          String s = level3(url); // @level2
          return s + n;
        }

        @Async public static String level3(String url) throws IOException {
          await(pause());
          int x = url.length();
          if (x > 0) {
            thrown = new IOException("cannot parse " + url); // @level3
            throw (IOException) thrown;
          }
          return url;
        }

        public static final class Pool {
          public static final IllegalStateException EXHAUSTED = new IllegalStateException("exhausted"); // @exhausted
        }

        @Async public static String throwsConstant() {
          await(pause());
          throw Pool.EXHAUSTED;
        }

        @Async public static String catchesConstant() {
          try {
            return throwsConstant();
          } catch (IllegalStateException e) {
            return "caught";
          }
        }

        @Async public static String passesConstantOn() {
          String s = throwsConstant();
          return s;
        }

        static CompletableFuture<String> refusedLater() {
          CompletableFuture<String> f = new CompletableFuture<>();
          IllegalStateException e = new IllegalStateException("refused"); // @refusedLater
          Tasks.sleep(Duration.ofMillis(1)).toCompletableFuture()
              .whenComplete((v, x) -> f.completeExceptionally(e));
          return f;
        }

        @Async public static String awaitsRefused() {
          return await(refusedLater()); // @awaitsRefused
        }

        @Async public static String callsAwaitsRefused() {
          String s = awaitsRefused(); // @callsAwaitsRefused
          return s;
        }

        @Async public static String fast1(String url) throws IOException {
          String s = fast2(url); // @fast1
          return s;
        }

        @Async public static String fast2(String url) throws IOException {
          if (url != null) {
            thrown = new IOException("fast " + url); // @fast2
            throw (IOException) thrown;
          }
          return url;
        }

        @Async public static String catchesFast(String url) {
          try {
            return fast1(url); // @catchesFast
          } catch (IOException e) {
            thrown = e;
            return "caught";
          }
        }

        @Async public static int inLambda(List<String> xs) {
          await(pause());
          xs.forEach(x -> {
            if (x.isEmpty()) {
              throw new IllegalArgumentException("empty"); // @lambda
            }
          });
          return xs.size();
        }

        @Async public static int callsLambda(List<String> xs) {
          int n = inLambda(xs); // @callsLambda
          return n;
        }

        @Async public static int inAnonymous(String s) {
          await(pause());
          Runnable r = new Runnable() {
            @Override public void run() {
              throw new IllegalStateException("anonymous " + s); // @anonymous
            }
          };
          r.run(); // @runsAnonymous
          return 1;
        }

        @Async public static String waitsForever(CompletableFuture<String> never) {
          return await(never); // @waitsForever
        }

        @Async public static String awaitsCancelled(CompletableFuture<String> never) {
          String s = waitsForever(never); // @awaitsCancelled
          return s;
        }

        @Async public static String cancelsIt(CompletableFuture<String> never) {
          Task<String> t = ChainAsync.awaitsCancelled(never);
          await(pause());
          t.cancel();
          return await(t); // @cancelsIt
        }

        @Async public static String failsLater() throws IOException {
          await(pause());
          throw new IOException("shared"); // @failsLater
        }

        @Async public static String awaitsShared(Task<String> t) throws IOException {
          int n = 1;
          return await(t) + n; // @awaitsShared
        }

        static Task<Integer> lookup(String key) {
          return Task.failed(new IllegalStateException("no such key: " + key)); // @lookup
        }

        @Async public static int awaitsAFailedTask(String key) {
          return await(lookup(key)); // @awaitsAFailedTask
        }

        @Async public static int callsIt(boolean waitFirst) {
          if (waitFirst) {
            await(pause());
          }
          return awaitsAFailedTask("k") + 1; // @callsIt
        }

        public static final List<Throwable> kept = new java.util.ArrayList<>();

        /** Keeps what it catches: the trace gets the bodies awaiting this one too. */
        @Async public static void storesTheFailure(String url) {
          try {
            level1(url); // @storesTheFailure
          } catch (IOException e) {
            kept.add(e);
          }
        }

        @Async public static void callsTheStorer(String url) {
          storesTheFailure(url); // @callsTheStorer
        }

        /** Makes an exception and keeps it, not thrown: the user's frames all the same. */
        @Async public static void keepsAWrapper(String url) {
          try {
            level3(url);
          } catch (IOException e) {
            kept.add(new RuntimeException("wrapped", e)); // @keepsAWrapper
          }
        }

        @Async public static void callsTheKeeper(String url) {
          keepsAWrapper(url); // @callsTheKeeper
        }

        @Async public static String sleepsLong() {
          await(Tasks.sleep(java.time.Duration.ofSeconds(5)));
          return "late";
        }

        @Async public static String timesOut() {
          try {
            return Tasks.withTimeout(ChainAsync.sleepsLong(), java.time.Duration.ofMillis(5)); // @timesOut
          } catch (java.util.concurrent.TimeoutException e) {
            thrown = e;
            return "timed out";
          }
        }

        static final class FailsToClose implements AutoCloseable {
          @Override public void close() {
            throw new IllegalStateException("close"); // @close
          }
        }

        @Async public static String closes(String s) {
          try (FailsToClose f = new FailsToClose()) {
            await(pause());
            return s;
          } // @closes
        }

        @Async public static String saysWhereItRuns() {
          await(pause());
          String here = Task.current().toString(); // @saysWhereItRuns
          return here;
        }

        public static class Base {
          @Async public int work(int n) {
            if (n < 0) {
              throw new IllegalArgumentException("bad " + n); // @baseWork
            }
            await(pause());
            return n;
          }
        }

        public static class Sub extends Base {
          @Override @Async public int work(int n) {
            return super.work(n) + 1; // @subWork
          }
        }

        @Async public static int viaSuper(int n) {
          return new Sub().work(n); // @viaSuper
        }

        /** Catches in a try that does not suspend (printed as it is): the user's frames too. */
        @Async public static void catchesWithoutWaiting(String s) {
          await(pause());
          try {
            Integer.parseInt(s); // @parses
          } catch (NumberFormatException e) {
            kept.add(e);
          }
        }

        @Async public static void callsTheCatcher(String s) {
          catchesWithoutWaiting(s); // @callsTheCatcher
        }

        /** Makes a failure, fails a future with it, then awaits the future: made once. */
        @Async public static String makesThenAwaits() throws Exception {
          await(pause());
          CompletableFuture<String> f = new CompletableFuture<>();
          f.completeExceptionally(new IOException("made")); // @makesThenAwaits
          return await(f);
        }

        @Async public static String makesInALambda() {
          await(pause());
          List<RuntimeException> made = new java.util.ArrayList<>();
          List.of("a").forEach(s -> made.add(new RuntimeException(s))); // @makesInALambda
          thrown = made.get(0);
          return "kept";
        }

        /** Describes itself by its trace: a handler reading its message reads the trace. */
        public static class Where extends RuntimeException {
          @Override public String getMessage() {
            return getStackTrace()[0].getMethodName() + ":" + getStackTrace()[0].getLineNumber();
          }
        }

        @Async public static int throwsWhere() {
          await(pause());
          throw new Where(); // @throwsWhere
        }

        @Async public static String readsWhere() {
          try {
            return "" + throwsWhere();
          } catch (Where w) {
            return w.getMessage();
          }
        }

        static final class FailsToCloseToo implements AutoCloseable {
          @Override public void close() {
            throw new IllegalStateException("close too"); // @closeToo
          }
        }

        @Async public static String blockThrowsThenCloseFails() {
          try (FailsToCloseToo f = new FailsToCloseToo()) { // @resourceThatFails
            await(pause());
            throw new IllegalArgumentException("block");
          } catch (IllegalArgumentException e) {
            thrown = e.getSuppressed()[0];
            return "suppressed";
          }
        }

        /** Its handler reads the message only: the trace is not written there. */
        @Async public static String logsTheMessage(Task<String> t) {
          try {
            return awaitsShared(t); // @logsTheMessage
          } catch (IOException e) {
            return "failed: " + e.getMessage();
          }
        }

        /** A failure handled by message, then another, then the first task's outcome read. */
        @Async public static String readsTheSharedFailureLater() {
          Task<String> shared = ChainAsync.failsLater();
          String first = logsTheMessage(shared);
          String second;
          try {
            second = fast1("at once"); // fails with no wait: the loop is not idle between
          } catch (IOException e) {
            second = "failed: " + e.getMessage();
          }
          thrown = shared.exception(); // its trace is written now
          return first + ", " + second;
        }

        @Async public static String keepsAFailure(String url) {
          Task<String> side = ChainAsync.level1(url);
          side.addListener(t -> { }); // listened to: not reported as never retrieved
          while (!side.isDone()) {
            await(pause());
          }
          return "main"; // its failure is never read
        }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("traces.Chain", SOURCE);
  }

  @Test
  void aChainFailingAfterRealWaitsReadsAsTheBlockingRun() throws Exception {
    Throwable async = failureOf(() -> stub("level1", String.class).apply("http://bad/"));
    assertThat(async.getMessage()).isEqualTo("cannot parse http://bad/");
    assertThat(async).isSameInstanceAs(thrown()); // the same object, its trace rewritten
    assertThat(userFrames(async)).containsExactly(
        "traces.Chain.level3(Chain.java:" + line("@level3") + ")",
        "traces.Chain.level2(Chain.java:" + line("@level2") + ")",
        "traces.Chain.level1(Chain.java:" + line("@level1") + ")").inOrder();
    assertThat(userFrames(async)).isEqualTo(userFrames(blockingFailure("level1", "http://bad/")));
    assertNoGeneratedFrames(async);
    // the loop's frames stay below the user's, down to the code that ran the loop
    String printed = printed(async);
    assertThat(printed.indexOf("Chain.level1(")).isLessThan(printed.indexOf("EventLoop.run("));
    assertThat(printed).contains(getClass().getName());
  }

  @Test
  void aFailureOnTheFastPathWithoutSuspending() throws Exception {
    Throwable async = failureOf(() -> stub("fast1", String.class).apply("x"));
    assertThat(async).isSameInstanceAs(thrown());
    assertThat(userFrames(async)).containsExactly(
        "traces.Chain.fast2(Chain.java:" + line("@fast2") + ")",
        "traces.Chain.fast1(Chain.java:" + line("@fast1") + ")").inOrder();
    assertThat(userFrames(async)).isEqualTo(userFrames(blockingFailure("fast1", "x")));
    assertNoGeneratedFrames(async);
  }

  @Test
  void aHandlerOfTheBodyCatchesWithTheTraceOfTheBlockingRun() throws Exception {
    Function<Object, Task<?>> catchesFast = stub("catchesFast", String.class);
    Object result = EventLoop.<Object>run(() -> call(catchesFast, "x"));
    assertThat(result).isEqualTo("caught");
    Throwable caught = thrown();
    assertThat(userFrames(caught)).containsExactly(
        "traces.Chain.fast2(Chain.java:" + line("@fast2") + ")",
        "traces.Chain.fast1(Chain.java:" + line("@fast1") + ")",
        "traces.Chain.catchesFast(Chain.java:" + line("@catchesFast") + ")").inOrder();
    assertNoGeneratedFrames(caught);
    Class<?> chain = loader.loadClass("traces.Chain");
    chain.getMethod("catchesFast", String.class).invoke(null, "x"); // the blocking run
    assertThat(userFrames(caught)).isEqualTo(userFrames(thrown()));
  }

  @SuppressWarnings("unchecked")
  private static Task<Object> call(Function<Object, Task<?>> stub, Object arg) {
    try {
      return (Task<Object>) stub.apply(arg);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFailureInALambdaAndInAnAnonymousClassOfTheBody() throws Exception {
    Throwable lambda = failureOf(() -> stub("callsLambda", List.class).apply(List.of("a", "")));
    List<String> frames = withoutLambdaNumbers(userFrames(lambda));
    assertThat(frames).containsAtLeast(
        "traces.Chain.lambda$inLambda(Chain.java:" + line("@lambda") + ")",
        "traces.Chain.callsLambda(Chain.java:" + line("@callsLambda") + ")").inOrder();
    assertThat(frames).isEqualTo(withoutLambdaNumbers(
        userFrames(blockingFailure("callsLambda", List.of("a", "")))));
    assertNoGeneratedFrames(lambda);

    Throwable anonymous = failureOf(() -> stub("inAnonymous", String.class).apply("s"));
    assertThat(userFrames(anonymous)).containsExactly(
        "traces.Chain$1.run(Chain.java:" + line("@anonymous") + ")",
        "traces.Chain.inAnonymous(Chain.java:" + line("@runsAnonymous") + ")").inOrder();
    assertNoGeneratedFrames(anonymous);
  }

  /**
   * An exception made once and thrown as it is by a body after it waited (a pool's constant)
   * keeps its trace, as a rethrown object does in Java: it was written with the awaiting
   * methods' frames, for every later reader of the constant.
   */
  @Test
  void anExceptionThrownAsItIsKeepsItsTrace() throws Exception {
    // made here, on the test's thread (the class is first used here)
    Throwable constant = (Throwable) loader.loadClass("traces.Chain$Pool")
        .getDeclaredField("EXHAUSTED").get(null);
    StackTraceElement[] made = constant.getStackTrace();
    assertThat(EventLoop.<Object>run(() -> {
      try {
        @SuppressWarnings("unchecked")
        Task<Object> t = (Task<Object>) stub("catchesConstant").apply(null);
        return t;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    })).isEqualTo("caught");
    Throwable left = failureOf(() -> stub("passesConstantOn").apply(null));
    assertThat(left).isSameInstanceAs(constant);
    assertThat(constant.getStackTrace()).isEqualTo(made);
    assertThat(userFrames(constant)).containsExactly(
        "traces.Chain$Pool.<clinit>(Chain.java:" + line("@exhausted") + ")");
  }

  /**
   * Plain code called in the fast paths makes the exception, and a future fails with it later:
   * the trace it was made with shows the methods already, so the awaits that pass it on add
   * none of them again (each appeared twice, the second time under the twin's caller).
   */
  @Test
  void anExceptionMadeInAFastPathAndThrownLaterShowsEachMethodOnce() throws Exception {
    Throwable refused = failureOf(() -> stub("callsAwaitsRefused").apply(null));
    assertThat(refused).hasMessageThat().isEqualTo("refused");
    assertThat(userFrames(refused)).containsExactly(
        "traces.Chain.refusedLater(Chain.java:" + line("@refusedLater") + ")",
        "traces.Chain.awaitsRefused(Chain.java:" + line("@awaitsRefused") + ")",
        "traces.Chain.callsAwaitsRefused(Chain.java:" + line("@callsAwaitsRefused") + ")")
        .inOrder();
  }

  @Test
  void aCancellationNamesEachAwaitingMethodAtItsAwait() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    Throwable cancelled = failureOf(() -> stub("cancelsIt", CompletableFuture.class).apply(never));
    assertThat(cancelled).isInstanceOf(CancellationException.class);
    assertThat(userFrames(cancelled)).containsExactly(
        "traces.Chain.waitsForever(Chain.java:" + line("@waitsForever") + ")",
        "traces.Chain.awaitsCancelled(Chain.java:" + line("@awaitsCancelled") + ")",
        "traces.Chain.cancelsIt(Chain.java:" + line("@cancelsIt") + ")").inOrder();
    assertNoGeneratedFrames(cancelled);
  }

  @Test
  void aFailureAwaitedBySeveralTasksIsTracedOnceByItsFirstAwaiter() throws Exception {
    Function<Object, Task<?>> awaitsShared = stub("awaitsShared", Task.class);
    Function<Object, Task<?>> failsLater = stub("failsLater");
    List<Task<?>> awaiters = new ArrayList<>();
    failureOf(() -> {
      Task<?> failing = failsLater.apply(null);
      for (int i = 0; i < 3; i++) {
        awaiters.add(awaitsShared.apply(failing));
      }
      return Tasks.all(awaiters.toArray(new Task<?>[0]));
    });
    Throwable first = awaiters.get(0).exception();
    for (Task<?> t : awaiters) {
      assertThat(t.exception()).isSameInstanceAs(first);
    }
    assertThat(userFrames(first)).containsExactly(
        "traces.Chain.failsLater(Chain.java:" + line("@failsLater") + ")",
        "traces.Chain.awaitsShared(Chain.java:" + line("@awaitsShared") + ")").inOrder();
    assertNoGeneratedFrames(first);
  }

  @Test
  void aFailureReadThroughACombinatorHasTheSameTrace() throws Exception {
    Function<Object, Task<?>> level1 = stub("level1", String.class);
    Throwable async = failureOf(() -> Tasks.all(level1.apply("http://all/")));
    assertThat(async).isSameInstanceAs(thrown());
    assertThat(userFrames(async)).isEqualTo(userFrames(blockingFailure("level1", "http://all/")));
    assertNoGeneratedFrames(async);
  }

  @Test
  void aFailureNobodyReadsHasItsTraceWrittenByTheLoopsEndAtTheLatest() throws Exception {
    Function<Object, Task<?>> keeps = stub("keepsAFailure", String.class);
    Object result = EventLoop.<Object>run(() -> call(keeps, "http://kept/"));
    assertThat(result).isEqualTo("main");
    Throwable kept = thrown(); // the thrower's own reference: no task was read
    assertThat(userFrames(kept)).isEqualTo(userFrames(blockingFailure("level1", "http://kept/")));
    assertNoGeneratedFrames(kept);
  }

  @Test
  void aHandlerThatReadsTheMessageOnlyLeavesTheTraceForWhoReadsItLater() throws Exception {
    Function<Object, Task<?>> later = stub("readsTheSharedFailureLater");
    Object result = EventLoop.<Object>run(() -> call(later, null));
    assertThat(result).isEqualTo("failed: shared, failed: fast at once");
    // the first handler held it, the second set it aside; reading the outcome wrote it
    Throwable shared = thrown();
    assertThat(userFrames(shared)).containsExactly(
        "traces.Chain.failsLater(Chain.java:" + line("@failsLater") + ")",
        "traces.Chain.awaitsShared(Chain.java:" + line("@awaitsShared") + ")",
        "traces.Chain.logsTheMessage(Chain.java:" + line("@logsTheMessage") + ")").inOrder();
    assertNoGeneratedFrames(shared);
  }

  @Test
  void onlyClausesThatCanReadTheTraceHaveItWritten() {
    String source = """
        package traces;

        import static org.await4j.Await.await;

        import java.util.List;
        import org.await4j.Async;
        import org.await4j.Task;

        class Handlers {
          static List<Throwable> kept;

          @Async static String handlers(Task<String> t) {
            String out = "";
            try { out += await(t); } catch (RuntimeException e) { out += e.getMessage(); }
            try { out += await(t); } catch (RuntimeException e) { out += "x" + e + e.getClass(); }
            try { out += await(t); } catch (RuntimeException e) { out += e instanceof Exception; }
            try { out += await(t); } catch (IllegalStateException | IllegalArgumentException e) { out += "none"; }
            try { out += await(t); } catch (RuntimeException e) { kept.add(e); }
            try { out += await(t); } catch (RuntimeException e) { e.printStackTrace(); }
            try { out += await(t); } catch (RuntimeException e) { throw new IllegalStateException(e); }
            try { out += await(t); } catch (RuntimeException e) { Runnable r = () -> kept.add(e); }
            return out;
          }
        }
        """;
    com.google.testing.compile.Compilation c = Harness.compile("traces.Handlers", source);
    String machine = Harness.generated(c, "HandlersAsyncMachines");
    assertWithMessage(machine).that(occurrences(machine, "messageOnly(caught)")).isEqualTo(4);
    assertWithMessage(machine).that(occurrences(machine, "withTrace(caught)")).isEqualTo(4);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aFailedTaskMadeOnTheAwaitersOwnStackShowsItOnce() throws Exception {
    for (boolean waitFirst : new boolean[] {false, true}) {
      Throwable async = failureOf(() -> stub("callsIt", boolean.class).apply(waitFirst));
      assertThat(userFrames(async)).containsExactly(
          "traces.Chain.lookup(Chain.java:" + line("@lookup") + ")",
          "traces.Chain.awaitsAFailedTask(Chain.java:" + line("@awaitsAFailedTask") + ")",
          "traces.Chain.callsIt(Chain.java:" + line("@callsIt") + ")").inOrder();
      assertThat(userFrames(async)).isEqualTo(userFrames(blockingFailure("callsIt", waitFirst)));
      assertNoGeneratedFrames(async);
    }
  }

  @Test
  void aTraceWrittenWhereABodyCatchesHasTheBodiesAwaitingIt() throws Exception {
    Throwable kept = keptBothWays("callsTheStorer", "http://kept/");
    assertThat(userFrames(kept)).containsExactly(
        "traces.Chain.level3(Chain.java:" + line("@level3") + ")",
        "traces.Chain.level2(Chain.java:" + line("@level2") + ")",
        "traces.Chain.level1(Chain.java:" + line("@level1") + ")",
        "traces.Chain.storesTheFailure(Chain.java:" + line("@storesTheFailure") + ")",
        "traces.Chain.callsTheStorer(Chain.java:" + line("@callsTheStorer") + ")").inOrder();
  }

  @Test
  void anExceptionMadeAndKeptInABodyHasTheUsersFrames() throws Exception {
    Throwable kept = keptBothWays("callsTheKeeper", "http://wrapped/");
    assertThat(userFrames(kept)).containsExactly(
        "traces.Chain.keepsAWrapper(Chain.java:" + line("@keepsAWrapper") + ")",
        "traces.Chain.callsTheKeeper(Chain.java:" + line("@callsTheKeeper") + ")").inOrder();
  }

  @Test
  void aCatchOfATryThatDoesNotSuspendGetsTheUsersFrames() throws Exception {
    Throwable kept = keptBothWays("callsTheCatcher", "x");
    assertThat(userFrames(kept)).containsExactly(
        "traces.Chain.catchesWithoutWaiting(Chain.java:" + line("@parses") + ")",
        "traces.Chain.callsTheCatcher(Chain.java:" + line("@callsTheCatcher") + ")").inOrder();
  }

  @Test
  void aSuperCallThatFailsBeforeItWaitsShowsNoPlumbing() throws Exception {
    Throwable async = failureOf(() -> stub("viaSuper", int.class).apply(-1));
    assertThat(userFrames(async)).containsExactly(
        "traces.Chain$Base.work(Chain.java:" + line("@baseWork") + ")",
        "traces.Chain$Sub.work(Chain.java:" + line("@subWork") + ")",
        "traces.Chain.viaSuper(Chain.java:" + line("@viaSuper") + ")").inOrder();
    assertThat(printed(async)).doesNotContain("$super");
    assertThat(userFrames(async)).isEqualTo(userFrames(blockingFailure("viaSuper", -1)));
  }

  /**
   * What {@code method(url)} keeps in Chain.kept on the loop, checked against what the blocking
   * run keeps (the same user frames) and for generated frames.
   */
  private static Throwable keptBothWays(String method, String url) throws Exception {
    Function<Object, Task<?>> twin = stub(method, String.class);
    List<?> kept = (List<?>) loader.loadClass("traces.Chain").getField("kept").get(null);
    kept.clear();
    EventLoop.<Object>run(() -> call(twin, url));
    Throwable async = (Throwable) kept.get(0);
    kept.clear();
    loader.loadClass("traces.Chain").getMethod(method, String.class).invoke(null, url);
    assertNoGeneratedFrames(async);
    assertThat(userFrames(async)).isEqualTo(userFrames((Throwable) kept.get(0)));
    return async;
  }

  @Test
  void aTimeoutReadsAsThrownAtTheAwaitNotInsideTheTaskItCut() throws Exception {
    Function<Object, Task<?>> timesOut = stub("timesOut");
    Object result = EventLoop.<Object>run(() -> call(timesOut, null));
    assertThat(result).isEqualTo("timed out");
    Throwable timeout = thrown();
    assertThat(userFrames(timeout).get(0))
        .isEqualTo("traces.Chain.timesOut(Chain.java:" + line("@timesOut") + ")");
    assertThat(String.join("\n", userFrames(timeout))).doesNotContain("sleepsLong");
    assertNoGeneratedFrames(timeout);
  }

  @Test
  void aResourceThatFailsToCloseIsClosedAtTheEndOfItsTryBlockAsJavacHasIt() throws Exception {
    Throwable async = failureOf(() -> stub("closes", String.class).apply("s"));
    assertThat(userFrames(async)).containsExactly(
        "traces.Chain$FailsToClose.close(Chain.java:" + line("@close") + ")",
        "traces.Chain.closes(Chain.java:" + line("@closes") + ")").inOrder();
    assertThat(userFrames(async)).isEqualTo(userFrames(blockingFailure("closes", "s")));
  }

  @Test
  void aRunningTaskSaysTheLineItRuns() throws Exception {
    Function<Object, Task<?>> saysWhere = stub("saysWhereItRuns");
    Object here = EventLoop.<Object>run(() -> call(saysWhere, null));
    assertThat(here.toString()).endsWith("[pending at Chain.saysWhereItRuns, line "
        + line("@saysWhereItRuns") + "]");
  }

  @Test
  void anExceptionMadeInABodyKeepsTheTraceItWasMadeWith() throws Exception {
    Throwable made = failureOf(() -> stub("makesThenAwaits").apply(null));
    assertThat(userFrames(made)).containsExactly(
        "traces.Chain.makesThenAwaits(Chain.java:" + line("@makesThenAwaits") + ")");
    assertThat(userFrames(made)).isEqualTo(userFrames(blockingFailure("makesThenAwaits", null)));

    Function<Object, Task<?>> inLambda = stub("makesInALambda");
    EventLoop.<Object>run(() -> call(inLambda, null));
    List<String> frames = withoutLambdaNumbers(userFrames(thrown()));
    assertThat(frames).containsExactly(
        "traces.Chain.lambda$makesInALambda(Chain.java:" + line("@makesInALambda") + ")",
        "traces.Chain.makesInALambda(Chain.java:" + line("@makesInALambda") + ")").inOrder();
    assertNoGeneratedFrames(thrown());
  }

  @Test
  void aHandlerReadingTheMessageOfAnExceptionThatDescribesItselfByItsTraceWritesIt()
      throws Exception {
    Function<Object, Task<?>> reads = stub("readsWhere");
    assertThat(EventLoop.<Object>run(() -> call(reads, null)))
        .isEqualTo("throwsWhere:" + line("@throwsWhere"));
  }

  @Test
  void aCloseThatFailsAfterTheBlockThrewIsSuppressedWithTheUsersFrames() throws Exception {
    Function<Object, Task<?>> closes = stub("blockThrowsThenCloseFails");
    assertThat(EventLoop.<Object>run(() -> call(closes, null))).isEqualTo("suppressed");
    Throwable async = thrown();
    assertThat(userFrames(async)).containsExactly(
        "traces.Chain$FailsToCloseToo.close(Chain.java:" + line("@closeToo") + ")",
        "traces.Chain.blockThrowsThenCloseFails(Chain.java:" + line("@resourceThatFails") + ")")
        .inOrder();
    loader.loadClass("traces.Chain").getMethod("blockThrowsThenCloseFails").invoke(null);
    assertThat(userFrames(async)).isEqualTo(userFrames(thrown())); // the blocking run
  }

  // ---- helpers ----

  interface Function<A, R> {
    R apply(A a) throws Exception;
  }

  /** A stub of {@code traces.ChainAsync}, called with one argument (or none for a null). */
  private static Function<Object, Task<?>> stub(String name, Class<?>... parameters)
      throws Exception {
    Method m = loader.loadClass("traces.ChainAsync").getDeclaredMethod(name, parameters);
    m.setAccessible(true);
    return arg -> (Task<?>) (parameters.length == 0 ? m.invoke(null) : m.invoke(null, arg));
  }

  private static Throwable failureOf(java.util.concurrent.Callable<Task<?>> start) {
    try {
      EventLoop.<Object>run(() -> {
        try {
          @SuppressWarnings("unchecked")
          Task<Object> t = (Task<Object>) start.call();
          return t;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  /** The source method run blocking, as a plain call. */
  private static Throwable blockingFailure(String name, Object arg) throws Exception {
    Class<?> chain = loader.loadClass("traces.Chain");
    for (Method m : chain.getMethods()) {
      if (m.getName().equals(name)) {
        try {
          if (m.getParameterCount() == 0) {
            m.invoke(null);
          } else {
            m.invoke(null, arg);
          }
        } catch (InvocationTargetException e) {
          return e.getCause();
        }
      }
    }
    throw new AssertionError("expected a failure of " + name);
  }

  private static Throwable thrown() throws Exception {
    return (Throwable) loader.loadClass("traces.Chain").getField("thrown").get(null);
  }

  /** The frames of the user's classes (traces.Chain and its nested classes), in order. */
  private static List<String> userFrames(Throwable t) {
    List<String> out = new ArrayList<>();
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().startsWith("traces.Chain") && !e.getClassName().contains("Async")) {
        out.add(e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":"
            + e.getLineNumber() + ")");
      }
    }
    return out;
  }

  private static List<String> withoutLambdaNumbers(List<String> frames) {
    List<String> out = new ArrayList<>();
    for (String f : frames) {
      out.add(f.replaceAll("\\$\\d+\\(", "("));
    }
    return out;
  }

  private static void assertNoGeneratedFrames(Throwable t) {
    for (StackTraceElement e : t.getStackTrace()) {
      assertWithMessage(printed(t)).that(e.getClassName()).doesNotContain("AsyncMachines");
    }
  }

  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** The line of SOURCE that holds {@code marker}. */
  private static int line(String marker) {
    List<String> lines = Arrays.asList(SOURCE.split("\n"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("// " + marker)) {
        return i + 1;
      }
    }
    throw new AssertionError(marker);
  }
}
