package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.stream.Collectors;
import org.await4j.Task;
import org.await4j.processor.AsyncProcessor;
import org.await4j.testing.CompiledClasses;

/**
 * One user class compiled in memory with the processor, loaded, with reflective calls of its
 * methods and of their async twins.
 */
final class Compiled {
  private final Class<?> type;
  private final Class<?> twin;

  private Compiled(Class<?> type, Class<?> twin) {
    this.type = type;
    this.twin = twin;
  }

  /** Compiles {@code source} (class {@code name}) with the processor and loads it. */
  static Compiled of(String name, String source) {
    Compilation c = Compiler.javac().withProcessors(new AsyncProcessor())
        .compile(JavaFileObjects.forSourceString(name, source));
    String diagnostics = c.diagnostics().stream()
        .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(null))
        .collect(Collectors.joining("\n"));
    assertWithMessage(diagnostics).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    ClassLoader loader = CompiledClasses.loader(c);
    try {
      Class<?> type = loader.loadClass(name);
      return new Compiled(type, loader.loadClass(name + "Async"));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** A new instance (public no-argument constructor). */
  Object newInstance() {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Starts the async twin of {@code method} with {@code self} first: returns its task. */
  @SuppressWarnings("unchecked")
  <T> Task<T> start(Object self, String method, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = self;
    System.arraycopy(args, 0, all, 1, args.length);
    return (Task<T>) invoke(find(twin, method, all.length), null, all);
  }

  /** Calls {@code method} directly: the blocking run of the same body. */
  @SuppressWarnings("unchecked")
  <T> T callBlocking(Object self, String method, Object... args) throws Throwable {
    Method m = find(type, method, args.length);
    try {
      return (T) m.invoke(self, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object invoke(Method m, Object self, Object[] args) {
    try {
      return m.invoke(self, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError("the stub itself failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static Method find(Class<?> c, String name, int arity) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no method " + name + "/" + arity + " in " + c);
  }
}
