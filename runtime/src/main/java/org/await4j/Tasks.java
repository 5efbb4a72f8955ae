package org.await4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.await4j.internal.AsyncMachine;

/**
 * Running tasks concurrently and collecting them: asyncio's toolbox for {@code Task}s. Each method
 * returns a {@link Task}, so it is awaited like any other ({@code await(Tasks.all(a, b))}) in an
 * {@code @Async} body, and joined in plain code. The tasks given may run on any loop and complete
 * on any thread.
 *
 * <table>
 *   <caption>asyncio equivalents</caption>
 *   <tr><th>asyncio</th><th>await4j</th></tr>
 *   <tr><td>{@code create_task(coro)}</td><td>{@link #spawn(Supplier)}, or an {@code <Class>Async}
 *       stub call, which starts at once</td></tr>
 *   <tr><td>{@code gather(*aws)}</td><td>{@link #all(Task[])}</td></tr>
 *   <tr><td>{@code gather(*aws, return_exceptions=True)}</td>
 *       <td>{@link #allSettled(Task[])}</td></tr>
 *   <tr><td>first success (JavaScript's {@code Promise.any})</td><td>{@link #any(Task[])}</td></tr>
 *   <tr><td>first outcome (JavaScript's {@code Promise.race})</td>
 *       <td>{@link #race(Task[])}</td></tr>
 *   <tr><td>{@code as_completed(aws)}</td><td>{@link #asCompleted(Collection)}</td></tr>
 *   <tr><td>{@code wait(aws, timeout, return_when)}</td><td>{@link #wait(Collection, WaitMode,
 *       Duration)}</td></tr>
 *   <tr><td>{@code shield(aw)}</td><td>{@link #shield(Task)}</td></tr>
 *   <tr><td>{@code sleep(delay)}</td><td>{@link #sleep(Duration)}</td></tr>
 *   <tr><td>{@code sleep(0)}</td><td>{@link #yieldNow()}</td></tr>
 *   <tr><td>{@code wait_for(aw, timeout)}</td><td>{@link #withTimeout(Task, Duration)}</td></tr>
 *   <tr><td>{@code timeout(delay)}</td><td>{@link Timeout#after(Duration)}</td></tr>
 *   <tr><td>{@code TaskGroup()}</td><td>{@link TaskGroup}</td></tr>
 * </table>
 *
 * <p>Cancelling what {@link #all} or {@link #allSettled} return (also by cancelling the body
 * that awaits it) cancels the tasks given, and the returned task ends cancelled as asyncio's
 * gather does: {@code all} when the first task has ended cancelled (its cleanup has run), {@code
 * allSettled} once every task has ended. Cancelling
 * what {@link #any} or {@link #race} return cancels the tasks given, and the returned task is
 * cancelled at once. {@link #wait} and {@link #asCompleted} never cancel the tasks given.
 */
public final class Tasks {
  private Tasks() {}

  /**
   * Starts {@code body} on the current loop's next pass (the default loop's, from a thread that
   * runs none) and returns its task at once: asyncio's {@code create_task}. Inside the started
   * {@code @Async} body, {@link Task#current()} is the returned task itself. Cancelled before it
   * starts, {@code body} never runs. See {@link EventLoop#createTask(Supplier)}, which also says
   * what happens when {@code body} is more than one stub call.
   *
   * <pre>{@code Task<String> later = Tasks.spawn(() -> CatalogAsync.page(this, uri));
   * // inside Catalog.page's body: Task.current() == later}</pre>
   */
  public static <T> Task<T> spawn(Supplier<? extends Task<T>> body) {
    return EventLoop.currentOrDefault().createTask(body);
  }

  /** As {@link #spawn(Supplier)}, with a name for {@link Task#name()}. */
  public static <T> Task<T> spawn(String name, Supplier<? extends Task<T>> body) {
    return EventLoop.currentOrDefault().createTask(name, body);
  }

