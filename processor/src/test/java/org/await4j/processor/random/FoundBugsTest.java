package org.await4j.processor.random;

import static org.junit.jupiter.api.Assertions.assertNull;

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

  // ---- found by the broadened generator (issue 9)
  // and left out of the CI seed by RandomProgramsTest.OPEN_BUGS

  /** G1: a nested array initializer with awaits, printed as a bare {@code {...}}. */
  @Test
  void nestedArrayInitializer() {
    check("""
          @Async
          int m(int p) throws Exception {
            int[][] c = {{await(env.task(1))}, {2, await(env.task(3))}, {}};
            return c[1][1] + c[2].length;
          }
        """, 0);
  }

  /** G2: {@code this.new Inner(await(x))} was printed as {@code self.new Repro.Inner(...)}. */
  @Test
  void qualifiedInnerClassCreation() {
    check("""
          @Async
          int m(int p) throws Exception {
            return this.new Inner(await(env.task(1))).get();
          }
        """, 0);
  }

  /** Unqualified inner-class creation with an await in the arguments, and its @Async method. */
  @Test
  void innerClassCreation() {
    check("""
          @Async
          int m(int p) throws Exception {
            return new Inner(await(env.task(1))).get() + new Inner(2).next(env, await(env.task(3)));
          }
        """, 0);
  }

  /** G3: a generic @Async method with wildcard parameters: its stub infers a capture. */
  @Test
  void genericMethodWithWildcards() {
    check("""
          @Async
          int m(int p) throws Exception {
            return mapAll(env, List.of(p, 2), lx -> lx * 2).get(1)
                + #C.<Integer>firstOf(env, Arrays.asList(await(env.task(3)), 4));
          }
        """.replace("#C", "Repro"), 0);
  }

  /** G3: a type variable only in the result: the stub's machine is a Task of Object. */
  @Test
  void typeVariableOnlyInTheResult() {
    check("""
          @Async
          String m(int p) throws Exception {
            return Repro.<String>unchecked(env, await(env.task("a")));
          }
        """, 0);
  }

  /** A generic method with a bound, a generic class with a bound, diamond: these work. */
  @Test
  void boundedGenericMethodAndClass() {
    check("""
          @Async
          int m(int p) throws Exception {
            return Repro.<Integer>maxOf(env, await(env.task(1)), 2)
                + new Cell<>(await(env.task(1))).swap(env, 2)
                + new Cell<Integer>(3).swap(env, await(env.task(4)));
          }
        """, 0);
  }

  /** G4: a null box must throw before the right operand runs, as javac unboxes it at once. */
  @Test
  void nullBoxUnboxedBeforeTheRightOperand() {
    check("""
          @Async
          int m(int p) throws Exception {
            Integer n = null;
            try {
              return n + await(env.task(1));
            } catch (NullPointerException e) {
              env.log("npe");
            }
            try {
              boxI += await(env.task(2));
            } catch (NullPointerException e) {
              env.log("npe");
            }
            try {
              return boxZ && await(env.task(true)) ? 1 : 2;
            } catch (NullPointerException e) {
              env.log("npe");
            }
            return 0;
          }
        """, 0);
  }

  /** G5: varargs @Async methods called from a fast path with 0, 1, many arguments, an array. */
  @Test
  void varargsCalls() {
    check("""
          @Async
          String m(int p) throws Exception {
            return count(env) + count(env, "a") + count(env, "a", "b") + count(env, new String[] {"x"})
                + any("a") + any("a", "b", "a") + any("x", new String[] {"x"})
                + total(env, 1L) + total(env, 1L, 2) + total(env, 1L, 2, 3);
          }
        """, 0);
  }

  /** G6: an anonymous class, then a {@code var} local: the processor failed with an NPE. */
  @Test
  void varAfterAnAnonymousClass() {
    check("""
          @Async
          float m(int p) throws Exception {
            int v1 = new Base(0, "") { int get() { return v * 3; } }.get();
            var v2 = 0;
            return 0.0f;
          }
        """, 0);
  }

  /**
   * Anonymous classes with constructor arguments that await, method references and lambdas as
   * values, a checked exception caught, compound assignments that narrow (byte, short, char) and
   * floating-point ones.
   */
  @Test
  void neighboursThatWork() {
    check("""
          @Async
          int m(int p) throws Exception {
            int a = new Base(await(env.task(1)), "b") { int get() { return v * 3 + f; } }.get();
            a += ((IntBinaryOperator) Math::max).applyAsInt(await(env.task(1)), 2)
                + Optional.of(await(env.task(4))).map(lx -> lx + 1).get()
                + ((IntBinaryOperator) this::sum).applyAsInt(1, await(env.task(2)));
            try {
              env.log("e", io(await(env.task(7))));
            } catch (IOException e) {
              env.log("caught " + e.getMessage());
            }
            byte b = 1;
            b += await(env.task(9000000000L));
            short s = 2;
            s *= await(env.task(1.5));
            char c = 'a';
            c += await(env.task(1));
            double d = 0.5;
            d /= await(env.task(3));
            float fl = 1.5f;
            fl -= await(env.task(2L));
            bf >>>= await(env.task(1));
            return a + b + s + c + (int) (d * 100) + (int) fl + bf;
          }
        """, 0);
  }
}
