package org.await4j.internal;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.function.Supplier;
import org.await4j.Task;

/**
 * Numbers the machine classes that have a fast path, so that entering one stores an int, not a
 * reference (which costs a GC barrier), and {@code Task.current()} can still make the task
 * object of the innermost fast path from its number. Not API.
 *
 * <p>Held weakly: each machine class keeps its own factory in a static field, so a class that
 * is unloaded with its class loader takes its factory with it.
 */
public final class Identities {
  @SuppressWarnings("unchecked")
  private static volatile WeakReference<Supplier<? extends Task<?>>>[] factories =
      new WeakReference[64];
  private static int count;

  private Identities() {}

  /** Numbers a machine class by the factory of its task objects (its no-argument constructor). */
  public static synchronized int register(Supplier<? extends Task<?>> factory) {
    WeakReference<Supplier<? extends Task<?>>>[] table = factories;
    if (++count == table.length) {
      table = Arrays.copyOf(table, table.length * 2);
    }
    table[count] = new WeakReference<>(factory);
    factories = table; // published after the entry is in place
    return count;
  }

  /** A new task object for a fast path of the machine class numbered {@code number}. */
  public static Task<?> make(int number) {
    Supplier<? extends Task<?>> factory = factories[number].get();
    if (factory == null) {
      throw new IllegalStateException("no machine class numbered " + number);
    }
    return factory.get();
  }
}
