package org.await4j.processor;

import org.junit.jupiter.api.Test;

/** Every construct the processor cannot transform is an error at its exact position. */
class DiagnosticsTest {
  private static final String HEADER = """
      package bad;

      import java.util.List;
      import java.util.function.Supplier;
      import org.await4j.Async;
      import org.await4j.Task;
      import static org.await4j.Await.await;

      """;

  @Test
  void nativeMethods() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        abstract class Shapes {
          @Async abstract int a(); // fine: its twin starts the receiver's implementation
          // ERROR: [await4j:NativeMethod]
          @Async native int b();
        }
        """);
  }

  /** JDK 25's compact source files: their class is declared implicitly, and nothing names it. */
  @Test
  void anAsyncMethodOfACompactSourceFile() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25);
    ExpectedErrors.check("Compact", """
        import org.await4j.Async;
        import org.await4j.Task;
        import static org.await4j.Await.await;

        @Async
        // ERROR: [await4j:LocalType]
        int twice(int x) { return 2 * await(Task.completed(x)); }

        void main() {
          System.out.println(twice(4));
        }
        """);
  }

  /** Its super() needs an Outer instance, which a member of the machine class has not. */
  @Test
  void aLocalClassThatExtendsAnInnerClass() {
    ExpectedErrors.check("bad.Outer", HEADER + """
        class Outer {
          int base = 100;
          class Counter { int value() { return base; } }
          @Async int total(Task<Integer> t) {
            int extra = await(t);
            // ERROR: [await4j:LocalClass] a local class that extends an inner class
            class Plus extends Counter { int value() { return super.value() + extra; } }
            return new Plus().value();
          }
        }
        """);
  }

  /** The message names the class (it said 'catch' and 'the exception class': round 18). */
  @Test
  void aCatchOfAPrivateExceptionInALambdaNamesTheClass() {
    ExpectedErrors.check("bad.Catches", HEADER + """
        class Catches {
          private static class Oops extends RuntimeException {}
          @Async int m(Task<Integer> t) {
            int n = await(t);
            Runnable r = () -> {
              try {
                throw new Oops();
              }
              // ERROR: [await4j:PrivateMember] the @Async body uses the private member 'Oops'
              catch (Oops e) {
              }
            };
            r.run();
            return n;
          }
        }
        """);
  }

  /** Sibling blocks may each declare a class Helper; one machine class cannot hold both. */
  @Test
  void twoLocalClassesOfOneNameInABodyThatSuspends() {
    ExpectedErrors.check("bad.Blocks", HEADER + """
        class Blocks {
          @Async int twice(Task<Integer> t) {
            int sum = 0;
            {
              class Helper { int n = 1; }
              sum += new Helper().n + await(t);
            }
            {
              // ERROR: [await4j:LocalClassNameTaken] a second local type named Helper
              class Helper { int n = 2; }
              sum += new Helper().n + await(t);
            }
            return sum;
          }
        }
        """);
  }

  @Test
  void aClassThatTakesTheTwinsName() {
    ExpectedErrors.check("bad.Repo", HEADER + """
        // ERROR: [await4j:TwinNameTaken]
        class Repo {
          @Async int load(Task<Integer> t) { return await(t); }
        }
        class RepoAsync {} // the user's own
        """);
  }

  @Test
  void aClassThatTakesTheMachinesName() {
    ExpectedErrors.check("bad.Repo", HEADER + """
        // ERROR: [await4j:TwinNameTaken] the await4j processor generates the class bad.RepoAsyncMachines
        class Repo {
          @Async int load(Task<Integer> t) { return await(t); }
        }
        class RepoAsyncMachines {} // the user's own
        """);
  }

  @Test
  void aNestedClassAndATopLevelClassWithOneTwinName() {
    ExpectedErrors.check("bad.Outer", HEADER + """
        class Outer {
          static class Inner {
            @Async int load(Task<Integer> t) { return await(t); }
          }
        }
        // ERROR: [await4j:TwinNameShared] the await4j processor generates the class bad.Outer_InnerAsync
        class Outer_Inner {
          @Async int load(Task<Integer> t) { return await(t); }
        }
        """);
  }

  @Test
  void twoMethodsWhoseTwinsWouldHaveOneSignature() {
    // the instance method's twin takes the receiver first: MainAsync.close(Main) twice (round 17)
    ExpectedErrors.check("bad.Main", HEADER + """
        class Main {
          boolean open = true;
          @Async void close(Task<Integer> t) { await(t); open = false; }
          // ERROR: [await4j:TwinSignatureClash] the twin of this method, MainAsync.close, would have the same parameters as the twin of close(
          @Async static void close(Main m, Task<Integer> t) { if (m != null) m.close(t); }
          @Async static int other(Main m) { return 1; } // a different name: no clash
        }
        """);
  }

  @Test
  void suspensionInLambdaAnonymousClassAndSynchronized() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Shapes {
          final Object lock = new Object();
          @Async int lambda(Task<Integer> t) {
            // ERROR: [await4j:SuspendInLambda]
            Supplier<Integer> s = () -> await(t);
            return s.get();
          }
          @Async int anonymous(Task<Integer> t) {
            Supplier<Integer> s = new Supplier<Integer>() {
              public Integer get() {
                // ERROR: [await4j:SuspendInClass]
                return await(t);
              }
            };
            return s.get();
          }
          @Async int sync(Task<Integer> t) {
            synchronized (lock) {
              // ERROR: [await4j:SuspendInSynchronized]
              return await(t);
            }
          }
          @Async int nested(Task<Integer> t) {
            // ERROR: a suspension point inside a lambda
            Runnable r = () -> other(t);
            return 1;
          }
          @Async int other(Task<Integer> t) { return await(t); }
        }
        """);
  }

  @Test
  void privateFormsNotReachedThroughAnAccessor() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Shapes {
          private int secret;
          private static int helper(int x) { return x; }
          private static class Hidden { int n; }
          Shapes next() { return this; }
          @Async int hidden(Task<Integer> t) {
            int x = await(t);
            Hidden h = new Hidden(); // a private class named: fine
            Object o = h;
            if (o instanceof Hidden g) { // a pattern over it: fine
              x += g.n;
            }
            // ERROR: [await4j:PrivateMember] the @Async body uses the private member 'Hidden', which its state machine (the generated class ShapesAsyncMachines.hidden) cannot reach in this form: a pattern over a private class inside a lambda or class of the body
            java.util.function.IntSupplier later = () -> o instanceof Hidden g ? g.n : 0;
            return x + h.n + later.getAsInt();
          }
          private int own(int x) { return x + secret; }
          @Async int reference(Task<Integer> t) {
            java.util.function.IntUnaryOperator fine = Shapes::helper;
            java.util.function.IntUnaryOperator f = next()::own; // the receiver computed once: fine
            return f.applyAsInt(await(t)) + fine.applyAsInt(1);
          }
          @Async int computedReceiver(Task<Integer> t) {
            int x = await(t);
            next().secret += x; // the receiver computed once: fine
            // ERROR: a compound assignment through a computed receiver inside a lambda
            java.util.function.IntSupplier later = () -> next().secret += x;
            next().secret += await(t); // the receiver is spilled before the await: allowed
            return secret;
          }
        }
        """);
  }

  @Test
  void everyProblemOfABodyInOneCompile() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Shapes {
          private static class Hidden { int n; }
          private static int helper(int x) { return x; }
          private int helper2(int x) { return x; }
          private int secret;
          int outerField;
          class Inner {
            @Async int all(Task<Integer> t) {
              Hidden h = new Hidden(); // fine
              Object any = h;
              int a = any instanceof Hidden g ? g.n : 0; // fine
              // ERROR: [await4j:PrivateMember] the @Async body uses the private member 'Hidden'
              java.util.function.IntSupplier later = () -> any instanceof Hidden g ? g.n : 0;
              // ERROR: [await4j:SuspendInLambda]
              Runnable r = () -> await(t);
              java.util.function.Supplier<String> own = super::toString; // Inner's own super: fine
              java.util.function.Supplier<String> sup = Shapes.super::toString; // fine
              int b = Shapes.this.outerField + await(t);
              // ERROR: [await4j:PrivateMember] the @Async body uses the private member 'secret'
              java.util.function.IntSupplier f = () -> new Shapes().secret += 1;
              java.util.function.IntUnaryOperator g = new Shapes()::helper2; // fine
              return a + b;
            }
          }
        }
        """);
  }

  @Test
  void superCalls() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Base { int base() { return 1; } }
        class Shapes<T> extends Base {
          @Async int fetch(Task<Integer> t) {
            int x = await(t);
            java.util.function.IntSupplier s = super::base; // fine
            return x + s.getAsInt();
          }
          class Inner {
            @Async int fetch(Task<Integer> t) {
              int x = await(t);
              // ERROR: [await4j:SuperCall]
              java.util.function.IntSupplier s = Shapes.super::base;
              return x + s.getAsInt();
            }
          }
        }
        """);
  }

  @Test
  void privateAndLocalClasses() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Shapes {
          private interface Hidden { // its twin dispatches to the implementation
            @Async int m(Task<Integer> t);
          }
          private static class Extended { // extended in its file: its twin dispatches
            @Async int m(Task<Integer> t) { return await(t); }
          }
          static class Harder extends Extended { }
          private static class Fine { // never extended: its twin takes self as an Object
            @Async int m(Task<Integer> t) { return await(t); }
          }
          void local() {
            class Local {
              // ERROR: [await4j:LocalType]
              @Async int m(Task<Integer> t) { return await(t); }
            }
          }
        }
        """);
  }

  @Test
  void notYetSupportedFormsAreClearErrors() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Shapes {
        }
        """);
  }

  @Test
  void varOfAnIntersectionTypeLivingAcrossASuspension() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Shapes {
          @Async int m(Task<Integer> t, boolean b) {
            // ERROR: [await4j:VarIntersectionType]
            var x = b ? 1 : "one";
            await(t);
            return x.hashCode();
          }
        }
        """);
  }

  @Test
  void varOfAnonymousTypeInAnAsyncBodyIsReportedAtTheDeclaration() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Shapes {
          @Async int m(Task<Integer> t) {
            // ERROR: [await4j:VarAnonymousTypeInBody]
            var o = new Object() { int n; };
            o.n = await(t);
            return o.n;
          }
        }
        """);
  }

  @Test
  void oneBadMethodDoesNotStopTheOthers() {
    ExpectedErrors.check("bad.Shapes", HEADER + """
        class Shapes {
          private static class Secret { }
          // ERROR: [await4j:PrivateMember]
          @Async int bad(Task<Integer> t) { Object s = new Secret(); return await(t) + ((java.util.function.IntSupplier) () -> s instanceof Secret c ? 1 : 0).getAsInt(); }
          @Async int good(Task<Integer> t) { return await(t); }
          private interface Maker { int make(); }
          private static int use(Maker m) { return m.make(); }
          private enum Mode { ON, OFF }
          private Mode mode = Mode.ON;
          @Async int lambdaAsPrivateInterface(Task<Integer> t) {
            int x = await(t);
            return use(() -> x); // fine: the machine's own interface, made into Maker
          }
          @Async int switchOverPrivateEnum(Task<Integer> t) {
            int x = await(t);
            switch (mode) { case ON: return x; default: return -x; } // fine: over the ordinal
          }
          // ERROR: [await4j:SuspendInLambda]
          @Async String alsoBad(Task<Integer> t) { java.util.function.Supplier<Integer> s = () -> await(t); return "" + s.get(); }
        }
        """);
  }
}