  /**
   * The values of all tasks, in the order given (asyncio's {@code gather}). The first failure
   * (a cancellation too) fails the returned task with that very exception; as in asyncio, the
   * other tasks are not cancelled and keep running (their later failures count as observed).
   * Use {@link TaskGroup} to cancel the rest, {@link #allSettled} to collect every outcome.
   */
  @SafeVarargs
  public static <T> Task<List<T>> all(Task<? extends T>... tasks) {
    return Gather.all(copy(tasks));
  }

  /** As {@link #all(Task[])}. */
  public static <T> Task<List<T>> all(Collection<? extends Task<? extends T>> tasks) {
    return Gather.all(array(tasks));
  }

  /**
   * Every task's {@link Outcome}, in the order given, once all are done (asyncio's {@code
   * gather(..., return_exceptions=True)}). Fails only if cancelled itself.
   */
  @SafeVarargs
  public static <T> Task<List<Outcome<T>>> allSettled(Task<? extends T>... tasks) {
    return Gather.allSettled(copy(tasks));
  }

  /** As {@link #allSettled(Task[])}. */
  public static <T> Task<List<Outcome<T>>> allSettled(
      Collection<? extends Task<? extends T>> tasks) {
    return Gather.allSettled(array(tasks));
  }

  /**
   * The value of the first task to succeed; the others are then cancelled (as Java's {@code
   * invokeAny}). Fails only when every task has failed: with the first failure in the order given
   * that is not a cancellation, the others added to it as suppressed exceptions (with a {@code
   * CancellationException} if all were cancelled).
   *
   * @throws IllegalArgumentException if no task is given
   */
  @SafeVarargs
  public static <T> Task<T> any(Task<? extends T>... tasks) {
    return FirstOf.any(copy(tasks));
  }

  /** As {@link #any(Task[])}. */
  public static <T> Task<T> any(Collection<? extends Task<? extends T>> tasks) {
    return FirstOf.any(array(tasks));
  }

  /**
   * The outcome of the first task to be done, value or exception; the others are then cancelled.
   *
   * @throws IllegalArgumentException if no task is given
   */
  @SafeVarargs
  public static <T> Task<T> race(Task<? extends T>... tasks) {
    return FirstOf.race(copy(tasks));
  }

  /** As {@link #race(Task[])}. */
  public static <T> Task<T> race(Collection<? extends Task<? extends T>> tasks) {
    return FirstOf.race(array(tasks));
  }

  /**
   * The tasks in the order they complete (asyncio's {@code as_completed}); see {@link
   * AsCompleted}.
   */
  public static <T> AsCompleted<T> asCompleted(Collection<? extends Task<T>> tasks) {
    List<Task<T>> list = new ArrayList<>(tasks);
    return new AsCompleted<>(list, list.size());
  }

  /** As {@link #asCompleted(Collection)}. */
  @SafeVarargs
  public static <T> AsCompleted<T> asCompleted(Task<T>... tasks) {
    return asCompleted(List.of(tasks));
  }

