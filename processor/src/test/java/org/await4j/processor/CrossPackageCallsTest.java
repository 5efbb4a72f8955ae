package org.await4j.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls between packages from {@code @Async} bodies: a public method of a public class, static or
 * instance, overridden or not, and an interface's abstract method with @Async, plain and lambda
 * implementations. Their fast paths call one another directly (the machine classes of exported
 * methods are public); the results are those of the blocking run.
 */
class CrossPackageCallsTest {
  static final String SERVICE = """
      package lib;

      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Service {
        @Async public int get(Env env, int x) { return x + await(env.task(x)); }
        @Async public static String name(Env env, String s) { return s + await(env.task(1)); }
        @Async protected int guarded(Env env, int x) { return x * 3 + await(env.task(0)); }
        @Async public long[] pair(Env env, long a) { return new long[] {a, await(env.task(2))}; }

        protected static class Ctx {
          public final String user;
          public Ctx(String user) { this.user = user; }
        }

        protected Ctx context(String user) { return new Ctx(user); }

        protected enum Mode { TERSE, LOUD }
        protected Mode mode = Mode.LOUD;

        // package-private: a method of its name in a subclass of another package is no override
        @Async int hidden(Env env, int x) { return x + await(env.task(7)); }
        @Async public int viaHidden(Env env, int x) { return hidden(env, x) * 2; }
      }
      """;

  static final String SOURCE = """
      package lib;

      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public interface Source {
        @Async String read(Env env, int n);
        @Async default void into(Env env, StringBuilder sb) { sb.append("d").append(await(env.task(4))); }
      }
      """;

  static final String CALLS = """
      package app;

      import lib.Service;
      import lib.Source;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Calls {
        final Env env;
        public Calls(Env env) { this.env = env; }

        static class Decorated extends Service {
          @Override @Async public int get(Env env, int x) { return -super.get(env, x) + await(env.task(2)); }
          @Override @Async protected int guarded(Env env, int x) { return super.guarded(env, x) + 1; }

          // a protected class of the superclass's package, which only a subclass names (round 17)
          @Async String handle(Env env, String user) {
            Ctx ctx = context(user);
            java.util.List<Ctx> all = new java.util.ArrayList<>(java.util.List.of(ctx));
            int n = await(env.task(1));
            all.add(new Ctx(user + n));
            StringBuilder b = new StringBuilder();
            for (Ctx c : all) {
              b.append(c.user).append(await(env.task(",")));
            }
            return b.toString() + (all.get(0) instanceof Ctx) + new Moded().switched(env, n);
          }
        }

        static class Plain extends Service {
          @Override public int get(Env env, int x) {
            if (x > 100) throw new IllegalArgumentException("too big " + x);
            return 1000 + x;
          }
        }

        static class Read implements Source {
          @Async public String read(Env env, int n) { return "r" + await(env.task(n)); }
          @Async public void into(Env env, StringBuilder sb) { sb.append("i").append(await(env.task(3))); }
        }

        static class Shadow extends Service {
          int hidden(Env env, int x) { return -1; } // not an override of lib's hidden (round 17)
        }

        static class PlainRead implements Source {
          public String read(Env env, int n) { return "p" + n; }
          public void into(Env env, StringBuilder sb) { sb.append("pi"); }
        }

        @Async String run(int n) {
          Service[] services = {new Service(), new Decorated(), new Plain()};
          Source[] sources = {new Read(), new PlainRead(), (e, k) -> "lambda" + k};
          StringBuilder sb = new StringBuilder();
          for (Service s : services) {
            sb.append(s.get(env, n)).append(' ').append(s.pair(env, n)[1]).append(' ');
          }
          sb.append(Service.name(env, "x")).append(' ').append(new Decorated().guarded(env, n)).append(' ');
          for (Source s : sources) {
            sb.append(s.read(env, n)).append(' ');
            s.into(env, sb);
          }
          try {
            services[2].get(env, 1000);
          } catch (IllegalArgumentException e) {
            sb.append(" caught ").append(e.getMessage());
          }
          return sb.toString();
        }

        // await of a twin's task: on a fast path, the method's own fast path, as a direct call
        @Async String viaTwins(int n) {
          Service s = new Decorated();
          Source src = new Read();
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < n; i++) {
            sb.append(await(lib.ServiceAsync.get(s, env, i))).append(await(lib.ServiceAsync.name(env, "t")));
            sb.append(await(lib.SourceAsync.read(src, env, i))).append(await((CallsAsync.local(this, i))));
          }
          await(lib.SourceAsync.into(src, env, sb));
          Task<Integer> kept = lib.ServiceAsync.get(new Service(), env, n);
          try {
            await(lib.ServiceAsync.get(new Plain(), env, 1000));
          } catch (IllegalArgumentException e) {
            sb.append(" caught ").append(e.getMessage());
          }
          return sb.append(await(kept)).append(await(CallsAsync.local(this, n)) + 1).toString();
        }

        @Async int local(int n) { return n + await(env.task(n)); }

        @Async String protectedTypes(int n) { return new Decorated().handle(env, "u" + n); }

        @Async String shadowed(int n) {
          Service s = new Shadow();
          return s.viaHidden(env, n) + " " + await(lib.ServiceAsync.viaHidden(s, env, n + 1));
        }
      }
      """;

