package org.await4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.await4j.Task;

/**
 * Virtual dispatch for async twins. Called directly, {@code x.page(u)} runs the override of the
 * runtime class of {@code x}; so must {@code CatalogAsync.page(x, u)}: an {@code @Async} override
 * through its own twin, a plain one as a done task. A twin asks {@link Site#overriddenBy}, and
 * calls {@link Site#call} when the receiver's class does not run the declaring class's body; the
 * answer is decided once per runtime class. An abstract {@code @Async}
 * method's twin always calls {@link Site#call}. Not API.
 */
public final class Overrides {
  private Overrides() {}

  private static final Target OWN = new Target(null, 0, false);

  /** One overridable @Async method: its declaring class, name and erased parameter types. */
  public static Site site(Class<?> declaring, String name, Class<?>... parameterTypes) {
    return new Site(declaring, name, parameterTypes);
  }

  /** The dispatch of one method, with its answer cached per runtime class. */
  public static final class Site {
    private final ClassValue<Target> targets;
    private final Class<?> declaring;
    private final String name;
    private final Class<?>[] parameterTypes;
    /**
     * The last class seen to run the declaring class's body (at first the declaring class): a
     * call on an object of it costs one comparison, whether it is the declaring class or a
     * subclass that does not override. A racy cache: any value it holds is a right answer.
     */
    private Class<?> lastInheriting;

