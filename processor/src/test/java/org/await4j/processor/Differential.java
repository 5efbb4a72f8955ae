package org.await4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.testing.Env;

/**
 * Runs one @Async method blocking (the source method, called directly) and as a state machine
 * (its twin, on an event loop), and asserts the same result, exception and trace.
 */
final class Differential {
  /** What one run did. */
  record Outcome(Object result, Throwable failure, List<String> trace) {
    String describe() {
      return failure != null ? "threw " + failure : "returned " + deepToString(result);
    }

    void assertSameAs(Outcome blocking, String what) {
      assertWithMessage(what + ": trace").that(trace).isEqualTo(blocking.trace);
      assertWithMessage(what + ": outcome").that(describe()).isEqualTo(blocking.describe());
      if (blocking.failure != null) {
        assertWithMessage(what + ": exception class").that(failure.getClass())
            .isEqualTo(blocking.failure.getClass());
      }
    }
  }

  private Differential() {}

  /** Runs {@code method} of {@code type} both ways in both modes and compares. */
  static void check(ClassLoader loader, String type, String method, Object... args) {
    for (Env.Mode mode : Env.Mode.values()) {
      Outcome blocking = blocking(loader, type, method, mode, args);
      Outcome machine = onLoop(loader, type, method, mode, args);
      machine.assertSameAs(blocking, type + "." + method + " in mode " + mode);
    }
  }

  /** Also runs the twin from a plain thread, which hands it to the default loop. */
  static void checkFromPlainThread(ClassLoader loader, String type, String method, Object... args) {
    Outcome blocking = blocking(loader, type, method, Env.Mode.LATER, args);
    Outcome machine = run(loader, type, method, Env.Mode.LATER, args, false);
    machine.assertSameAs(blocking, type + "." + method + " from a plain thread");
  }

  static Outcome blocking(ClassLoader loader, String type, String method, Env.Mode mode,
      Object... args) {
    try {
      Class<?> c = loader.loadClass(type);
      Env env = new Env(mode);
      Object self = c.getConstructor(Env.class).newInstance(env);
      Method m = find(c, method, args.length);
      m.setAccessible(true);
      try {
        return new Outcome(m.invoke(self, args), null, env.snapshot());
      } catch (InvocationTargetException e) {
        return new Outcome(null, e.getCause(), env.snapshot());
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static Outcome onLoop(ClassLoader loader, String type, String method, Env.Mode mode,
      Object... args) {
    return run(loader, type, method, mode, args, true);
  }

  private static Outcome run(ClassLoader loader, String type, String method, Env.Mode mode,
      Object[] args, boolean onLoop) {
    try {
      Class<?> c = loader.loadClass(type);
      Class<?> twin = loader.loadClass(twinName(c));
      Env env = new Env(mode);
      Object self = c.getConstructor(Env.class).newInstance(env);
      Method m = find(c, method, args.length);
      boolean isStatic = java.lang.reflect.Modifier.isStatic(m.getModifiers());
      Method stub = find(twin, method, args.length + (isStatic ? 0 : 1));
      stub.setAccessible(true);
      Object[] stubArgs = new Object[stub.getParameterCount()];
      int i = 0;
      if (!isStatic) {
        stubArgs[i++] = self;
      }
      System.arraycopy(args, 0, stubArgs, i, args.length);
      try {
        Object result = onLoop
            ? EventLoop.run(() -> start(stub, stubArgs))
            : start(stub, stubArgs).join();
        return new Outcome(result, null, env.snapshot());
      } catch (Throwable t) {
        return new Outcome(null, t, env.snapshot());
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Task<Object> start(Method stub, Object[] args) {
    try {
      return (Task<Object>) stub.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the stub itself failed", e);
    }
  }

  private static String twinName(Class<?> c) {
    String pkg = c.getPackageName();
    String flat = c.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
    return (pkg.isEmpty() ? "" : pkg + ".") + flat + "Async";
  }

  private static Method find(Class<?> c, String name, int arity) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity) {
        return m;
      }
    }
    throw new AssertionError("no method " + name + "/" + arity + " in " + c);
  }

  private static String deepToString(Object o) {
    if (o instanceof Object[]) {
      return java.util.Arrays.deepToString((Object[]) o);
    }
    if (o instanceof int[]) {
      return java.util.Arrays.toString((int[]) o);
    }
    return Objects.toString(o);
  }
}