  /**
   * The pending tasks of the calling thread's loop (asyncio's {@code all_tasks()}): the task
   * running now, the spawned tasks, and the bodies that the loop reaches from what it holds
   * (its timers, its ready queue, its main task) and from what those await or are awaited by. As
   * for the dump of pending tasks, nothing is registered per task: a body whose whole chain waits
   * on something no loop holds (a lock, a foreign future) is not found.
   *
   * @throws IllegalStateException on a thread that runs no loop (asyncio: {@code RuntimeError})
   */
  public static java.util.Set<Task<?>> allTasks() {
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      throw new IllegalStateException("no running event loop on thread '"
          + Thread.currentThread().getName() + "': Tasks.allTasks() works on a loop's thread");
    }
    return PendingTasks.tasksOf(loop);
  }

  /**
   * Waits until {@code mode} is met and returns the done and pending tasks (asyncio's {@code
   * asyncio.wait}). Never cancels the tasks; cancelling the returned task leaves them running.
   *
   * @throws IllegalArgumentException if no task is given
   */
  public static <T> Task<WaitResult<T>> wait(Collection<? extends Task<T>> tasks, WaitMode mode) {
    return TaskWait.start(new ArrayList<>(tasks), Objects.requireNonNull(mode, "mode"), null);
  }

  /**
   * As {@link #wait(Collection, WaitMode)}, returning when {@code timeout} passes at the latest,
   * with what is done by then (a timeout is not an error here, as in asyncio).
   */
  public static <T> Task<WaitResult<T>> wait(Collection<? extends Task<T>> tasks, WaitMode mode,
      Duration timeout) {
    return TaskWait.start(new ArrayList<>(tasks), Objects.requireNonNull(mode, "mode"),
        Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * A task that ends as {@code task} does, but whose cancellation does not reach {@code task}
   * (asyncio's {@code shield}): a body awaiting it that is cancelled stops waiting, and {@code
   * task} runs on. A task already done is returned as it is.
   */
  public static <T> Task<T> shield(Task<T> task) {
    return Shield.of(Objects.requireNonNull(task, "task"));
  }

  /**
   * A task that completes after {@code delay} on the current loop (asyncio's {@code sleep}); the
   * same as {@link EventLoop#sleep(Duration)}. Cancelling it removes its timer. Zero or less is
   * asyncio's {@code sleep(0)}: a plain yield, as {@link #yieldNow()}.
   */
  public static Task<Void> sleep(Duration delay) {
    return EventLoop.sleep(delay);
  }

  /**
   * Lets the callbacks and bodies that are ready run, then resumes (asyncio's {@code sleep(0)},
   * Kotlin's {@code yield()}): {@code await(Tasks.yieldNow())} puts the body at the back of its
   * loop's ready queue. Allocates nothing. Outside an {@code @Async} body, where nothing can be
   * let through, it is a task that is already done.
   */
  public static Task<Void> yieldNow() {
    return AsyncMachine.YIELD;
  }

  /**
   * Waits for {@code task} at most {@code timeout} (asyncio's {@code wait_for}): returns its value,
   * or rethrows its exception; if the timeout passes first, cancels {@code task}, waits until it
   * has ended, and throws {@link TimeoutException} (whose cause is the task's cancellation). When
   * the task completes in the same loop pass as the deadline, whichever runs first wins.
   *
   * <p>An {@code @Async} method: in an {@code @Async} body a call suspends, and {@code catch
   * (TimeoutException e)} compiles around it; called directly, it blocks. Plain code that wants the
   * task calls its twin, {@link TasksAsync#withTimeout(Task, Duration)}.
   */
  @Async
  public static <T> T withTimeout(Task<T> task, Duration timeout) throws TimeoutException {
    return Await.await(TasksAsync.withTimeout(task, timeout));
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<? extends T>[] array(Collection<? extends Task<? extends T>> tasks) {
    Task<? extends T>[] a = tasks.toArray(new Task[0]);
    for (Task<?> t : a) {
      Objects.requireNonNull(t, "a task");
    }
    return a;
  }

  private static <T> Task<? extends T>[] copy(Task<? extends T>[] tasks) {
    Task<? extends T>[] a = tasks.clone();
    for (Task<?> t : a) {
      Objects.requireNonNull(t, "a task");
    }
    return a;
  }

  /**
   * Runs blocking {@code work} off the loop (asyncio's {@code to_thread}): on a virtual thread
   * where the JDK has them, else on a bounded pool. The returned task completes with its result
   * or its exception; awaiting it resumes the body on its own loop thread. Cancelling the task
   * does not interrupt the work.
   */
  public static <T> Task<T> toThread(java.util.concurrent.Callable<T> work) {
    return BlockingWork.run(java.util.Objects.requireNonNull(work, "work"));
  }

  /**
   * A task for a plain {@link java.util.concurrent.Future}, such as the JDK's {@code
   * AsynchronousFileChannel.write(buffer, position)} returns, so that {@code await} takes it:
   * {@code await(Tasks.fromFuture(f))}. Its value or its exception (unwrapped from {@code
   * ExecutionException}) comes when the future's does; a future that is also a {@code
   * CompletionStage} is followed by callback, any other one is waited for off the loop (where
   * {@link #toThread} runs). Cancelling the task cancels the future.
   */
  public static <T> Task<T> fromFuture(java.util.concurrent.Future<T> future) {
    return FutureWait.of(java.util.Objects.requireNonNull(future, "future"));
  }
}
