package org.await4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Handles on the private members that an {@code @Async} body uses, for its state machine (a
 * class of its own in the same package and module, which Java does not let see them). Each
 * machine keeps them in {@code static final} fields, which the JIT treats as constants: a call
 * through one costs what the direct access costs. Not API.
 */
public final class PrivateAccess {
  private PrivateAccess() {}

  /** A handle on the instance field {@code name} of {@code owner}. */
  public static VarHandle field(MethodHandles.Lookup machine, Class<?> owner, String name,
      Class<?> type) {
    try {
      return lookupIn(owner, machine).findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, name, e);
    }
  }

  /** A handle on the static field {@code name} of {@code owner}. */
  public static VarHandle staticField(MethodHandles.Lookup machine, Class<?> owner, String name,
      Class<?> type) {
    try {
      return lookupIn(owner, machine).findStaticVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, name, e);
    }
  }

  /**
   * A handle on the method {@code name(parameters)} of {@code owner}, static or not (an instance
   * method takes its receiver first); of fixed arity, as the machine passes varargs as an array.
   */
  public static MethodHandle method(MethodHandles.Lookup machine, Class<?> owner, String name,
      Class<?>... parameters) {
    try {
      return lookupIn(owner, machine).unreflect(owner.getDeclaredMethod(name, parameters))
          .asFixedArity();
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, name, e);
    }
  }

  /** A handle on the constructor of {@code owner} that takes {@code parameters}. */
  public static MethodHandle constructor(MethodHandles.Lookup machine, Class<?> owner,
      Class<?>... parameters) {
    try {
      return lookupIn(owner, machine)
          .unreflectConstructor(owner.getDeclaredConstructor(parameters)).asFixedArity();
    } catch (ReflectiveOperationException e) {
      throw linkage(owner, "<init>", e);
    }
  }

  /**
   * The machine is in the owner's package and module, so a private lookup is always granted
   * (on the class path as in a named module).
   */
  private static MethodHandles.Lookup lookupIn(Class<?> owner, MethodHandles.Lookup machine)
      throws IllegalAccessException {
    return MethodHandles.privateLookupIn(owner, machine);
  }

  private static LinkageError linkage(Class<?> owner, String name, Exception e) {
    // the source changed after its machine was generated: recompile both together
    LinkageError error = new IncompatibleClassChangeError(
        owner.getName() + "." + name + " is not what its state machine was compiled against");
    error.initCause(e);
    return error;
  }
}