  /**
   * A switch on a protected enum of the superclass: top level, since javac's own switch map of
   * a nested class (Calls$1) may not read the enum (plain javac rejects it there).
   */
  static final String MODED = """
      package app;

      import lib.Service;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Moded extends Service {
        @Async public String switched(Env env, int n) {
          StringBuilder b = new StringBuilder();
          for (Mode each : new Mode[] {Mode.TERSE, mode}) {
            switch (each) {
              case TERSE: b.append(n); break;
              case LOUD: b.append(await(env.task("!"))); break;
            }
          }
          Mode m = mode;
          int k = switch (m) { case TERSE -> 0; case LOUD -> await(env.task(9)); };
          return b.toString() + k + m;
        }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("lib.Service", SERVICE, "lib.Source", SOURCE, "app.Calls", CALLS,
        "app.Moded", MODED);
  }

  @Test
  void callsBetweenPackagesRunAsTheirBlockingRun() {
    Differential.check(loader, "app.Calls", "run", 3);
  }

  @Test
  void aSubclassUsesTheProtectedClassesOfItsSuperclass() {
    Differential.check(loader, "app.Calls", "protectedTypes", 3);
  }

  /**
   * An anonymous subclass of a superclass's protected class (in another package) cannot be made
   * in the machine: ProtectedMember, not PrivateMember's "make it package-private" (round 18).
   */
  @Test
  void anAnonymousSubclassOfAProtectedClassIsAProtectedMember() {
    com.google.testing.compile.Compilation c = com.google.testing.compile.Compiler.javac()
        .withProcessors(new AsyncProcessor()).compile(
            com.google.testing.compile.JavaFileObjects.forSourceString("lib.Service", SERVICE),
            com.google.testing.compile.JavaFileObjects.forSourceString("app.Anonymous", """
                package app;

                import org.await4j.Async;
                import org.await4j.testing.Env;
                import static org.await4j.Await.await;

                public class Anonymous extends lib.Service {
                  @Async String make(Env env) {
                    int n = await(env.task(1));
                    Ctx c = new Ctx("u" + n) { };
                    return c.user + await(env.task(2));
                  }
                }
                """));
    com.google.common.truth.Truth.assertWithMessage(Harness.describe(c)).that(c.errors()).hasSize(1);
    com.google.common.truth.Truth.assertThat(c.errors().get(0).getMessage(null))
        .startsWith("[await4j:ProtectedMember] the @Async body uses the protected member 'Ctx'");
    com.google.common.truth.Truth.assertThat(c.errors().get(0).getLineNumber()).isEqualTo(10);
  }

  @Test
  void aPackagePrivateMethodIsNotOverriddenFromAnotherPackage() {
    Differential.check(loader, "app.Calls", "shadowed", 3);
  }

  @Test
  void awaitOfATwinsTaskRunsAsItsBlockingRun() {
    Differential.check(loader, "app.Calls", "viaTwins", 3);
  }
}
