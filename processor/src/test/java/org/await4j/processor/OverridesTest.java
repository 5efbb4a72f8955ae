package org.await4j.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A call to an overridden @Async method runs the receiver's override, as a direct call does. */
class OverridesTest {
  static final String SOURCE = """
      package over;

      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Calls {
        final Env env;
        public Calls(Env env) { this.env = env; }

        static class Base {
          @Async String who(Env env, int n) { return "base" + await(env.task(n)); }
          @Async String viaThis(Env env) { return "[" + who(env, 0) + "]"; }
        }

        static class AsyncOverride extends Base {
          @Override @Async String who(Env env, int n) { return "async" + await(env.task(n * 2)); }
        }

        static class PlainOverride extends Base {
          @Override String who(Env env, int n) {
            if (n < 0) throw new IllegalArgumentException("negative");
            return "plain" + n;
          }
        }

        static class Inherits extends AsyncOverride { }

        interface Shape {
          @Async default String describe(Env env) { return "shape " + await(env.task(1)); }
        }

        static class Square implements Shape {
          @Override @Async public String describe(Env env) { return "square " + await(env.task(4)); }
        }

        @Async String run(int n) {
          StringBuilder sb = new StringBuilder();
          Base[] all = {new Base(), new AsyncOverride(), new PlainOverride(), new Inherits()};
          for (Base b : all) {
            sb.append(b.who(env, n)).append(' ').append(b.viaThis(env)).append(' ');
          }
          Shape plain = new Shape() { };
          Shape square = new Square();
          sb.append(plain.describe(env)).append(' ').append(square.describe(env));
          try {
            sb.append(new PlainOverride().who(env, -n - 1));
          } catch (IllegalArgumentException e) {
            sb.append(" caught ").append(e.getMessage());
          }
          return sb.toString();
        }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("over.Calls", SOURCE);
  }

  @Test
  void overridesDispatchOnTheReceiversClass() {
    Differential.check(loader, "over.Calls", "run", 3);
  }
}
