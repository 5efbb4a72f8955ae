package org.await4j;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The tasks of {@link Tasks#asCompleted}, handed out in the order they complete (asyncio's {@code
 * as_completed}). Each {@link #next()} returns a task that completes with the next task to be
 * done, itself (so its outcome is read with {@code result()}, and it is known which one it was):
 *
 * <pre>{@code
 * AsCompleted<String> pages = Tasks.asCompleted(fetches);
 * while (pages.hasNext()) {
 *   Task<String> page = await(pages.next());   // the next fetch to finish
 *   if (page.isFailed()) {                     // result() would rethrow its exception
 *     log(page.exception());
 *   } else {
 *     show(page.result());
 *   }
 * }
 * }</pre>
 *
 * <p>There are exactly as many {@code next()} calls as tasks; {@link #hasNext()} says whether one
 * is left. Tasks already done when it is made come first, in the order given. Several {@code
 * next()} calls may wait at once: they are served first come, first served. A {@code next()}
 * task that is cancelled before it got a task leaves no trace: its task goes to the next call,
 * and {@link #hasNext()} counts it again. Single use: {@link #iterator()} returns this object, so
 * that an enhanced {@code for} works too. Thread-safe.
 *
 * @param <T> the tasks' value type
 */
public final class AsCompleted<T> implements Iterator<Task<Task<T>>>, Iterable<Task<Task<T>>> {
  private final ArrayDeque<Task<T>> done = new ArrayDeque<>();
  private final ArrayDeque<Next> waiting = new ArrayDeque<>();
  private final int total;
  private int handedOut;

  AsCompleted(Iterable<? extends Task<T>> tasks, int total) {
    this.total = total;
    for (Task<T> t : tasks) {
      if (!t.addListener(this::taskDone)) {
        taskDone(t);
      }
    }
  }

  /** Whether a {@link #next()} is left: fewer calls than tasks so far. */
  @Override
  public synchronized boolean hasNext() {
    return handedOut < total;
  }

  /**
   * A task that completes with the next task to be done.
   *
   * @throws NoSuchElementException if there were as many calls as tasks
   */
  @Override
  public Task<Task<T>> next() {
    synchronized (this) {
      if (handedOut == total) {
        throw new NoSuchElementException("every task has been handed out");
      }
      handedOut++;
      Task<T> t = done.poll();
      if (t == null) {
        Next n = new Next();
        waiting.add(n);
        return n;
      }
      return Task.completed(t);
    }
  }

  /** This object: it can be iterated once. */
  @Override
  public Iterator<Task<Task<T>>> iterator() {
    return this;
  }

  @SuppressWarnings("unchecked")
  private void taskDone(Task<?> task) {
    Task<T> t = (Task<T>) task;
    t.failureOrNull(); // handed to the user, who reads it: not reported as unobserved
    Next n;
    synchronized (this) {
      n = waiting.poll();
      if (n == null) {
        done.add(t);
        return;
      }
    }
    n.decide(t); // removed from waiting first, so a cancel of n cannot win any more
  }

  /** A waiting {@link #next()}. */
  private final class Next extends Combinator<Task<T>> {
    /** Gives the place back if no task was handed to it yet. */
    @Override
    public boolean cancel(String message) {
      synchronized (AsCompleted.this) {
        if (!waiting.remove(this)) {
          return false; // a task is being handed to it
        }
        handedOut--;
      }
      return super.cancel(message);
    }
  }
}
