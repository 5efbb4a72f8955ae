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

        // a super call runs the superclass's own body, on the fast path too
        static class Decorates extends AsyncOverride {
          @Override @Async String who(Env env, int n) { return "<" + super.who(env, n + await(env.task(1))) + ">"; }
        }

        static class Generic<T> {
          @Async T first(Env env, T t) { await(env.task(0)); return t; }
          @Async void note(Env env, StringBuilder sb) { sb.append("g").append(await(env.task(5))); }
          @Async long total(Env env, long a, double b, Object o) { return a + (long) b + await(env.task(0)); }
        }

        static class Strings extends Generic<String> {
          // a bridge stands for it: String first(String) overrides T first(T)
          @Override @Async String first(Env env, String s) { return s.toUpperCase() + await(env.task(2)); }
          @Override @Async void note(Env env, StringBuilder sb) { super.note(env, sb); sb.append("s"); }
          @Override long total(Env env, long a, double b, Object o) {
            if (o == null) throw new IllegalStateException("no o");
            return -a;
          }
        }

        interface Shape {
          @Async default String describe(Env env) { return "shape " + await(env.task(1)); }
        }

        static class Square implements Shape {
          @Override @Async public String describe(Env env) { return "square " + await(env.task(4)); }
        }

        // varargs, overridden: the override's handle takes the array as the call passes it
        interface Api { @Async String place(Env env, String who, int... qty); }
        static class Impl implements Api {
          @Override @Async public String place(Env env, String who, int... qty) {
            return who + qty.length + await(env.task(qty.length));
          }
        }
        static class Names {
          @Async String join(Env env, String... parts) { return "n" + parts.length + await(env.task(0)); }
        }
        static class LoudNames extends Names {
          @Override @Async String join(Env env, String... parts) { return "L" + super.join(env, parts); }
        }

        // a sub-interface overrides a default method: the receiver's class runs the most specific
        interface Greeter { @Async default String greet(Env env) { return "A" + await(env.task(1)); } }
        interface Loud extends Greeter {
          @Override @Async default String greet(Env env) { return "B" + await(env.task(2)); }
        }
        interface Quiet extends Greeter { @Override default String greet(Env env) { return "q"; } }
        static class Shouter implements Loud { }
        static class Whisperer implements Quiet { }
        static class Both extends Shouter implements Greeter { }

        @Async String run(int n) {
          StringBuilder sb = new StringBuilder();
          Base[] all = {new Base(), new AsyncOverride(), new PlainOverride(), new Inherits()};
          for (Base b : all) {
            sb.append(b.who(env, n)).append(' ').append(b.viaThis(env)).append(' ');
          }
          Base deco = new Decorates();
          sb.append(deco.who(env, n)).append(deco.viaThis(env)).append(' ');
          Generic<String> g = new Strings();
          Generic<String> own = new Generic<>();
          StringBuilder notes = new StringBuilder();
          g.note(env, notes);
          own.note(env, notes);
          sb.append(g.first(env, "x")).append(own.first(env, "y")).append(notes)
              .append(g.total(env, 7, 2.5, "o")).append(own.total(env, 7, 2.5, "o")).append(' ');
          try {
            g.total(env, 1, 1, null);
          } catch (IllegalStateException e) {
            sb.append("caught ").append(e.getMessage()).append(' ');
          }
          Api api = new Impl();
          Names names = new LoudNames();
          sb.append(api.place(env, "a", 1, 2)).append(names.join(env, "x", "y", "z")).append(' ');
          Greeter[] greeters = {new Shouter(), new Whisperer(), new Both(), new Greeter() { }};
          for (Greeter gr : greeters) {
            sb.append(gr.greet(env));
          }
          sb.append(' ');
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
