package org.await4j.processor.random;

import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Bugs that the random programs found, each shrunk to a minimal program (then tidied by hand).
 * Each test compiles the methods into a class with the fields and plain helpers of every random
 * program (see {@link Source#unitFromText}), runs {@code m(p)} blocking and as a state machine
 * in both modes, and expects the same result, exception, trace and fields. Open bugs are
 * disabled until the processor is fixed: enable one to check a fix. Fixed ones stay enabled, as
 * regression tests.
 */
class FoundBugsTest {
  private static void check(String methods, int p) {
    Runner.Verdict v = Runner.evaluateText(methods, "m", p);
    assertNull(v.signature(), () -> v.signature() + "\n" + v.detail());
  }

  /**
   * A local declared before a suspension and closed by {@code try (r)} after it: the machine
   * keeps the local in a field and writes {@code try (r)} on a variable that is not effectively
   * final, so the generated code does not compile: "variable r used as a try-with-resources
   * resource neither final nor effectively final". Without the await before the try (or with
   * the await only inside the try block) it works.
   */
  @Test // fixed in e2fdb42
  void existingResourceAfterASuspension() {
    check("""
          @Async
          String m(int p) throws Exception {
            Res r = new Res(env, "r", false);
            await(env.task(0));
            try (r) {
              env.log("in");
            }
            return "";
          }
        """, 0);
  }

  /**
   * An @Async call in a branch of {@code ?:} and, later in the body, a {@code var} local: the
   * processor failed with an internal error, a NullPointerException inside javac's own type
   * code (a null type of the {@code var}), reported without a
   * source position (line -1). With an explicit type instead of {@code var}, or with an
   * {@code await} instead of the @Async call, it works.
   */
  @Test // fixed in e2fdb42
  void asyncCallInAConditionalThenVar() {
    check("""
          @Async
          int h0(int d, boolean x) throws Exception {
            return 0;
          }

          @Async
          long m(int p) throws Exception {
            int y = p == 1 ? h0(1, false) : 0;
            var v = "";
            return 0L;
          }
        """, 0);
  }

  /**
   * A switch expression whose arrow arm is just the name of a field ({@code case 2 -> f}): the
   * machine copies the arm without rewriting the field to {@code self.f}, so the generated code
   * does not compile: "cannot find symbol: variable f, location: class ReproAsync_m". It needs
   * no suspension at all in the method (the suspension here only makes it a real machine).
   * {@code this.f}, {@code (f)}, {@code f + 1}, {@code { yield f; }} and array elements work.
   * 25% of the random programs with switch expressions hit it (random.avoid=bareFieldArm
   * avoids it).
   */
  @Test
  void fieldAsTheArmOfASwitchExpression() {
    check("""
          @Async
          int m(int p) throws Exception {
            await(env.task(1));
            int v = switch (p) { case 2 -> f; default -> 0; };
            return v;
          }
        """, 2);
  }

  /**
   * A return inside a try-with-resources of printed (plain) code, inside a lowered
   * try-with-resources: the jump set the state before Java closed the inner resource, so the
   * inner close's exception met the wrong handler and the outer resource was never closed.
   */
  @Test
  void returnThroughAThrowingJavaCloseInsideALoweredResource() {
    check("""
          @Async
          void m(int p) throws Exception {
            try (Res r1 = new Res(env, "", true)) {
              try (Res r5 = new Res(env, "", true)) {
                if (true) {
                  return;
                }
              }
              int c6 = 0;
              while (c6++ < 0 && await(env.stage(false))) {
              }
            }
          }
        """, 0);
  }

  /**
   * A return inside a plain try-with-resources whose close throws into the try's own catch: the
   * jump waiting for the close stayed set after the catch took the exception, so the body
   * returned -5 where Java goes on and returns 0.
   */
  @Test
  void returnThroughAThrowingJavaCloseThatACatchTakes() {
    check("""
          @Async
          int m(int p) throws Exception {
            switch (await(env.task("a"))) {
              case "a" -> {
                try (Res r3 = new Res(env, "", true)) {
                  return -5;
                } catch (RuntimeException e4) {
                }
              }
            }
            return 0;
          }
        """, 3);
  }

  /**
   * The fast path (plain locals on the caller's stack): a lambda that reads a for-each variable
   * kept across an await does not compile there ("must be final or effectively final"), so the
   * body must go without one.
   */
  @Test
  void lambdaReadingALoopVariableKeptAcrossAnAwait() {
    check("""
          @Async
          String m(int p) throws Exception {
            for (int x1 : sarr) {
              await(env.stage(0));
              ((IntSupplier) () -> ~x1).getAsInt();
            }
            return "";
          }
        """, 3);
  }

  /**
   * The fast path: a value-returning body whose lowering ends in a completion without a value
   * (unreachable) wrote a bare {@code return;} ("missing return value").
   */
  @Test
  void returnFromAFinallyOfAValueMethod() {
    check("""
          @Async
          String m(int p) throws Exception {
            try {
            } finally {
              return await(env.task(""));
            }
          }
        """, 3);
  }

  /**
   * A body that cannot complete normally because a {@code finally} that returns takes over the
   * {@code break} of a catch: the lowering thought the loop could end, added a completion after
   * it, and javac rejected the machine ("unreachable statement").
   */
  @Test
  void breakTakenOverByAFinallyThatReturns() {
    check("""
          @Async
          boolean h2(int d, long x) throws Exception {
            if (d <= 0) return false;
            int c2 = 0;
            do {
              try {
              } catch (ArrayIndexOutOfBoundsException e3) {
                break;
              } finally {
                return false;
              }
            } while (++c2 < 0);
          }

          @Async
          int m(int p) throws Exception {
            if (h2(p, 0L)) {
            }
            return 0;
          }
        """, 3);
  }
}
