package org.await4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Async stack traces, always on: an exception that leaves {@code @Async} methods reads as in the
 * blocking run. Frames of generated machine classes become the user's method and source line
 * ({@code at shop.Catalog.page(Catalog.java:29)}), and each {@code @Async} method that awaited
 * the failure gets a frame at the line where it was suspended, placed under the frames of the
 * failed body and above the loop's own frames, which stay below.
 *
 * <p>Only the failure path pays, and it pays once: while the exception goes from machine to
 * awaiter, each level is only noted (its source table and line, in one pending record, reused),
 * and the trace is rewritten, with one {@link Throwable#getStackTrace()} and one {@link
 * Throwable#setStackTrace}, where code other than the runtime's can first see the exception: a
 * catch clause of a body that lets it go where its trace can be read ({@link #written}), or a
 * task's outcome is read ({@link #delivered}: {@code result()}, {@code join()}, {@code
 * exception()}, {@code EventLoop.run}, the runtime's own combinators), at the latest when the
 * loop has nothing to run ({@link #settle}). A catch clause that reads at most the exception's
 * message or class ({@link #held}) does not write it: if another exception's failure path
 * begins before it is read, its record is set aside (still written if its outcome is read, or
 * when the loop has nothing to run), and the next one set aside drops it. One exception is
 * pending at a time: another one's failure path finishes it first, unless it is held. The
 * exception stays the same object.
 */
public final class AsyncStackTraces {
  private AsyncStackTraces() {}

  /** Past this many frames a trace is left alone: an exception object thrown over and over. */
  private static final int MAX_FRAMES = 1024;

  /** Guards the records; never held while another lock is taken. */
  private static final Object LOCK = new Object();

  /**
   * The exception whose trace is still to be written, or null. Volatile so that a read of an
   * outcome can see without the lock that it has nothing to do (the common case).
   */
  private static volatile Throwable pending;
  /** The held exception set aside by another's failure path, or null; volatile as pending. */
  private static volatile Throwable setAside;
  /** The records of {@link #pending} and of {@link #setAside}; swapped, never made anew. */
  private static Record current = new Record();
  private static Record aside = new Record();
  /** Whether a catch clause that reads at most the message holds {@link #pending}. */
  private static boolean held;

  /** What is to be done to one exception's trace. */
  private static final class Record {
    /** Whether its frames may hold generated ones to map. */
    boolean map;
    /** The awaiters to add, in the order the failure reached them, with their lines. */
    SourceLines[] awaiters = new SourceLines[8];
    int[] lines = new int[8];
    /** Whether the failure may have been made on that awaiter's own stack (not a machine's). */
    boolean[] foreign = new boolean[8];
    int count;
    /** The machine whose body threw the failure first, if nothing passed it on to it. */
    Class<?> thrownBy;

    void add(SourceLines awaiter, int line, boolean mayBeOnItsStack) {
      if (count == awaiters.length) {
        awaiters = java.util.Arrays.copyOf(awaiters, count * 2);
        lines = java.util.Arrays.copyOf(lines, count * 2);
        foreign = java.util.Arrays.copyOf(foreign, count * 2);
      }
      awaiters[count] = awaiter;
      foreign[count] = mayBeOnItsStack;
      lines[count++] = line;
    }

    void clear() {
      java.util.Arrays.fill(awaiters, 0, count, null);
      count = 0;
      map = false;
      thrownBy = null;
    }
  }

  /**
   * {@code failure} leaves a machine (its body ended with it) or a fast path (thrown to its
   * stub): its generated frames are to become the user's.
   */
  static void left(Throwable failure) {
    note(failure, null, 0, true, null);
  }

  /**
   * {@code failure} ends the body of a machine of class {@code machine}. If nothing of the
   * runtime's passed it on to that body (no await, no handler), the body threw it itself: when
   * its trace is written and shows no frame of the body, it was made before and elsewhere (a
   * {@code static final} exception a pool throws again and again) and stays as it is, as Java
   * leaves a rethrown object's (see {@link #written}). Nothing is read here: the trace is read
   * only where it is written.
   */
  static void left(Throwable failure, Class<?> machine) {
    note(failure, null, 0, true, machine);
  }

  /** Whether {@code frames} hold a frame of {@code machine}, generated or mapped. */
  private static boolean shows(StackTraceElement[] frames, Class<?> machine) {
    SourceLines lines = SourceLines.of(machine.getName());
    for (StackTraceElement f : frames) {
      String c = f.getClassName();
      if (c.equals(machine.getName())
          || lines != null && lines.sourceClass.equals(c) && lines.method.equals(f.getMethodName())) {
        return true;
      }
    }
    return false;
  }


  /**
   * {@code failure} passes into the awaiting body that {@code awaiter} describes, suspended at
   * source line {@code line}: its frame is to go in under the frames that are there, unless the
   * trace shows that body already (it failed synchronously, in the awaiter's own step). {@code
   * map}: look for generated frames too (the failure did not come from a machine).
   */
  static void passedTo(Throwable failure, SourceLines awaiter, int line, boolean map) {
    note(failure, awaiter, line, map, null);
  }

  /**
   * A handler of a body (a catch clause or a finally block) takes {@code failure}: its generated
   * frames are to be mapped even if nothing was pending (it came up through fast paths' frames).
   * Its catch clause then says whether it reads the trace ({@link #written}, {@link #held}).
   */
  static void caught(Throwable failure) {
    note(failure, null, 0, true, null);
  }

  /**
   * A catch clause of a body lets {@code failure} go where its trace can be read: written now,
   * with the bodies that await the running one (which the blocking run has on its stack).
   */
  static void written(Throwable failure) {
    List<Object> chain = isMade(failure) ? List.of()
        : AsyncMachine.awaitingChain(org.await4j.EventLoop.current());
    if (!chain.isEmpty()) {
      synchronized (LOCK) {
        if (pending == failure) {
          addAll(current, chain);
        }
      }
    }
    finish(failure, true);
  }

  /**
   * {@code made} was made in a body and not thrown there (kept, passed on, a failed task's):
   * its generated frames become the user's now, and the bodies that await the running one go
   * under them. It stays the same object. Not for users.
   */
  public static <T extends Throwable> T made(T made) {
    List<Object> chain = AsyncMachine.awaitingChain(org.await4j.EventLoop.current());
    try {
      synchronized (made) {
        StackTraceElement[] frames = made.getStackTrace();
        StackTraceElement[] out = TraceFrames.mapped(frames);
        if (!chain.isEmpty() && out.length > 0) {
          Record awaiting = new Record();
          addAll(awaiting, chain);
          out = withAwaiters(out, awaiting);
        }
        if (out != frames) {
          made.setStackTrace(out);
        }
      }
      MADE.put(made, Boolean.TRUE);
    } catch (RuntimeException unexpected) {
      // the trace stays as it is: nothing may replace the user's exception
    }
    return made;
  }

  /**
   * The exceptions {@link #made} wrote, whose traces are complete as the blocking run's (its
   * trace is fixed where it is made): thrown or awaited later, maybe by another body, they get
   * no awaiting frames. Weak: an exception nobody holds goes. Read only where a trace is written.
   */
  private static final java.util.Map<Throwable, Boolean> MADE =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** Whether {@link #made} wrote {@code t}'s trace (false if its own hashCode fails). */
  private static boolean isMade(Throwable t) {
    try {
      return !MADE.isEmpty() && MADE.containsKey(t);
    } catch (RuntimeException unexpected) {
      return false;
    }
  }

  /**
   * {@code made} was made by the runtime in a callback (a deadline's {@code TimeoutException},
   * when the task it cut short ends), maybe on the stack of some body's step: its frames above
   * the loop's are left out, so that it reads as made by the loop, and the bodies that await it
   * go on top. Not for users.
   */
  public static <T extends Throwable> T madeByTheLoop(T made) {
    try {
      StackTraceElement[] frames = made.getStackTrace();
      for (int i = 0; i < frames.length; i++) {
        String c = frames[i].getClassName();
        if (c.equals("org.await4j.EventLoop") || c.equals(AsyncMachine.class.getName())
            && frames[i].getMethodName().equals("step")) {
          if (i > 0) {
            made.setStackTrace(java.util.Arrays.copyOfRange(frames, i, frames.length));
          }
          break;
        }
      }
    } catch (RuntimeException unexpected) {
      // the trace stays as it is
    }
    return made;
  }

  /** Adds {@code chain}'s (source table, line) pairs to {@code record}. */
  private static void addAll(Record record, List<Object> chain) {
    for (int i = 0; i + 1 < chain.size() && record.count < MAX_FRAMES; i += 2) {
      record.add((SourceLines) chain.get(i), (Integer) chain.get(i + 1), false);
    }
  }

  /**
   * A catch clause of a body that reads at most {@code failure}'s message or class holds it:
   * its trace is written only if it is read elsewhere before it is dropped (see the class).
   */
  static void held(Throwable failure) {
    synchronized (LOCK) {
      held = pending == failure;
    }
  }

  /**
   * {@code failure} is handed out of the machines (a task's outcome is read): its trace is
   * written now if it was pending or set aside. Cheap when nothing is. Not for users.
   */
  public static Throwable delivered(Throwable failure) {
    if (failure != null && (pending == failure || setAside == failure)) {
      finish(failure, false);
    }
    return failure;
  }

  /**
   * A loop has nothing to run, or ends: the traces still to write, if any, are written now, so
   * that an exception nobody has read yet (a failed task kept for later, a reference the body
   * kept) never stays half written while nothing runs. Cheap when nothing is pending. Not for
   * users.
   */
  public static void settle() {
    Throwable failure = pending;
    if (failure != null) {
      finish(failure, false);
    }
    failure = setAside;
    if (failure != null) {
      finish(failure, false);
    }
  }

  /** As {@link #left} then {@link #caught} and {@link #written}: at once. For tests. */
  static void leaving(Throwable failure) {
    finish(failure, true);
  }

  /** As {@link #passedTo} then {@link #delivered}: at once. For tests. */
  static void awaitedBy(Throwable failure, SourceLines awaiter, int line, boolean map) {
    passedTo(failure, awaiter, line, map);
    delivered(failure);
  }

  private static void note(Throwable failure, SourceLines awaiter, int line, boolean map,
      Class<?> thrownBy) {
    for (;;) {
      Throwable other;
      synchronized (LOCK) {
        other = pending;
        if (failure == setAside) {
          other = failure; // held and set aside, now on a failure path again: written first
        } else if (other != null && other != failure && held) {
          setAsideHeld();
          other = null;
        }
        if (other == null || other == failure && failure != setAside) {
          if (other == null && thrownBy != null && current.count == 0) {
            current.thrownBy = thrownBy; // a body threw it, nothing passed it on: see written
          }
          pending = failure;
          held = false;
          current.map |= map;
          if (awaiter != null && current.count < MAX_FRAMES) {
            current.add(awaiter, line, map);
          }
          return;
        }
      }
      delivered(other); // another exception's failure path: finish that one first
    }
  }

  /** The held pending record goes aside, dropping the one there. Under the lock. */
  private static void setAsideHeld() {
    Record dropped = aside;
    dropped.clear();
    aside = current;
    current = dropped;
    setAside = pending;
    pending = null;
    held = false;
  }

  /**
   * Writes {@code failure}'s trace: its record if it has one, and its generated frames mapped if
   * {@code map}. The exception's own lock is held throughout, as {@link Throwable}'s methods take
   * it, so that one rewrite of it reads what the last one wrote; {@link #LOCK} only while the
   * record is read, so that no user code (an overridden {@code getStackTrace()}) runs under it.
   */
  private static void finish(Throwable failure, boolean map) {
    try {
      boolean complete = isMade(failure);
      synchronized (failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        StackTraceElement[] out;
        synchronized (LOCK) {
          if (pending == failure) {
            out = written(current, frames, map, complete);
            pending = null;
            held = false;
          } else if (setAside == failure) {
            out = written(aside, frames, map, complete);
            setAside = null;
          } else {
            out = map ? TraceFrames.mapped(frames) : frames;
          }
        }
        if (out != frames) {
          failure.setStackTrace(out);
        }
      }
    } catch (RuntimeException unexpected) {
      // the trace stays as it is: nothing may replace the user's exception
    }
  }

  /**
   * {@code frames} as {@code record} makes them, without its awaiters if the trace was {@code
   * complete} when the exception was made; clears the record. Under the lock.
   */
  private static StackTraceElement[] written(Record record, StackTraceElement[] frames,
      boolean map, boolean complete) {
    try {
      if (record.thrownBy != null && !shows(frames, record.thrownBy)) {
        return frames; // thrown as it was, made before and elsewhere: left as Java leaves it
      }
      StackTraceElement[] out = map || record.map ? TraceFrames.mapped(frames) : frames;
      return record.count > 0 && !complete ? withAwaiters(out, record) : out;
    } finally {
      record.clear();
    }
  }

  /**
   * How many of the record's first awaiters the trace shows already, in order, one after the
   * other above its loop's frames: an exception made in a body got the bodies awaiting it then
   * ({@link #made}); thrown later, it passes into the same bodies again. The run may end above
   * frames of the code that started the bodies (a twin, a lambda given to {@code
   * EventLoop.run}), where plain code called the body whose fast path made the exception, but
   * not above a frame of one of the awaiting methods (a recursion's frames are each its own).
   */
  private static int alreadyThere(StackTraceElement[] frames, Record record) {
    int at = TraceFrames.insertionPoint(java.util.Arrays.asList(frames));
    int lowest = at; // the lowest end of a run: no awaiting method's frame below it
    while (lowest > 0 && !isAwaiterFrame(frames[lowest - 1], record)) {
      lowest--;
    }
    for (int j = Math.min(at, record.count); j > 0; j--) {
      for (int end = at; end >= Math.max(j, lowest); end--) {
        boolean all = true;
        for (int t = 0; t < j && all; t++) {
          StackTraceElement f = frames[end - j + t];
          SourceLines awaiter = record.awaiters[t];
          all = f.getLineNumber() == record.lines[t] && awaiter.method.equals(f.getMethodName())
              && awaiter.sourceClass.equals(f.getClassName());
        }
        if (all) {
          return j;
        }
      }
    }
    return 0;
  }

  /** Whether {@code f} is a frame of one of the record's awaiting methods. */
  private static boolean isAwaiterFrame(StackTraceElement f, Record record) {
    for (int t = 0; t < record.count; t++) {
      if (record.awaiters[t].method.equals(f.getMethodName())
          && record.awaiters[t].sourceClass.equals(f.getClassName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a frame of the trace as thrown, above its loop's frames, is {@code awaiter}'s at
   * {@code line} (the frames added since are not looked at: a recursion awaits at one line).
   */
  private static boolean atLine(StackTraceElement[] frames, SourceLines awaiter, int line) {
    int end = TraceFrames.insertionPoint(java.util.Arrays.asList(frames));
    for (int i = 0; i < end; i++) {
      StackTraceElement f = frames[i];
      if (f.getLineNumber() == line && awaiter.method.equals(f.getMethodName())
          && awaiter.sourceClass.equals(f.getClassName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code frames} with the record's awaiters' frames added, each as if it were
   * added alone in turn; the same array if none is.
   */
  private static StackTraceElement[] withAwaiters(StackTraceElement[] frames, Record record) {
    int n = record.count;
    List<StackTraceElement> now = java.util.Arrays.asList(frames);
    List<StackTraceElement> out = null;
    int size = frames.length;
    int at = -1; // where the next frame goes, while it follows from the last one's place
    SourceLines looked = null; // the last awaiter looked for below, and whether it was there
    boolean lookedBelow = false;
    for (int k = alreadyThere(frames, record); k < n; k++) {
      if (size == 0 || size >= MAX_FRAMES) {
        break; // not writable, or rethrown too often
      }
      if (at < 0) {
        at = TraceFrames.insertionPoint(now);
        looked = null;
      }
      SourceLines awaiter = record.awaiters[k];
      boolean below = lookedBelow;
      if (awaiter != looked) { // else the same frames are below as when it was looked for
        below = false;
        for (int i = at; i < size && !below; i++) {
          below = awaiter.sourceClass.equals(now.get(i).getClassName())
              && awaiter.method.equals(now.get(i).getMethodName());
        }
        looked = awaiter;
        lookedBelow = below;
      }
      int line = record.lines[k];
      if (below || record.foreign[k] && atLine(frames, awaiter, line)) {
        // the awaiter's frame is below, on the same stack; or above at the line where it
        // awaited a task that no machine failed: the failure was made on its stack before
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(size + n - k);
        out.addAll(now);
        now = out;
      }
      out.add(at, awaiter.frame(line > 0 ? line : -1));
      size++;
      // a frame of the user's extends the run of frames above the loop's: the next goes under it
      at = TraceFrames.isRuntime(awaiter.sourceClass) ? -1 : at + 1;
    }
    return out == null ? frames : out.toArray(new StackTraceElement[0]);
  }
}
