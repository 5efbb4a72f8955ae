package org.await4j;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import org.await4j.internal.AsyncMachine;

/**
 * State machines written by hand the way the processor writes them: a {@code resume()} that
 * loops over a {@code switch (state)}, one case per resumption point, {@code if (suspend(x, n))
 * return;} at each await, and every uncaught exception completing the task. Each class names the
 * {@code @Async} source it stands for.
 */
final class Machines {
  private Machines() {}

  static String thread() {
    return Thread.currentThread().getName();
  }

  /**
   * <pre>{@code
   * @Async String awaitOnce(Object awaitable, List<String> trace) {
   *   trace.add("start on " + thread());
   *   String v = await(awaitable);            // a Task or a CompletionStage
   *   trace.add("resumed on " + thread());
   *   return v + "!";
   * }}</pre>
   */
  static final class AwaitOnce extends AsyncMachine<String> {
    private final Object awaitable;
    private final List<String> trace;

    AwaitOnce(Object awaitable, List<String> trace) {
      this.awaitable = awaitable;
      this.trace = trace;
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              trace.add("start on " + thread());
              if (awaitable instanceof Task
                  ? suspend((Task<?>) awaitable, 1)
                  : suspend((CompletionStage<?>) awaitable, 1)) {
                return;
              }
            case 1:
              String v = (String) awaited();
              trace.add("resumed on " + thread());
              complete(v + "!");
              return;
            default:
              throw new IllegalStateException("no state " + state);
          }
        } catch (Throwable t) {
          completeExceptionally(t);
          return;
        }
      }
    }
  }

  /**
   * <pre>{@code
   * @Async void awaitBoth(String name, Task<?> first, Task<?> second, List<String> trace) {
   *   await(first);
   *   trace.add(name + " 1");
   *   await(second);
   *   trace.add(name + " 2");
   * }}</pre>
   */
  static final class AwaitBoth extends AsyncMachine<Void> {
    private final String name;
    private final Task<?> first;
    private final Task<?> second;
    private final List<String> trace;

    AwaitBoth(String name, Task<?> first, Task<?> second, List<String> trace) {
      this.name = name;
      this.first = first;
      this.second = second;
      this.trace = trace;
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              if (suspend(first, 1)) {
                return;
              }
            case 1:
              awaited();
              trace.add(name + " 1");
              if (suspend(second, 2)) {
                return;
              }
            case 2:
              awaited();
              trace.add(name + " 2");
              complete(null);
              return;
            default:
              throw new IllegalStateException("no state " + state);
          }
        } catch (Throwable t) {
          completeExceptionally(t);
          return;
        }
      }
    }
  }

  /**
   * <pre>{@code
   * @Async long sumOfDone(int n, boolean stages, long[] depths) {
   *   long sum = 0;
   *   for (int i = 0; i < n; i++) {
   *     if (i == 1 || i == n - 1) depths[i == 1 ? 0 : 1] = stackDepth();
   *     sum += stages ? await(completedFuture(i)) : await(Task.completed(i));
   *   }
   *   return sum;
   * }}</pre>
   */
  static final class SumOfDone extends AsyncMachine<Long> {
    private final int n;
    private final boolean stages;
    final long[] depths = new long[2];
    private long sum;
    private int i;

    SumOfDone(int n, boolean stages) {
      this.n = n;
      this.stages = stages;
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              sum = 0;
              i = 0;
              state = 1;
              continue;
            case 1:
              if (i >= n) {
                complete(sum);
                return;
              }
              if (i == 1 || i == n - 1) {
                depths[i == 1 ? 0 : 1] = StackWalker.getInstance().walk(s -> s.count());
              }
              if (stages
                  ? suspend(java.util.concurrent.CompletableFuture.completedFuture(i), 2)
                  : suspend(Task.completed(i), 2)) {
                return;
              }
            case 2:
              sum += (Integer) awaited();
              i++;
              state = 1;
              continue;
            default:
              throw new IllegalStateException("no state " + state);
          }
        } catch (Throwable t) {
          completeExceptionally(t);
          return;
        }
      }
    }
  }

  /**
   * <pre>{@code
   * @Async String guarded(Object awaitable, List<String> trace) {
   *   try {
   *     return await(awaitable);
   *   } finally {
   *     trace.add("cleanup on " + thread());
   *   }
   * }}</pre>
   */
  static final class Guarded extends AsyncMachine<String> {
    private final Object awaitable;
    private final List<String> trace;

    Guarded(Object awaitable, List<String> trace) {
      this.awaitable = awaitable;
      this.trace = trace;
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              if (awaitable instanceof Task
                  ? suspend((Task<?>) awaitable, 1)
                  : suspend((CompletionStage<?>) awaitable, 1)) {
                return;
              }
            case 1:
              String v;
              try {
                v = (String) awaited();
              } catch (Throwable e) {
                trace.add("cleanup on " + thread());
                throw e;
              }
              trace.add("cleanup on " + thread());
              complete(v);
              return;
            default:
              throw new IllegalStateException("no state " + state);
          }
        } catch (Throwable t) {
          completeExceptionally(t);
          return;
        }
      }
    }
  }

  /**
   * <pre>{@code
   * @Async String recovering(Object first, Task<String> second, List<String> trace) {
   *   try {
   *     return await(first);
   *   } catch (CancellationException e) {
   *     trace.add("cancelled");
   *   }
   *   return await(second);
   * }}</pre>
   */
  static final class Recovering extends AsyncMachine<String> {
    private final Object first;
    private final Task<String> second;
    private final List<String> trace;

    Recovering(Object first, Task<String> second, List<String> trace) {
      this.first = first;
      this.second = second;
      this.trace = trace;
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              if (first instanceof Task
                  ? suspend((Task<?>) first, 1)
                  : suspend((CompletionStage<?>) first, 1)) {
                return;
              }
            case 1:
              try {
                complete((String) awaited());
                return;
              } catch (CancellationException e) {
                trace.add("cancelled");
              }
              if (suspend(second, 2)) {
                return;
              }
            case 2:
              complete((String) awaited());
              return;
            default:
              throw new IllegalStateException("no state " + state);
          }
        } catch (Throwable t) {
          completeExceptionally(t);
          return;
        }
      }
    }
  }

  /**
   * A caller of another {@code @Async} method.
   *
   * <pre>{@code
   * @Async String caller(Supplier<Task<String>> callee, List<String> trace) {
   *   try {
   *     return "caller(" + callee() + ")";     // a call to an @Async method suspends
   *   } finally {
   *     trace.add("caller cleanup");
   *   }
   * }}</pre>
   */
  static final class Caller extends AsyncMachine<String> {
    private final java.util.function.Supplier<Task<String>> callee;
    private final List<String> trace;

    Caller(java.util.function.Supplier<Task<String>> callee, List<String> trace) {
      this.callee = callee;
      this.trace = trace;
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              if (suspend(callee.get(), 1)) {
                return;
              }
            case 1:
              String v;
              try {
                v = (String) awaited();
              } catch (Throwable e) {
                trace.add("caller cleanup");
                throw e;
              }
              trace.add("caller cleanup");
              complete("caller(" + v + ")");
              return;
            default:
              throw new IllegalStateException("no state " + state);
          }
        } catch (Throwable t) {
          completeExceptionally(t);
          return;
        }
      }
    }
  }
}
