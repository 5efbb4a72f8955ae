package org.await4j.processor.corpus;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * The differential run of one rewritten method: called directly (the blocking body) and through
 * its stub {@code <Class>Async.m(...)} on {@link EventLoop#run} (the machine), with the same
 * freshly made arguments; compares what each returned or threw (class and message) and what it
 * left in its mutable arguments and receiver.
 */
final class BothWays {
  static final int MAX_CASES = 16;

  /** One call that came out differently. */
  record Disagreement(String methodId, String arguments, String blocking, String machine) {
    /**
     * The machine ran plain code of the library (an override, a constructor, a class the
     * rewriter did not touch) that called an @Async method of the file directly: by SPEC that
     * call runs blocking, and its await on the loop thread throws. Not the processor's doing.
     */
    boolean plainCallerOnLoop() {
      return machine.contains("IllegalStateException: await(...) would block the event loop")
          && !blocking.contains("would block the event loop");
    }
  }

  /** The result for one method: how many cases ran, and the first disagreement if any. */
  record Verdict(String methodId, int cases, int exampleCases, Disagreement disagreement,
      String notRun) {
    Verdict(String methodId, int cases, Disagreement disagreement, String notRun) {
      this(methodId, cases, 0, disagreement, notRun);
    }
  }

  private BothWays() {}

  static Verdict run(ClassLoader loader, Rewriter.Target t, long seed, Examples examples) {
    Class<?> type;
    Class<?> twin;
    try {
      type = Class.forName(t.binaryClass(), false, loader);
      String twinName = t.binaryClass().substring(0, t.binaryClass().lastIndexOf('.') + 1)
          + GeneratedFiles.twin(t.binaryClass());
      twin = Class.forName(twinName, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return new Verdict(t.id(), 0, null, "class not loaded: " + e);
    }
    if (Corpus.NOT_DETERMINISTIC.contains(t.id())) {
      return new Verdict(t.id(), 0, null, "its result is not deterministic (the clock, a random permutation, an identity hash)");
    }
    if (Corpus.MAY_NOT_RETURN.contains(t.id())) {
      return new Verdict(t.id(), 0, null, "it may never return for the inputs picked");
    }
    Method direct = find(type, t.name(), t.parameterTypes(), 0);
    Method stub = find(twin, t.name(), t.parameterTypes(), t.isStatic() ? 0 : 1);
    if (direct == null || stub == null) {
      return new Verdict(t.id(), 0, null, "method or stub not found");
    }
    Supplier<Object> receiver = () -> null;
    if (!t.isStatic()) {
      Constructor<?> c = noArgConstructor(type);
      if (c == null) {
        return new Verdict(t.id(), 0, null, "instance method without a no-argument constructor");
      }
      receiver = () -> {
        try {
          return c.newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
    }
    Class<?>[] params = direct.getParameterTypes();
    List<List<Supplier<Object>>> pools = new ArrayList<>();
    for (Class<?> p : params) {
      List<Supplier<Object>> pool = Inputs.of(p);
      if (pool.isEmpty()) {
        return new Verdict(t.id(), 0, null, "no values for " + p.getTypeName());
      }
      pools.add(pool);
    }
    List<Object[]> exampleArgs = examples.argumentsFor(t.name(), params);
    List<Supplier<Object[]>> calls = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Object[] example : exampleArgs) {
      if (seen.add(describeAll(example))) {
        calls.add(() -> Examples.copy(example));
      }
    }
    int fromExamples = calls.size();
    for (int[] choice : choices(pools, new Random(seed * 17 + t.id().hashCode()))) {
      calls.add(() -> make(pools, choice));
    }
    int cases = 0;
    for (Supplier<Object[]> call : calls) {
      Object[] a = call.get();
      Object[] b = call.get();
      String arguments = describeAll(a);
      Object selfA = receiver.get();
      Object selfB = receiver.get();
      String blocking = callDirect(direct, selfA, a) + after(selfA, a);
      String machine = callMachine(stub, t.isStatic(), selfB, b) + after(selfB, b);
      cases++;
      if (!blocking.equals(machine)) {
        return new Verdict(t.id(), cases, Math.min(cases, fromExamples),
            new Disagreement(t.id(), arguments, blocking, machine), null);
      }
    }
    return new Verdict(t.id(), cases, fromExamples, null, null);
  }

  private static Constructor<?> noArgConstructor(Class<?> type) {
    if (Modifier.isAbstract(type.getModifiers()) || type.isInterface() || type.isEnum()) {
      return null;
    }
    try {
      Constructor<?> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return c;
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }

  private static Method find(Class<?> c, String name, List<String> params, int leading) {
    for (Method m : c.getDeclaredMethods()) {
      if (!m.getName().equals(name) || m.getParameterCount() != params.size() + leading
          || m.isBridge() || m.isSynthetic()) {
        continue;
      }
      Class<?>[] types = m.getParameterTypes();
      boolean same = true;
      for (int i = 0; i < params.size() && same; i++) {
        same = types[i + leading].getTypeName().equals(params.get(i));
      }
      if (same) {
        m.setAccessible(true);
        return m;
      }
    }
    return null;
  }

  /** All combinations when few, else the all-first case plus seeded random ones, no repeats. */
  private static List<int[]> choices(List<List<Supplier<Object>>> pools, Random random) {
    long product = 1;
    for (List<Supplier<Object>> p : pools) {
      product = Math.min(product * p.size(), Integer.MAX_VALUE);
    }
    Set<List<Integer>> seen = new LinkedHashSet<>();
    if (product <= MAX_CASES) {
      for (int i = 0; i < product; i++) {
        List<Integer> c = new ArrayList<>();
        int rest = i;
        for (List<Supplier<Object>> p : pools) {
          c.add(rest % p.size());
          rest /= p.size();
        }
        seen.add(c);
      }
    } else {
      seen.add(new ArrayList<>(java.util.Collections.nCopies(pools.size(), 0)));
      for (int tries = 0; seen.size() < MAX_CASES && tries < MAX_CASES * 4; tries++) {
        List<Integer> c = new ArrayList<>();
        for (List<Supplier<Object>> p : pools) {
          c.add(random.nextInt(p.size()));
        }
        seen.add(c);
      }
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> c : seen) {
      out.add(c.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  private static Object[] make(List<List<Supplier<Object>>> pools, int[] choice) {
    Object[] args = new Object[choice.length];
    for (int i = 0; i < choice.length; i++) {
      args[i] = pools.get(i).get(choice[i]).get();
    }
    return args;
  }

  private static String callDirect(Method m, Object self, Object[] args) {
    try {
      return "returned " + describe(m.invoke(self, args));
    } catch (InvocationTargetException e) {
      return threw(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static String callMachine(Method stub, boolean isStatic, Object self, Object[] args) {
    Object[] all = args;
    if (!isStatic) {
      all = new Object[args.length + 1];
      all[0] = self;
      System.arraycopy(args, 0, all, 1, args.length);
    }
    Object[] stubArgs = all;
    try {
      Object value = EventLoop.run(() -> {
        try {
          @SuppressWarnings("unchecked")
          Task<Object> task = (Task<Object>) stub.invoke(null, stubArgs);
          return task;
        } catch (InvocationTargetException e) {
          return Task.failed(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      });
      return "returned " + describe(value);
    } catch (Throwable e) {
      return threw(e);
    }
  }

  private static String threw(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    if (e instanceof NullPointerException
        && (e.getMessage() == null || message.startsWith("Cannot "))) {
      // a JVM's NPE message names bytecode places ("<parameter2>", "the return value of
      // ...") that differ between a method and its machine by construction, or is left out
      // where the JVM cannot name one: only an explicit message is compared
      message = "(none, or the JVM's)";
    }
    return "threw " + e.getClass().getName() + ": " + normalize(message);
  }

  private static String after(Object self, Object[] args) {
    return "; then receiver " + describe(self) + ", arguments " + describeAll(args);
  }

  static String describeAll(Object[] args) {
    List<String> parts = new ArrayList<>();
    for (Object a : args) {
      parts.add(describe(a));
    }
    return "(" + String.join(", ", parts) + ")";
  }

  static String describe(Object o) {
    String d = describeFully(o);
    return d.length() <= 300 ? d : d.substring(0, 300) + "... (" + d.length() + " chars)";
  }

  private static String describeFully(Object o) {
    try {
      if (o == null) {
        return "null";
      }
      if (o.getClass().isArray()) {
        String s = Arrays.deepToString(new Object[] {o});
        return o.getClass().getComponentType().getSimpleName() + "[]"
            + normalize(s.substring(1, s.length() - 1));
      }
      if (o.getClass().getName().contains("$$Lambda")) {
        return "a lambda"; // its class is named after the class that made it
      }
      if (o.getClass().isAnonymousClass()) {
        return "an anonymous class"; // named after the class that made it: the machine
      }
      if ((o instanceof Iterable && !(o instanceof java.util.Collection))
          || o instanceof java.util.Iterator) {
        return o.getClass().getSimpleName(); // lazy, maybe endless (a looping iterable)
      }
      if (o instanceof CharSequence) {
        return o.getClass().getSimpleName() + " \"" + o + "\"";
      }
      return o.getClass().getSimpleName() + " " + normalize(String.valueOf(o));
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      return "(toString threw " + e.getClass().getName() + ")"; // a huge result, say
    }
  }

  /** Identity hashes and lambda class names differ between two runs of the same code. */
  private static String normalize(String s) {
    // a lambda's class is named after the class that made it: the machine, not the library
    return s.replaceAll("[\\w.$]*\\$\\$Lambda[^\\s,\\]@]*", "(a lambda)")
        .replaceAll("[\\w.$]+\\$\\d+@", "(an anonymous class)@")
        .replaceAll("@[0-9a-f]{2,}", "@");
  }
}
