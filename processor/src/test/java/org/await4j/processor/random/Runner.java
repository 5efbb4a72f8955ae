package org.await4j.processor.random;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.processor.AsyncProcessor;
import org.await4j.processor.random.Ast.Program;
import org.await4j.testing.Env;
import org.await4j.testing.CompiledClasses;

/**
 * Compiles random programs in memory with the processor, runs each one blocking (the source
 * method called directly) and through its twin on an event loop twice: on the fast path (the
 * stub called on the loop thread runs the machine class's static {@code fast(...)}, which
 * spills into the machine at an await that must wait) and as the machine from its first state
 * (the stub started as a named task, so that it cannot take the fast path), with futures that
 * are complete ({@link Env.Mode#NOW}) and that complete later on another thread ({@link
 * Env.Mode#LATER}), and compares result, exception, trace and the fields afterwards.
 */
final class Runner {
  private Runner() {}

  /** How long one program may take for its four runs before it counts as hanging. */
  static final long TIMEOUT_SECONDS = 20;

  private static final ExecutorService RUNS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "random-program");
    t.setDaemon(true);
    return t;
  });

  /** What happened to one program. {@code signature} is null when all runs agreed. */
  record Verdict(String signature, String detail) {
    static final Verdict OK = new Verdict(null, null);

    boolean failed() {
      return signature != null;
    }
  }

  /** Programs compiled into one class: methods named apart, sharing the same helpers. */
  record Unit(String cls, List<Program> programs) {
    String source() {
      List<Ast.Method> methods = new ArrayList<>();
      Set<String> helperNames = new LinkedHashSet<>();
      for (Program p : programs) {
        for (Ast.Method h : Source.reachableHelpers(p)) {
          if (helperNames.add(h.name())) {
            methods.add(h);
          }
        }
      }
      methods.sort((a, b) -> a.name().compareTo(b.name()));
      for (Program p : programs) {
        methods.add(p.method());
      }
      return Source.unit(cls, methods);
    }
  }

  // ---------------------------------------------------------------- compiling

  static Compilation compile(Map<String, String> sources, boolean withProcessor) {
    long t0 = System.nanoTime();
    try {
      return compileTimed(sources, withProcessor);
    } finally {
      STATS.compileNanos.addAndGet(System.nanoTime() - t0);
    }
  }

  private static Compilation compileTimed(Map<String, String> sources, boolean withProcessor) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      files.add(JavaFileObjects.forSourceString(Source.PACKAGE + "." + e.getKey(), e.getValue()));
    }
    Compiler javac = withProcessor
        ? Compiler.javac().withProcessors(new AsyncProcessor())
        : Compiler.javac().withOptions("-proc:none");
    return javac.compile(files);
  }

  private static final Pattern METHOD_HEADER =
      Pattern.compile("^\\s*(?:static )?[\\w<>\\[\\]]+ (\\w+)\\(.*\\) throws Exception \\{$");

  private static final Pattern LIBRARY_HEADER = Pattern.compile("^\\s*// library (\\w+)$");

  /**
   * The @Async method of the source whose body holds {@code line} (1-based), the name of the
   * {@link Source#LIBRARY} entry that holds it, or null.
   */
  static String methodAt(String source, long line) {
    String[] lines = source.split("\n", -1);
    for (int i = (int) Math.min(line, lines.length) - 1; i >= 0; i--) {
      Matcher m = METHOD_HEADER.matcher(lines[i]);
      if (m.matches()) {
        return m.group(1);
      }
      Matcher l = LIBRARY_HEADER.matcher(lines[i]);
      if (l.matches()) {
        return l.group(1);
      }
    }
    return null;
  }

  /** Whether an error in {@code method} (a method, helper or library entry) concerns {@code p}. */
  private static boolean concerns(Program p, String method) {
    return method == null || p.method().name().equals(method)
        || Source.reachableHelpers(p).stream().anyMatch(h -> h.name().equals(method))
        || Source.usesLibrary(p, method);
  }

  private static String fileName(Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null) {
      return "";
    }
    String n = d.getSource().getName();
    n = n.substring(n.lastIndexOf('/') + 1);
    return n.endsWith(".java") ? n.substring(0, n.length() - 5) : n;
  }

  static String normalize(String message) {
    String first = message.split("\n", 2)[0];
    first = first.replaceAll("\\d+", "#");
    return first.length() > 160 ? first.substring(0, 160) : first;
  }

  /**
   * Compiles the units in one javac run and checks every program. A program the processor
   * rejects, or whose generated code does not compile, while javac alone accepts it, fails
   * with signature {@code REJECTED: message} or {@code BROKEN: message}; one that javac alone
   * rejects is a generator bug, {@code INVALID}. The rest are run.
   */
  static Map<Program, Verdict> evaluate(List<Unit> units) {
    Map<Program, Verdict> verdicts = new LinkedHashMap<>();
    List<Unit> remaining = new ArrayList<>(units);
    for (int attempt = 0; !remaining.isEmpty(); attempt++) {
      Map<String, String> sources = new LinkedHashMap<>();
      Map<String, Unit> byClass = new HashMap<>();
      for (Unit u : remaining) {
        sources.put(u.cls(), u.source());
        byClass.put(u.cls(), u);
      }
      Compilation c;
      try {
        long t0 = System.nanoTime();
        c = compile(sources, true);
        if (VERBOSE) {
          long gen = 0;
          try {
            for (JavaFileObject f : c.generatedSourceFiles()) {
              gen += f.getCharContent(true).length();
            }
          } catch (IOException | IllegalStateException e) {
            gen = -1;
          }
          System.out.printf("compiled %s: %d chars of source, %d generated, %d ms%n",
              sources.keySet(), sources.values().stream().mapToInt(String::length).sum(), gen,
              (System.nanoTime() - t0) / 1_000_000);
        }
      } catch (RuntimeException | Error crash) {
        // the processor must never crash javac: find the program
        if (bisect(remaining, verdicts)) {
          return verdicts;
        }
        Unit u = remaining.get(0);
        Verdict v;
        try {
          compile(Map.of(u.cls(), u.source()), false);
          v = new Verdict("CRASH: " + normalize(String.valueOf(rootCause(crash))),
              stackTrace(crash));
        } catch (RuntimeException | Error plainCrash) {
          // javac itself crashes on it: not the processor's fault, but the generator must write
          // only code javac compiles (it avoids the forms that crash javac 17)
          STATS.skipped.incrementAndGet();
          v = new Verdict("INVALID: javac itself crashes: "
              + normalize(String.valueOf(rootCause(plainCrash))), stackTrace(plainCrash));
        }
        for (Program p : u.programs()) {
          verdicts.put(p, v);
        }
        return verdicts;
      }
      List<String> unattributed = new ArrayList<>();
      Map<Program, Verdict> compileFailures = compileFailures(c, byClass, sources, unattributed);
      if (!unattributed.isEmpty()) {
        // an error without a position: bisect to find the programs that cause it
        if (bisect(remaining, verdicts)) {
          return verdicts;
        }
        Program only = remaining.get(0).programs().get(0);
        compileFailures.putIfAbsent(only, new Verdict("REJECTED: " + normalize(unattributed.get(0)),
            String.join("\n", unattributed)));
      }
      if (compileFailures.isEmpty() && c.status() == Compilation.Status.SUCCESS) {
        ClassLoader loader = CompiledClasses.loader(c);
        for (Unit u : remaining) {
          Verdict plainUnverifiable = null;
          for (Program p : u.programs()) {
            Verdict v = check(loader, u.cls(), p.method().name(), p.p());
            if (v.failed() && v.signature().startsWith("RUNNER: java.lang.VerifyError")) {
              if (plainUnverifiable == null) {
                plainUnverifiable = plainUnverifiable(u);
              }
              if (plainUnverifiable.failed()) {
                v = plainUnverifiable; // javac alone writes it so: not the processor's fault
              }
            }
            verdicts.put(p, v);
          }
        }
        return verdicts;
      }
      if (compileFailures.isEmpty()) {
        // errors we could not attribute: blame the units one by one
        if (remaining.size() > 1) {
          for (Unit u : remaining) {
            verdicts.putAll(evaluate(List.of(u)));
          }
          return verdicts;
        }
        String all = describe(c);
        for (Program p : remaining.get(0).programs()) {
          verdicts.put(p, new Verdict("BROKEN: unattributed errors", all));
        }
        return verdicts;
      }
      // confirm with javac alone that the failing programs are valid Java
      Map<String, String> plain = new LinkedHashMap<>();
      for (Unit u : remaining) {
        List<Program> failing = new ArrayList<>();
        for (Program p : u.programs()) {
          if (compileFailures.containsKey(p)) failing.add(p);
        }
        if (!failing.isEmpty()) {
          plain.put(u.cls(), new Unit(u.cls(), failing).source());
        }
      }
      Compilation pc;
      try {
        pc = compile(plain, false);
      } catch (RuntimeException | Error plainCrash) {
        // javac alone crashes on one of them: those are generator bugs, the others keep their
        // verdict
        for (Unit u : remaining) {
          for (Program p : u.programs()) {
            if (!compileFailures.containsKey(p)) continue;
            try {
              compile(Map.of(u.cls(), new Unit(u.cls(), List.of(p)).source()), false);
            } catch (RuntimeException | Error crash) {
              STATS.skipped.incrementAndGet();
              compileFailures.put(p, new Verdict("INVALID: javac itself crashes: "
                  + normalize(String.valueOf(rootCause(crash))), stackTrace(crash)));
            }
          }
        }
        pc = null;
      }
      if (pc != null && pc.status() != Compilation.Status.SUCCESS) {
        // the programs whose methods (or helpers) javac alone rejects are generator bugs
        String why = describe(pc);
        Set<String> badMethods = new LinkedHashSet<>();
        for (Diagnostic<? extends JavaFileObject> d : pc.errors()) {
          badMethods.add(fileName(d) + "." + methodAt(plain.get(fileName(d)), d.getLineNumber()));
        }
        for (Unit u : remaining) {
          for (Program p : u.programs()) {
            if (!compileFailures.containsKey(p)) continue;
            boolean bad = badMethods.stream().anyMatch(m -> m.startsWith(u.cls() + ".")
                && concerns(p, m.substring(u.cls().length() + 1).equals("null") ? null
                    : m.substring(u.cls().length() + 1)));
            if (bad) {
              compileFailures.put(p, new Verdict("INVALID: the generator wrote code javac rejects",
                  why + "\n" + badMethods + "\n" + compileFailures.get(p).detail()));
            }
          }
        }
      }
      verdicts.putAll(compileFailures);
      List<Unit> next = new ArrayList<>();
      for (Unit u : remaining) {
        List<Program> ok = new ArrayList<>();
        for (Program p : u.programs()) {
          if (!compileFailures.containsKey(p)) ok.add(p);
        }
        if (!ok.isEmpty()) next.add(new Unit(u.cls(), ok));
      }
      if (attempt > 5) {
        for (Unit u : next) {
          for (Program p : u.programs()) {
            verdicts.put(p, new Verdict("BROKEN: errors move around", describe(c)));
          }
        }
        return verdicts;
      }
      remaining = next;
    }
    return verdicts;
  }

  /**
   * Compiles one class written as text ({@link Source#unitFromText}) and checks {@code method}
   * with argument {@code p}: for reproducers of found bugs.
   */
  static Verdict evaluateText(String methods, String method, int p) {
    String cls = "Repro";
    String source = Source.unitFromText(cls, methods);
    Compilation c = compile(Map.of(cls, source), true);
    if (c.status() != Compilation.Status.SUCCESS) {
      Compilation plain = compile(Map.of(cls, source), false);
      if (plain.status() != Compilation.Status.SUCCESS) {
        return new Verdict("INVALID: javac alone rejects it", describe(plain));
      }
      Diagnostic<? extends JavaFileObject> first = c.errors().get(0);
      String kind = fileName(first).equals(cls) || first.getSource() == null ? "REJECTED: "
          : "BROKEN: ";
      return new Verdict(kind + normalize(first.getMessage(null)), describe(c)
          + generatedFile(first));
    }
    return check(CompiledClasses.loader(c), cls, method, p);
  }

  /**
   * Whether javac alone (no processor) writes the unit's class so that the JVM refuses it (javac
   * 17 has such bugs, fixed in later JDKs): then a VerifyError is a generator bug, INVALID, as a
   * javac crash is. OK when the class javac alone writes loads.
   */
  private static Verdict plainUnverifiable(Unit u) {
    Compilation plain = compile(Map.of(u.cls(), u.source()), false);
    if (plain.status() != Compilation.Status.SUCCESS) {
      return Verdict.OK; // not this question
    }
    try {
      Class.forName(Source.PACKAGE + "." + u.cls(), true, CompiledClasses.loader(plain));
      return Verdict.OK;
    } catch (VerifyError e) {
      STATS.skipped.incrementAndGet();
      return new Verdict("INVALID: javac alone writes a class the JVM refuses: "
          + normalize(String.valueOf(e.getMessage()).lines().findFirst().orElse("")),
          stackTrace(e));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Verdict.OK;
    }
  }

  /**
   * Evaluates the two halves of the programs of {@code units} apart, when there is more than
   * one program; returns false when there is just one.
   */
  private static boolean bisect(List<Unit> units, Map<Program, Verdict> verdicts) {
    int total = units.stream().mapToInt(u -> u.programs().size()).sum();
    if (total <= 1) {
      return false;
    }
    List<Unit> first = new ArrayList<>();
    List<Unit> second = new ArrayList<>();
    int seen = 0;
    for (Unit u : units) {
      List<Program> a = new ArrayList<>();
      List<Program> b = new ArrayList<>();
      for (Program p : u.programs()) {
        (seen++ < total / 2 ? a : b).add(p);
      }
      if (!a.isEmpty()) first.add(new Unit(u.cls(), a));
      if (!b.isEmpty()) second.add(new Unit(u.cls(), b));
    }
    verdicts.putAll(evaluate(first));
    verdicts.putAll(evaluate(second));
    return true;
  }

  /** The programs that the compilation errors point at. */
  private static Map<Program, Verdict> compileFailures(Compilation c, Map<String, Unit> byClass,
      Map<String, String> sources, List<String> unattributed) {
    Map<Program, Verdict> failures = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      String file = fileName(d);
      String message = d.getMessage(null);
      Unit unit;
      String method;
      String kind;
      int async = file.indexOf("Async");
      int nested = file.indexOf('_');
      if (async > 0 && nested > 0 && nested < async && byClass.containsKey(file.substring(0, nested))) {
        // the generated file of a library class nested in the unit (Gen0_CellAsyncMachines)
        unit = byClass.get(file.substring(0, nested));
        method = file.endsWith("AsyncMachines") ? machineAt(d) : null;
        kind = "BROKEN: ";
      } else if (byClass.containsKey(file)) {
        unit = byClass.get(file);
        method = methodAt(sources.get(file), d.getLineNumber());
        kind = "REJECTED: ";
      } else if (async > 0 && byClass.containsKey(file.substring(0, async))) {
        unit = byClass.get(file.substring(0, async));
        method = file.endsWith("AsyncMachines") ? machineAt(d) : null;
        kind = "BROKEN: ";
      } else {
        unattributed.add(message);
        continue;
      }
      if (method == null && kind.startsWith("BROKEN")) {
        // in the stubs: the method whose stub holds the line
        method = stubAt(d);
      }
      String detail = d.getKind() + " " + file + " line " + d.getLineNumber() + ": " + message
          + "\n" + (kind.startsWith("BROKEN") ? generatedFile(d) : "");
      Verdict v = new Verdict(kind + normalize(message), detail);
      for (Program p : unit.programs()) {
        if (concerns(p, method)) {
          failures.putIfAbsent(p, v);
        }
      }
    }
    return failures;
  }

  private static final Pattern MACHINE_HEADER =
      Pattern.compile("^  static final class (\\w+?)(?:_machine)?(?:_\\d+)?(?:<.*| extends .*)");
  private static final Pattern STUB_HEADER =
      Pattern.compile("^\\s*(?:public |protected )?static .*? (\\w+)\\(.*");

  /** The lines of the file a diagnostic points into (generated files too), or null. */
  private static String[] linesOf(Diagnostic<? extends JavaFileObject> d) {
    try {
      return d.getSource() == null ? null
          : d.getSource().getCharContent(true).toString().split("\n", -1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The name of the stub (in a generated file) that holds the diagnostic's line, or null. */
  private static String stubAt(Diagnostic<? extends JavaFileObject> d) {
    return headerAbove(d, STUB_HEADER);
  }

  /** The name the nearest line matching {@code header} at or above the diagnostic's gives. */
  private static String headerAbove(Diagnostic<? extends JavaFileObject> d, Pattern header) {
    String[] lines = linesOf(d);
    if (lines == null) {
      return null;
    }
    for (int i = (int) Math.min(d.getLineNumber(), lines.length) - 1; i >= 0; i--) {
      Matcher m = header.matcher(lines[i]);
      if (m.matches()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** The method whose machine, nested in the generated file of machines, holds the line. */
  private static String machineAt(Diagnostic<? extends JavaFileObject> d) {
    return headerAbove(d, MACHINE_HEADER);
  }

  /** The lines of the generated file around the diagnostic. */
  private static String generatedFile(Diagnostic<? extends JavaFileObject> d) {
    String[] lines = linesOf(d);
    if (lines == null) {
      return "";
    }
    long line = d.getLineNumber();
    StringBuilder b = new StringBuilder("--- " + fileName(d) + " around line " + line + ":\n");
    for (long i = Math.max(1, line - 6); i <= Math.min(lines.length, line + 3); i++) {
      b.append(i == line ? ">> " : "   ").append(lines[(int) i - 1]).append('\n');
    }
    return b.toString();
  }

  static String describe(Compilation c) {
    StringBuilder b = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      b.append(fileName(d)).append(" line ").append(d.getLineNumber()).append(": ")
          .append(d.getMessage(null)).append('\n');
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- running

  /** What one run did. */
  record Outcome(String result, String failureClass, List<String> trace, String state) {
    String describe() {
      return result + "\n  trace " + trace + "\n  state " + state;
    }
  }

  /** Totals over all runs, to see what the programs do. */
  static final class Stats {
    final java.util.concurrent.atomic.AtomicLong programs = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong threw = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong awaits = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong compileNanos = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong runNanos = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

    void count(Outcome o) {
      programs.incrementAndGet();
      if (o.failureClass != null) threw.incrementAndGet();
      events.addAndGet(o.trace.size());
      awaits.addAndGet(o.trace.stream().filter(t -> t.startsWith("task ") || t.startsWith("stage ")
          || t.startsWith("failing ")).count());
    }

    @Override
    public String toString() {
      long n = Math.max(1, programs.get());
      return String.format("%d programs ran: %.0f%% threw, %.1f events and %.1f awaits each;"
              + " %.1f s compiling, %.1f s running (summed over threads); %d where javac"
              + " itself crashes or writes a class the JVM refuses (generator bugs)", programs.get(),
          100.0 * threw.get() / n, (double) events.get() / n, (double) awaits.get() / n,
          compileNanos.get() / 1e9, runNanos.get() / 1e9, skipped.get());
    }
  }

  static final Stats STATS = new Stats();

  private static final boolean VERBOSE = Boolean.getBoolean("random.verbose");

  /** Runs the method blocking and as a machine in both modes; the first difference fails. */
  static Verdict check(ClassLoader loader, String cls, String method, int p) {
    long t0 = System.nanoTime();
    try {
      return checkTimed(loader, cls, method, p);
    } finally {
      STATS.runNanos.addAndGet(System.nanoTime() - t0);
    }
  }

  /** How a run calls the method. */
  enum How {
    /** The source method, called directly. */
    BLOCKING,
    /** The stub on a loop thread: the fast path, spilling into the machine when it waits. */
    FAST,
    /** The stub started as a named task: the machine from its first state. */
    MACHINE
  }

  private static Verdict checkTimed(ClassLoader loader, String cls, String method, int p) {
    Future<Verdict> f = RUNS.submit(() -> {
      for (Env.Mode mode : Env.Mode.values()) {
        Outcome blocking = run(loader, cls, method, p, mode, How.BLOCKING);
        for (How how : new How[] {How.FAST, How.MACHINE}) {
          Verdict v = compare(blocking, run(loader, cls, method, p, mode, how), mode, how, p);
          if (v != null) {
            return v;
          }
        }
        if (mode == Env.Mode.NOW) {
          STATS.count(blocking);
          if (VERBOSE) {
            System.out.println(cls + "." + method + "(" + p + ") " + blocking.describe());
          }
        }
      }
      return Verdict.OK;
    });
    try {
      return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new Verdict("HANG", "no result after " + TIMEOUT_SECONDS + " s, p = " + p);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException e) {
      return new Verdict("RUNNER: " + e.getCause(), stackTrace(e.getCause()));
    }
  }

  /** The first difference between a blocking run and a run of the twin, or null. */
  private static Verdict compare(Outcome blocking, Outcome machine, Env.Mode mode, How how,
      int p) {
    String aspect = null;
    if (!Objects.equals(blocking.failureClass, machine.failureClass)) {
      aspect = "exception class";
    } else if (!blocking.result.equals(machine.result)) {
      aspect = blocking.failureClass != null ? "exception" : "result";
    } else if (!blocking.trace.equals(machine.trace)) {
      aspect = "trace";
    } else if (!blocking.state.equals(machine.state)) {
      aspect = "fields";
    }
    if (aspect == null) {
      return null;
    }
    String where = how == How.MACHINE ? " (machine)" : "";
    return new Verdict("MISMATCH: " + aspect + where, "mode " + mode + ", " + how + ", p = " + p
        + "\n expected (blocking): " + blocking.describe()
        + "\n actual (" + how.name().toLowerCase(java.util.Locale.ROOT) + "): "
        + machine.describe()
        + "\n first difference in the trace: " + firstDifference(blocking.trace,
            machine.trace));
  }

  private static String firstDifference(List<String> a, List<String> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "(end)";
      String y = i < b.size() ? b.get(i) : "(end)";
      if (!x.equals(y)) {
        return "#" + i + ": expected " + x + ", got " + y;
      }
    }
    return "none";
  }

  private static Outcome run(ClassLoader loader, String cls, String method, int p, Env.Mode mode,
      How how) throws ReflectiveOperationException {
    Class<?> c = loader.loadClass(Source.PACKAGE + "." + cls);
    Env env = new Env(mode);
    Object self = c.getConstructor(Env.class).newInstance(env);
    Method state = c.getMethod("state");
    Object result = null;
    Throwable failure = null;
    if (how == How.BLOCKING) {
      Method m = c.getDeclaredMethod(method, int.class);
      m.setAccessible(true);
      try {
        result = m.invoke(self, p);
      } catch (InvocationTargetException e) {
        failure = e.getCause();
      }
    } else {
      Class<?> twin = loader.loadClass(Source.PACKAGE + "." + cls + "Async");
      Method stub = twin.getDeclaredMethod(method, c, int.class);
      stub.setAccessible(true);
      try {
        // a named task starts its body with no fast path: the stub starts the machine
        result = how == How.FAST ? EventLoop.run(() -> start(stub, self, p))
            : EventLoop.run(() -> Tasks.spawn(method, () -> start(stub, self, p)));
      } catch (Throwable t) {
        failure = t;
      }
    }
    String described = failure != null ? "threw " + describe(failure) : "returned " + result;
    return new Outcome(described, failure == null ? null : failure.getClass().getName(),
        env.snapshot(), String.valueOf(state.invoke(self)));
  }

  @SuppressWarnings("unchecked")
  private static Task<Object> start(Method stub, Object self, int p) {
    try {
      return (Task<Object>) stub.invoke(null, self, p);
    } catch (InvocationTargetException e) {
      throw new AssertionError("the stub itself threw", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Class, message, suppressed exceptions and cause: all that a run can observe. */
  static String describe(Throwable t) {
    // the JVM's helpful NullPointerException message names locals and bytecode shapes, which
    // differ between a method and its machine, and is absent where the null is dereferenced in a
    // lambda's hidden class (whose class differs between them too) or where compiled code threw
    // the JVM's preallocated one: a NullPointerException's message is not part of the outcome
    String message = t instanceof NullPointerException ? "(helpful message)" : t.getMessage();
    StringBuilder b = new StringBuilder(t.getClass().getName() + ": " + message);
    if (t.getSuppressed().length > 0) {
      List<String> s = new ArrayList<>();
      for (Throwable x : t.getSuppressed()) {
        s.add(describe(x));
      }
      b.append(" suppressed ").append(s);
    }
    if (t.getCause() != null && t.getCause() != t) {
      b.append(" cause ").append(t.getCause().getClass().getName());
    }
    return b.toString();
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  static String stackTrace(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    String s = w.toString();
    return s.length() > 4000 ? s.substring(0, 4000) : s;
  }

  static String arrays(Object o) {
    return o instanceof int[] a ? Arrays.toString(a) : String.valueOf(o);
  }
}
