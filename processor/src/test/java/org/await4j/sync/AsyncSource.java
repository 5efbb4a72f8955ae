package org.await4j.sync;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.internal.Exceptions;
import org.await4j.processor.TestCompiler;

/** One source compiled with the processor, whose @Async methods tests start on a new loop. */
final class AsyncSource {
  /** What every test source may use: a yield to the loop, asyncio's {@code sleep(0)}. */
  static final String YIELD = """
      final class Yield extends org.await4j.Task<Void> implements Runnable {
        static org.await4j.Task<Void> now() {
          Yield y = new Yield();
          org.await4j.EventLoop.current().execute(y);
          return y;
        }

        @Override public void run() {
          succeed(null);
        }
      }
      """;

  private final ClassLoader loader;

  AsyncSource(String name, String source) {
    this.loader = TestCompiler.compileAndLoad(name, source + YIELD);
  }

  /** A new instance of {@code type}, by its no-argument constructor. */
  Object create(String type) {
    try {
      return loader.loadClass(type).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Runs {@code self.method(args)} as a state machine on a new loop (its twin, called inside
   * {@link EventLoop#run}) and returns the result; an exception is rethrown unchanged.
   */
  Object run(Object self, String method, Object... args) {
    return EventLoop.run(() -> start(self, method, args));
  }

  /** Starts the twin of {@code self.method(args)} on the current loop. */
  Task<?> start(Object self, String method, Object... args) {
    Class<?> c = self.getClass();
    try {
      Class<?> twin = loader.loadClass(c.getName() + "Async");
      for (Method m : twin.getDeclaredMethods()) {
        if (m.getName().equals(method) && Modifier.isStatic(m.getModifiers())
            && m.getParameterCount() == args.length + 1) {
          m.setAccessible(true);
          Object[] all = new Object[args.length + 1];
          all[0] = self;
          System.arraycopy(args, 0, all, 1, args.length);
          return (Task<?>) m.invoke(null, all);
        }
      }
      throw new AssertionError("no twin " + method + " in " + twin);
    } catch (InvocationTargetException e) {
      throw Exceptions.sneakyThrow(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
