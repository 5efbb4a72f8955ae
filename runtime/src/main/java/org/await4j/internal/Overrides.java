package org.await4j.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.await4j.Task;

/**
 * Virtual dispatch for async twins. Called directly, {@code x.page(u)} runs the override of the
 * runtime class of {@code x}; so must {@code CatalogAsync.page(x, u)}. A twin calls {@link
 * Site#call} only when the receiver's class is not the declaring class; the answer is cached per
 * runtime class. Not API.
 */
public final class Overrides {
  private Overrides() {}

  private static final Target OWN = new Target(null, false);

  /** One overridable @Async method: its declaring class, name and erased parameter types. */
  public static Site site(Class<?> declaring, String name, Class<?>... parameterTypes) {
    return new Site(declaring, name, parameterTypes);
  }

  /** The dispatch of one method, with its answer cached per runtime class. */
  public static final class Site {
    private final ClassValue<Target> targets;

    Site(Class<?> declaring, String name, Class<?>[] parameterTypes) {
      this.targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> runtime) {
          return resolve(runtime, declaring, name, parameterTypes);
        }
      };
    }

    /**
     * Runs the override that {@code self}'s class inherits, or returns null when that is the
     * declaring class's own body (the caller then starts its own machine). An override that is
     * itself {@code @Async} starts through its own twin; a plain override runs now and its
     * outcome becomes a done task, exactly as a direct call would behave.
     */
    @SuppressWarnings("unchecked")
    public <T> Task<T> call(Object self, Object[] args) {
      Target target = targets.get(self.getClass());
      if (target == OWN) {
        return null;
      }
      try {
        if (target.isTwin) {
          Object[] withSelf = new Object[args.length + 1];
          withSelf[0] = self;
          System.arraycopy(args, 0, withSelf, 1, args.length);
          return (Task<T>) target.method.invoke(null, withSelf);
        }
        return Task.completed((T) target.method.invoke(self, args));
      } catch (InvocationTargetException e) {
        return Task.failed(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot call the override " + target.method, e);
      }
    }
  }

  private static Target resolve(Class<?> runtime, Class<?> declaring, String name,
      Class<?>[] parameterTypes) {
    for (Class<?> c = runtime; c != null && c != declaring; c = c.getSuperclass()) {
      Method m;
      try {
        m = c.getDeclaredMethod(name, parameterTypes);
      } catch (NoSuchMethodException notHere) {
        continue;
      }
      if (Modifier.isStatic(m.getModifiers()) || Modifier.isAbstract(m.getModifiers())
          || m.isBridge() || m.isSynthetic()) {
        continue;
      }
      Method twin = twinOf(c, name, parameterTypes);
      try {
        if (twin != null) {
          twin.setAccessible(true);
          return new Target(twin, true);
        }
        m.setAccessible(true);
        return new Target(m, false);
      } catch (RuntimeException inaccessible) {
        return OWN; // a module that does not open the package: fall back to the declaring body
      }
    }
    return OWN;
  }

  /** The stub {@code <C>Async.name(C self, params...)}, if C's override is @Async. */
  private static Method twinOf(Class<?> c, String name, Class<?>[] parameterTypes) {
    String pkg = c.getPackageName();
    String flat = c.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
    try {
      Class<?> twin = Class.forName((pkg.isEmpty() ? "" : pkg + ".") + flat + "Async", false,
          c.getClassLoader());
      Class<?>[] withSelf = new Class<?>[parameterTypes.length + 1];
      withSelf[0] = c;
      System.arraycopy(parameterTypes, 0, withSelf, 1, parameterTypes.length);
      Method m = twin.getDeclaredMethod(name, withSelf);
      return Task.class.isAssignableFrom(m.getReturnType()) ? m : null;
    } catch (ClassNotFoundException | NoSuchMethodException notAsync) {
      return null;
    }
  }

  private static final class Target {
    final Method method;
    final boolean isTwin;

    Target(Method method, boolean isTwin) {
      this.method = method;
      this.isTwin = isTwin;
    }
  }
}
