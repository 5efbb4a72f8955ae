package org.await4j.internal;

import java.lang.module.ResolvedModule;

/**
 * Casts to a private nested class, which its machine cannot name: {@code (Worker) o} in a body
 * checks what the JVM's cast checks and fails with the same {@link ClassCastException}, message
 * included, so that a body's run as a machine fails as its blocking run does. Not API.
 */
public final class PrivateCasts {
  private PrivateCasts() {}

  /** {@code (type) value}. */
  public static Object cast(Class<?> type, Object value) {
    if (value == null || type.isInstance(value)) {
      return value;
    }
    ClassCastException e = new ClassCastException(message(value.getClass(), type));
    StackTraceElement[] frames = e.getStackTrace();
    // thrown where the body casts, as the JVM's is: not from this helper
    e.setStackTrace(java.util.Arrays.copyOfRange(frames, Math.min(1, frames.length), frames.length));
    throw e;
  }

  /** {@code value} if it is an instance of {@code type}, else null: {@code value instanceof Type t}. */
  public static Object orNull(Class<?> type, Object value) {
    return type.isInstance(value) ? value : null;
  }

  /** {@code new Type[d0][d1]...}: an array of a class its machine cannot name. */
  public static Object newArray(Class<?> component, int... dimensions) {
    return java.lang.reflect.Array.newInstance(component, dimensions);
  }

  /** {@code new Type[] {e0, e1, ...}}. */
  public static Object arrayOf(Class<?> component, Object... elements) {
    Object array = java.lang.reflect.Array.newInstance(component, elements.length);
    System.arraycopy(elements, 0, array, 0, elements.length);
    return array;
  }

  /**
   * The JVM's message (HotSpot's {@code SharedRuntime::generate_class_cast_message}):
   * {@code class A cannot be cast to class B (A is in module m of loader 'app'; B is in unnamed
   * module of loader 'app')}, or {@code (A and B are in ...)} when they share a module.
   */
  static String message(Class<?> from, Class<?> to) {
    String where = module(from) == module(to)
        ? from.getName() + " and " + inModule(to, "are")
        : inModule(from, "is") + "; " + inModule(to, "is");
    return "class " + from.getName() + " cannot be cast to class " + to.getName() + " (" + where + ")";
  }

  private static String inModule(Class<?> c, String verb) {
    Module m = module(c);
    String module = m.isNamed() ? "module " + m.getName() + version(m) : "unnamed module";
    return c.getName() + " " + verb + " in " + module + " of loader " + loader(m.getClassLoader());
  }

  private static Module module(Class<?> c) {
    Class<?> bottom = c;
    while (bottom.isArray()) {
      bottom = bottom.getComponentType();
    }
    return bottom.isPrimitive() ? Object.class.getModule() : bottom.getModule();
  }

  /** {@code @1.2} for a module with a version, except the JDK's own (as HotSpot shows them). */
  private static String version(Module m) {
    java.util.Optional<String> version = m.getDescriptor() == null ? java.util.Optional.empty()
        : m.getDescriptor().rawVersion();
    if (version.isEmpty()) {
      return "";
    }
    ClassLoader loader = m.getClassLoader();
    boolean jdkLoader = loader == null || loader == ClassLoader.getPlatformClassLoader();
    String location = m.getLayer() == null ? "" : m.getLayer().configuration()
        .findModule(m.getName()).map(ResolvedModule::reference)
        .flatMap(java.lang.module.ModuleReference::location).map(Object::toString).orElse("");
    return jdkLoader && location.startsWith("jrt:/java.") ? "" : "@" + version.get();
  }

  /** {@code 'app'}, {@code 'bootstrap'}, or a loader's name or class and identity: its name and id. */
  private static String loader(ClassLoader loader) {
    if (loader == null) {
      return "'bootstrap'";
    }
    String name = loader.getName() != null ? "'" + loader.getName() + "'" : loader.getClass().getName();
    boolean builtin = loader.getClass().getName().startsWith("jdk.internal.loader.");
    return builtin ? name : name + " @" + Integer.toHexString(System.identityHashCode(loader));
  }
}
