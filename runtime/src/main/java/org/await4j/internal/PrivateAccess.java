package org.await4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Handles on the members that an {@code @Async} body uses but its state machine (a class of its
 * own in the same package and module) cannot name: private members, protected members of
 * superclasses in other packages, {@code super} calls, enclosing instances. Each
 * machine keeps them in {@code static final} fields, which the JIT treats as constants: a call
 * through one costs what the direct access costs. Not API.
 */
public final class PrivateAccess {
  private PrivateAccess() {}

  /**
   * A lookup with the access of the source class, for its machine: granted, as the machine is
   * in the source's package and module (on the class path as in a named module). It reaches
   * what the source's body reaches: its own private members and its nestmates', and the
   * protected members of its superclasses in other packages.
   */
  public static MethodHandles.Lookup lookupIn(Class<?> source, MethodHandles.Lookup machine) {
    try {
      return MethodHandles.privateLookupIn(source, machine);
    } catch (IllegalAccessException e) {
      throw linkage(source, "lookup", e);
    }
  }

  /**
   * A private nested class of {@code topLevel}, which generated code cannot name, by its binary
   * name ({@code shop.Catalog$Worker}).
   */
  public static Class<?> nestedClass(Class<?> topLevel, String binaryName) {
    try {
      return Class.forName(binaryName, false, topLevel.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw linkage(topLevel, binaryName, e);
    }
  }

  /**
   * A method reference to a private method on a computed receiver ({@code next()::parse}), as
   * Java makes one: the receiver evaluated once, here, and null-checked; {@code reference}
   * makes the function over it.
   */
  public static <R, F> F bound(R receiver, java.util.function.Function<R, F> reference) {
    return reference.apply(java.util.Objects.requireNonNull(receiver));
  }

  /** A handle on the instance field {@code name} of {@code owner}. */
  public static VarHandle field(MethodHandles.Lookup source, Class<?> owner, String name,
      Class<?> type) {
    try {
      return source.findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, name, e);
    }
  }

  /** A handle on the static field {@code name} of {@code owner}. */
  public static VarHandle staticField(MethodHandles.Lookup source, Class<?> owner, String name,
      Class<?> type) {
    try {
      return source.findStaticVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, name, e);
    }
  }

  /**
   * A handle on the method {@code name(parameters)} of {@code owner}, static or not (an instance
   * method takes its receiver first); of fixed arity, as the machine passes varargs as an array.
   */
  public static MethodHandle method(MethodHandles.Lookup source, Class<?> owner, String name,
      Class<?>... parameters) {
    try {
      return source.unreflect(owner.getDeclaredMethod(name, parameters)).asFixedArity();
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, name, e);
    }
  }

  /**
   * A handle that calls {@code owner}'s method {@code name(parameters)} on the source instance
   * without dispatching to overrides: {@code super.name(...)}.
   */
  public static MethodHandle superMethod(MethodHandles.Lookup source, Class<?> owner,
      String name, Class<?>... parameters) {
    try {
      return source.unreflectSpecial(owner.getDeclaredMethod(name, parameters),
          source.lookupClass()).asFixedArity();
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, name, e);
    }
  }

  /** A handle on the constructor of {@code owner} that takes {@code parameters}. */
  public static MethodHandle constructor(MethodHandles.Lookup source, Class<?> owner,
      Class<?>... parameters) {
    try {
      return source.unreflectConstructor(owner.getDeclaredConstructor(parameters)).asFixedArity();
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, "<init>", e);
    }
  }

  /**
   * A handle on the enclosing instance that an object of the inner class {@code inner} keeps:
   * the compiler's synthetic field of type {@code outer} (javac and ECJ keep it whenever the
   * inner class's code uses its enclosing instance, as the @Async body that needs this does).
   */
  public static VarHandle enclosingInstance(MethodHandles.Lookup source, Class<?> inner,
      Class<?> outer) {
    try {
      for (java.lang.reflect.Field f : inner.getDeclaredFields()) {
        if (f.isSynthetic() && f.getType() == outer
            && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
          return source.unreflectVarHandle(f);
        }
      }
      throw new NoSuchFieldException("no enclosing instance field of type " + outer.getName());
    } catch (ReflectiveOperationException e) {
      throw linkage(inner, "this$0", e);
    }
  }

  /**
   * A factory ({@code (shape) -> type}) of instances of the private functional interface
   * {@code type}, which the machine cannot implement (it is not the source's nestmate), each
   * calling the one method of {@code shape}: a package-private interface of the machine with
   * the same function, that the body's lambda implements. Made by the JDK's lambda
   * metafactory with the source class's lookup, as javac makes the source's own lambdas.
   */
  public static MethodHandle implementation(MethodHandles.Lookup source, Class<?> type,
      String name, Class<?> shape) {
    java.lang.reflect.Method function = null;
    for (java.lang.reflect.Method m : type.getMethods()) {
      if (m.getName().equals(name) && java.lang.reflect.Modifier.isAbstract(m.getModifiers())) {
        function = m;
        break;
      }
    }
    java.lang.reflect.Method own = shape.getDeclaredMethods()[0];
    if (function == null) {
      throw linkage(type, name, new NoSuchMethodException(name));
    }
    // the instance's method takes the shape's more specific parameter types where they are
    // (String for a T), else the interface's (a private class, held as an Object in the shape)
    Class<?>[] parameters = function.getParameterTypes();
    Class<?>[] instantiated = new Class<?>[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      Class<?> mine = own.getParameterTypes()[i];
      instantiated[i] = parameters[i].isAssignableFrom(mine) ? mine : parameters[i];
    }
    java.lang.invoke.MethodType erased = java.lang.invoke.MethodType.methodType(
        function.getReturnType(), parameters);
    try {
      MethodHandle target = source.findVirtual(shape, own.getName(),
          java.lang.invoke.MethodType.methodType(own.getReturnType(), own.getParameterTypes()));
      return java.lang.invoke.LambdaMetafactory.metafactory(source, name,
          java.lang.invoke.MethodType.methodType(type, shape), erased, target,
          java.lang.invoke.MethodType.methodType(function.getReturnType(), instantiated))
          .getTarget();
    } catch (ReflectiveOperationException | java.lang.invoke.LambdaConversionException e) {
      throw linkage(type, name, e);
    }
  }

  private static LinkageError linkage(Class<?> owner, String name, Exception e) {
    // the source changed after its machine was generated: recompile both together
    LinkageError error = new IncompatibleClassChangeError(
        owner.getName() + "." + name + " is not what its state machine was compiled against");
    error.initCause(e);
    return error;
  }
}
