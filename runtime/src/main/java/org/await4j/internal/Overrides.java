package org.await4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
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

  /** How many overriding classes a site's inline cache holds (see {@link Site#dispatcher}). */
  private static final int CACHED_CLASSES = 4;

  private static final MethodHandle LINK;
  private static final MethodHandle OVERRIDE;
  private static final MethodHandle IS_CLASS;

  static {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      LINK = lookup.findVirtual(Site.class, "link", MethodType.methodType(MethodHandle.class,
          MutableCallSite.class, Target[].class, Object.class));
      OVERRIDE = lookup.findVirtual(Site.class, "override",
          MethodType.methodType(MethodHandle.class, Object.class));
      IS_CLASS = lookup.findStatic(Overrides.class, "isClass",
          MethodType.methodType(boolean.class, Class.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static boolean isClass(Class<?> c, Object o) {
    return o.getClass() == c;
  }

  /**
   * One overridable @Async method: its declaring class, what its fast path returns (a primitive,
   * {@code void}, or Object for any reference), its name and erased parameter types.
   */
  public static Site site(Class<?> declaring, Class<?> returns, String name,
      Class<?>... parameterTypes) {
    Site site = new Site(declaring, name, parameterTypes);
    site.fastType = fastType(returns, parameterTypes);
    return site;
  }

  /**
   * As above, with the twin's {@code lookup}: in a named module that does not open its packages
   * to this runtime, reflection cannot reach the overrides (nor the method itself), and the
   * lookup, which has the twin's access, reaches those of its own module.
   */
  public static Site site(MethodHandles.Lookup lookup, Class<?> declaring, Class<?> returns,
      String name, Class<?>... parameterTypes) {
    Site site = site(declaring, returns, name, parameterTypes);
    site.lookup = lookup;
    return site;
  }

  /** As above, the result's type read from the declaring class when first needed. */
  public static Site site(Class<?> declaring, String name, Class<?>... parameterTypes) {
    return new Site(declaring, name, parameterTypes);
  }

  /** {@code (EventLoop, Object, params...)}, references as Objects, returning likewise. */
  private static MethodType fastType(Class<?> returns, Class<?>[] parameterTypes) {
    MethodType type = MethodType.methodType(erased(returns), org.await4j.EventLoop.class, Object.class);
    for (Class<?> p : parameterTypes) {
      type = type.appendParameterTypes(erased(p));
    }
    return type;
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
    /** The last overriding class's target (racy, as above). */
    private Target lastOverride;
    /** The type of {@link #override}'s handles (worked out at the first override if not given). */
    private MethodType fastType;
    /** The twin's lookup, or null (a twin written before it passed one). */
    private MethodHandles.Lookup lookup;

    Site(Class<?> declaring, String name, Class<?>[] parameterTypes) {
      this.declaring = declaring;
      this.lastInheriting = declaring;
      this.name = name;
      this.parameterTypes = parameterTypes;
      this.targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> runtime) {
          return resolve(runtime, Site.this);
        }
      };
    }

    /**
     * Whether a call on {@code self} must run an override: its class is not the declaring class
     * and does not inherit the declaring class's body (decided once per class).
     */
    public boolean overriddenBy(Object self) {
      Class<?> runtime = self.getClass();
      return runtime != lastInheriting && runtime != declaring && overrides(runtime);
    }

    /**
     * What a fast path calls once {@link #overriddenBy} said that {@code self}'s class overrides
     * the method: {@link #override}'s handle for that class, behind an inline cache. Held in a
     * {@code static final} field of the twin, it is a constant to the JIT, which inlines through
     * the cache's guard (a class comparison) into the override itself. A site that sees more
     * than a few overriding classes calls {@link #override} for each call instead.
     */
    public MethodHandle dispatcher() {
      MutableCallSite cache = new MutableCallSite(fastType());
      cache.setTarget(fallback(cache, new Target[0]));
      return cache.dynamicInvoker();
    }

    /**
     * The cache's fallback, after the {@code linked} entries: it links the target of {@code self}'s
     * class in and calls it; once the cache is full, it calls {@link #override}.
     */
    private MethodHandle fallback(MutableCallSite cache, Target[] linked) {
      MethodHandle find = linked.length < CACHED_CLASSES
          ? MethodHandles.insertArguments(LINK, 0, this, cache, linked) : OVERRIDE.bindTo(this);
      return MethodHandles.foldArguments(MethodHandles.exactInvoker(cache.type()),
          MethodHandles.dropArguments(find, 0, org.await4j.EventLoop.class));
    }

    /** Adds {@code self}'s class's target to the cache (a guard on its class); returns it. */
    private MethodHandle link(MutableCallSite cache, Target[] linked, Object self) {
      Target target = targets.get(self.getClass());
      Target[] now = java.util.Arrays.copyOf(linked, linked.length + 1);
      now[linked.length] = target;
      MethodHandle chain = fallback(cache, now);
      for (int i = now.length - 1; i >= 0; i--) {
        MethodHandle isIt = MethodHandles.dropArguments(IS_CLASS.bindTo(now[i].runtime), 0,
            org.await4j.EventLoop.class);
        chain = MethodHandles.guardWithTest(isIt, now[i].fast, chain);
      }
      cache.setTarget(chain);
      return target.fast;
    }

    /**
     * The override that {@code self}'s class runs, once {@link #overriddenBy} said it has one:
     * {@code (EventLoop loop, Object self, params...)} returning what a fast path returns, with
     * every reference parameter and result as an Object, to be called with {@code invokeExact}.
     * An {@code @Async} override runs its own fast path (which may hand off a machine, as any fast
     * path does); a plain one runs and returns, or throws.
     */
    public MethodHandle override(Object self) {
      Class<?> runtime = self.getClass();
      Target last = lastOverride;
      return last != null && last.runtime == runtime ? last.fast : targets.get(runtime).fast;
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

    /** Whether objects of class {@code runtime} run an override (remembered either way). */
    private boolean overrides(Class<?> runtime) {
      Target last = lastOverride;
      if (last != null && last.runtime == runtime) {
        return true;
      }
      Target target = targets.get(runtime);
      if (target.fast == null) {
        lastInheriting = runtime;
        return false;
      }
      lastOverride = target;
      return true;
    }

    /** The type of {@link #override}'s handles: see {@link Overrides#fastType}. */
    MethodType fastType() {
      MethodType type = fastType;
      if (type == null) {
        Class<?> returns;
        try {
          returns = declaring.getDeclaredMethod(name, parameterTypes).getReturnType();
        } catch (NoSuchMethodException | SecurityException unseen) {
          returns = Object.class;
        }
        fastType = type = Overrides.fastType(returns, parameterTypes);
      }
      return type;
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
      if (target.fast == null) {
        return null;
      }
      Object outcome;
      try {
        outcome = target.call.invokeExact(self, args);
      } catch (Throwable failure) {
        return Task.failed(failure);
      }
      return target.isTwin ? (Task<T>) outcome : Task.completed((T) outcome);
    }
  }

  /**
   * A handle on {@code m}, of fixed arity: a varargs method's handle would otherwise collect its
   * array argument into another array when adapted (it takes the array as callers pass it).
   */
  private static MethodHandle handle(Method m) throws IllegalAccessException {
    return MethodHandles.lookup().unreflect(m).asFixedArity();
  }

  /**
   * {@code m} as a handle, made accessible first: by reflection, or, where a named module does
   * not open the package to this runtime, through the twin's lookup (its own module's packages).
   */
  private static MethodHandle handle(Site site, Method m) throws IllegalAccessException {
    try {
      m.setAccessible(true);
      return handle(m);
    } catch (RuntimeException | IllegalAccessException closed) {
      if (site.lookup == null) {
        throw closed;
      }
      return MethodHandles.privateLookupIn(m.getDeclaringClass(), site.lookup).unreflect(m)
          .asFixedArity();
    }
  }

  private static Class<?> erased(Class<?> c) {
    return c.isPrimitive() ? c : Object.class;
  }

  private static Target resolve(Class<?> runtime, Site site) {
    boolean packageAccess = packageAccess(site);
    for (Class<?> c = runtime; c != null && c != site.declaring; c = c.getSuperclass()) {
      Method m;
      try {
        m = c.getDeclaredMethod(site.name, site.parameterTypes);
      } catch (NoSuchMethodException notHere) {
        continue;
      }
      if (Modifier.isPrivate(m.getModifiers())
          || packageAccess && !samePackage(c, site.declaring)) {
        continue; // JLS 8.4.8.1: no override (a package-private method, from another package)
      }
      Target override = overrideTarget(runtime, site, c, m);
      if (override != null) {
        return override;
      }
    }
    // no class declares it: a sub-interface's default method may override the interface's own
    Method m = site.declaring.isInterface() ? mostSpecificDefault(runtime, site) : null;
    Target override = m == null ? null : overrideTarget(runtime, site, m.getDeclaringClass(), m);
    return override != null ? override : virtualCall(runtime, site, false);
  }

  /** Whether the site's method is package-private: only a class of its package overrides it. */
  private static boolean packageAccess(Site site) {
    try {
      int mods = site.declaring.getDeclaredMethod(site.name, site.parameterTypes).getModifiers();
      return !site.declaring.isInterface()
          && (mods & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE)) == 0;
    } catch (NoSuchMethodException | RuntimeException e) {
      return false;
    }
  }

  /** Whether two classes are of one runtime package: one name, one class loader. */
  private static boolean samePackage(Class<?> a, Class<?> b) {
    return a.getClassLoader() == b.getClassLoader() && a.getPackageName().equals(b.getPackageName());
  }

  /** {@code m}, declared by {@code c}, as the override objects of {@code runtime} run; or null. */
  private static Target overrideTarget(Class<?> runtime, Site site, Class<?> c, Method m) {
    if (m.isBridge()) {
      // a generic override (String get(String) for T get(T)): the method the bridge calls
      m = bridged(c, m);
    }
    if (m == null || Modifier.isStatic(m.getModifiers()) || Modifier.isAbstract(m.getModifiers())
        || m.isSynthetic()) {
      return null;
    }
    Method twin = twinOf(c, site.name, m.getParameterTypes());
    try {
      if (twin != null) {
        return Target.twin(runtime, site, handle(site, twin), fastOf(site, twin));
      }
      return Target.plain(runtime, site, handle(site, m));
    } catch (RuntimeException | IllegalAccessException inaccessible) {
      // a module that opens the package neither to this runtime nor to the twin's module: call
      // it as a plain virtual call
      return virtualCall(runtime, site, true);
    }
  }

  /**
   * No class of {@code runtime}'s chain declares the interface method: the default method the
   * JVM selects (the most specific one, a sub-interface's over the one it overrides), if it is
   * not the declaring interface's own; else null.
   */
  private static Method mostSpecificDefault(Class<?> runtime, Site site) {
    try {
      Method m = runtime.getMethod(site.name, site.parameterTypes);
      return m.getDeclaringClass() != site.declaring && m.isDefault() ? m : null;
    } catch (NoSuchMethodException | SecurityException none) {
      return null;
    }
  }

  /**
   * The declaring class's method as a plain virtual call: for an abstract method (an interface's,
   * whose implementation may be a default method or a lambda's), or for an override that cannot
   * be reached otherwise; else (no override) the declaring class's own body, as no target.
   */
  private static Target virtualCall(Class<?> runtime, Site site, boolean overridden) {
    try {
      Method declared = site.declaring.getDeclaredMethod(site.name, site.parameterTypes);
      if (!overridden && !Modifier.isAbstract(declared.getModifiers())) {
        return new Target(runtime, null, null, false);
      }
      return Target.plain(runtime, site, handle(site, declared));
    } catch (NoSuchMethodException | RuntimeException | IllegalAccessException e) {
      return new Target(runtime, null, null, false);
    }
  }

  /**
   * The fast path of an {@code @Async} override: the twin class's {@code name$fast} beside
   * {@code twin}, with the same parameters after the loop; null if the twin has none.
   */
  private static MethodHandle fastOf(Site site, Method twin) throws IllegalAccessException {
    Class<?>[] withLoop = new Class<?>[twin.getParameterCount() + 1];
    withLoop[0] = org.await4j.EventLoop.class;
    System.arraycopy(twin.getParameterTypes(), 0, withLoop, 1, twin.getParameterCount());
    try {
      Method fast = twin.getDeclaringClass().getDeclaredMethod(twin.getName() + "$fast", withLoop);
      return handle(site, fast);
    } catch (NoSuchMethodException none) {
      return null;
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

  /** What objects of one runtime class run for a site. */
  private static final class Target {
    private static final MethodHandle HANDED_OFF;

    static {
      try {
        HANDED_OFF = MethodHandles.lookup().findStatic(Target.class, "handedOff",
            MethodType.methodType(Object.class, org.await4j.EventLoop.class, Task.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Class<?> runtime;
    /** {@link Site#override}'s handle; null when the class runs the declaring class's body. */
    final MethodHandle fast;
    /** {@code (Object self, Object[] args) -> Object}, for calls off a loop. */
    final MethodHandle call;
    final boolean isTwin;

    Target(Class<?> runtime, MethodHandle fast, MethodHandle call, boolean isTwin) {
      this.runtime = runtime;
      this.fast = fast;
      this.call = call;
      this.isTwin = isTwin;
    }

    /** A plain method (an override, or an abstract method's implementation): a virtual call. */
    static Target plain(Class<?> runtime, Site site, MethodHandle method) {
      MethodHandle fast = MethodHandles.dropArguments(method, 0, org.await4j.EventLoop.class);
      return new Target(runtime, fast.asType(site.fastType()), spread(method), false);
    }

    /**
     * An {@code @Async} override: its fast path, or (a twin written without one) its twin with
     * the task waited for as a fast path waits for a spilled machine.
     */
    static Target twin(Class<?> runtime, Site site, MethodHandle twin, MethodHandle fastPath) {
      MethodHandle fast = fastPath != null ? fastPath.asType(site.fastType())
          // a primitive result handed off is a zero, as a fast path returns
          : MethodHandles.explicitCastArguments(MethodHandles.collectArguments(HANDED_OFF, 1, twin),
              site.fastType());
      return new Target(runtime, fast, spread(twin), true);
    }

    private static MethodHandle spread(MethodHandle method) {
      int params = method.type().parameterCount() - 1;
      return method.asSpreader(1, Object[].class, params)
          .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
    }

    /** A twin's task as a fast path's result: its value, or handed off to the caller. */
    @SuppressWarnings("unchecked")
    private static Object handedOff(org.await4j.EventLoop loop, Task<?> task) {
      return FastPath.overrideFast(loop, (Task<Object>) task, null);
    }
  }
}
