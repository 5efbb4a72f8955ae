package org.await4j.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.await4j.Task;

/**
 * The runtime's own yield, {@code org.await4j.Tasks.yieldNow()}, where the runtime on the class
 * path has it (it is being added: a shared done task that the machine recognises, so that a hop
 * allocates nothing). Reached through a method handle so that this module also builds against a
 * runtime without it; the W2 benchmark that uses it fails in its setup then, and benchmarks/run
 * shows the row as not run.
 */
final class RuntimeYield {
  private RuntimeYield() {}

  private static final MethodHandle YIELD_NOW = find();

  private static MethodHandle find() {
    try {
      return MethodHandles.publicLookup().findStatic(Class.forName("org.await4j.Tasks"),
          "yieldNow", MethodType.methodType(Task.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  static boolean available() {
    return YIELD_NOW != null;
  }

  @SuppressWarnings("unchecked")
  static Task<Void> now() {
    try {
      return (Task<Void>) (Task<?>) YIELD_NOW.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("org.await4j.Tasks.yieldNow() is not in this runtime", t);
    }
  }
}