    Site(Class<?> declaring, String name, Class<?>[] parameterTypes) {
      this.declaring = declaring;
      this.lastInheriting = declaring;
      this.name = name;
      this.parameterTypes = parameterTypes;
      this.targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> runtime) {
          return resolve(runtime, declaring, name, parameterTypes);
        }
      };
    }

    /**
     * Whether a call on {@code self} must run an override: its class is not the declaring class
     * and does not inherit the declaring class's body (decided once per class).
     */
    public boolean overriddenBy(Object self) {
      Class<?> runtime = self.getClass();
      return runtime != lastInheriting && runtime != declaring && !inheritsBody(runtime);
    }

    /**
     * Whether a twin called off a loop must not start the declaring class's machine on
     * {@code self}: in blocking debug mode the source method runs instead, else an override
     * does if {@code self}'s class has one. Then {@link #callDiverted} runs the call.
     */
    public boolean divertedBy(Object self) {
      return org.await4j.Debug.BLOCKING || overriddenBy(self);
    }

    /** Runs a call that {@link #divertedBy} diverted. */
    public <T> Task<T> callDiverted(Object self, Object[] args) {
      if (org.await4j.Debug.BLOCKING) {
        return org.await4j.Debug.callBlocking(declaring, name, parameterTypes, self, args);
      }
      return call(self, args);
    }

    /** Whether objects of class {@code runtime} run the declaring class's own body. */
    private boolean inheritsBody(Class<?> runtime) {
      if (targets.get(runtime) == OWN) {
        lastInheriting = runtime;
        return true;
      }
      return false;
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
      Object outcome;
      try {
        outcome = target.handle.invokeExact(self, args);
      } catch (Throwable failure) {
        return Task.failed(failure);
      }
      return target.isTwin ? (Task<T>) outcome : Task.completed((T) outcome);
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
      if (m.isBridge()) {
        // a generic override (String get(String) for T get(T)): the method the bridge calls
        m = bridged(c, m);
      }
      if (m == null || Modifier.isStatic(m.getModifiers()) || Modifier.isAbstract(m.getModifiers())
          || m.isSynthetic()) {
        continue;
      }
      Method twin = twinOf(c, name, m.getParameterTypes());
      try {
        if (twin != null) {
          twin.setAccessible(true);
          return new Target(MethodHandles.lookup().unreflect(twin), 1, true);
        }
        m.setAccessible(true);
        return new Target(MethodHandles.lookup().unreflect(m), 1, false);
      } catch (RuntimeException | IllegalAccessException inaccessible) {
        break; // a module that does not open the package: call it as a plain virtual call
      }
    }
    return abstractOrOwn(declaring, name, parameterTypes);
  }

  /**
   * No override found in the class chain: the declaring class's own body, or, for an abstract
   * method (an interface's, whose implementation may be a default method or a lambda's), a plain
   * virtual call.
   */
  private static Target abstractOrOwn(Class<?> declaring, String name, Class<?>[] parameterTypes) {
    try {
      Method declared = declaring.getDeclaredMethod(name, parameterTypes);
      if (!Modifier.isAbstract(declared.getModifiers())) {
        return OWN;
      }
      declared.setAccessible(true);
      return new Target(MethodHandles.lookup().unreflect(declared), 1, false);
    } catch (NoSuchMethodException | RuntimeException | IllegalAccessException e) {
      return OWN;
    }
  }

  /** The one method of {@code c} that {@code bridge} may stand for, or null. */
  private static Method bridged(Class<?> c, Method bridge) {
    Method found = null;
    for (Method m : c.getDeclaredMethods()) {
      if (m.isBridge() || !m.getName().equals(bridge.getName())
          || m.getParameterCount() != bridge.getParameterCount()
          || !bridge.getReturnType().isAssignableFrom(m.getReturnType())) {
        continue;
      }
      boolean fits = true;
      for (int i = 0; i < m.getParameterCount(); i++) {
        fits &= bridge.getParameterTypes()[i].isAssignableFrom(m.getParameterTypes()[i]);
      }
      if (fits) {
        if (found != null) {
          return null; // ambiguous: leave it to the virtual call
        }
        found = m;
      }
    }
    return found;
  }

  /**
   * The stub {@code <C>Async.name(C self, params...)}, if C's override is @Async. A private
   * class's stub takes its self, and any private class among its parameters, as a type the
   * twin can name (an Object, a nameable supertype).
   */
  private static Method twinOf(Class<?> c, String name, Class<?>[] parameterTypes) {
    String pkg = c.getPackageName();
    String flat = c.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
    Class<?> twin;
    try {
      twin = Class.forName((pkg.isEmpty() ? "" : pkg + ".") + flat + "Async", false,
          c.getClassLoader());
    } catch (ClassNotFoundException notAsync) {
      return null;
    }
    Class<?>[] withSelf = new Class<?>[parameterTypes.length + 1];
    withSelf[0] = c;
    System.arraycopy(parameterTypes, 0, withSelf, 1, parameterTypes.length);
    try {
      Method m = twin.getDeclaredMethod(name, withSelf);
      return Task.class.isAssignableFrom(m.getReturnType()) ? m : null;
    } catch (NoSuchMethodException notExactly) {
      Method found = null;
      for (Method m : twin.getDeclaredMethods()) {
        if (m.getName().equals(name) && Task.class.isAssignableFrom(m.getReturnType())
            && Modifier.isStatic(m.getModifiers()) && takes(m.getParameterTypes(), withSelf)) {
          if (found != null) {
            return null; // overloads that cannot be told apart: not a twin we can pick
          }
          found = m;
        }
      }
      return found;
    }
  }

  private static boolean takes(Class<?>[] declared, Class<?>[] actual) {
    if (declared.length != actual.length) {
      return false;
    }
    for (int i = 0; i < declared.length; i++) {
      if (!declared[i].isAssignableFrom(actual[i])) {
        return false;
      }
    }
    return true;
  }

  private static final class Target {
    /** {@code (Object self, Object[] args) -> Object}: no reflection on a call. */
    final MethodHandle handle;
    final boolean isTwin;

    Target(MethodHandle method, int argsFrom, boolean isTwin) {
      this.handle = method == null ? null
          : method.asSpreader(argsFrom, Object[].class, method.type().parameterCount() - argsFrom)
              .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
      this.isTwin = isTwin;
    }
  }
}
