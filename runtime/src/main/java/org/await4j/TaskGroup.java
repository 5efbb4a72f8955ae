package org.await4j;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.await4j.internal.AsyncMachine;
import org.await4j.internal.ScopeExit;
import org.await4j.internal.TaskListener;

/**
 * Structured concurrency: tasks started in a group all end before the group does (Python 3.11's
 * {@code asyncio.TaskGroup}, Kotlin's {@code coroutineScope}, Java's {@code
 * StructuredTaskScope}).
 *
 * <pre>{@code
 * @Async
 * Page page(String id) {
 *   try (TaskGroup g = new TaskGroup()) {
 *     Task<User> user = g.start(ShopAsync.user(this, id));      // both run at once
 *     Task<List<Order>> orders = g.start(ShopAsync.orders(this, id));
 *     await(g.join());                                          // wait for every child
 *     return new Page(user.result(), orders.result());
 *   }                                                           // close: nothing left to wait for
 * }
 * }</pre>
 *
 * <p>An {@code @Async} body may not suspend in {@code close()}, so where try-with-resources of an
 * {@link AsyncCloseable} is not available, write the end of the group as a {@code finally}:
 *
 * <pre>{@code
 * TaskGroup g = new TaskGroup();
 * try {
 *   g.start(ShopAsync.user(this, id));
 *   await(g.join());
 * } finally {
 *   await(g.closeAsync());
 * }
 * }</pre>
 *
 * <p>The rules:
 * <ul>
 *   <li>{@link #start(Task)} adopts a task that is already running (an {@code <Class>Async} stub
 *       call); {@link #spawn(Supplier)} starts one on the loop's next pass (asyncio's {@code
 *       tg.create_task}).
 *   <li>{@link #join()} waits until every child has ended. It fails with the first failure of a
 *       child, with the failures of the others added to it as suppressed exceptions.
 *   <li>The first failure of a child (a cancellation is not a failure) cancels every other child
 *       and every child started later, and cancels the body that opened the group (as asyncio
 *       does), unless the body is already waiting in {@link #join()} or {@link #closeAsync()}:
 *       the body sees a {@code CancellationException} at its current {@code await}, so its
 *       cleanup for cancellation runs, and at the end of the try-with-resources block the group
 *       throws the child's failure instead (the state machine's try-with-resources lets it, see
 *       {@link ScopeExit}). A cancel of the body's task from outside is not lost (it stays
 *       counted in {@link Task#cancelling()}) and does not hide the children's failure. In
 *       blocking code, where Java's try-with-resources cannot replace the block's exception, the
 *       failure is thrown at the blocking {@code await} instead. A failure is thrown to the body
 *       once: the group's end does not throw it again.
 *   <li>{@link #closeAsync()}, the end of the block, cancels the children that are still running
 *       and waits for them (StructuredTaskScope's rule: a block that ends without {@link
 *       #join()}, because it failed or returned early, abandons its children, and Java's close
 *       cannot tell the two cases apart). It fails with a failure that has not been thrown yet.
 *       Awaiting {@link #join()} first, as above, is how a block waits for its children.
 *   <li>Cancelling the task that awaits {@link #join()} or {@link #closeAsync()} (the body's
 *       task being cancelled) cancels the children, and the wait still ends only when they have
 *       all ended: their cleanup, even if it awaits, is over before the body goes on.
 * </ul>
 *
 * <p>A child's exception is rethrown as the child threw it, checked or not, as {@code await(task)}
 * rethrows a task's: the compiler does not know the children's exceptions, so catch a checked one
 * as {@code Exception} (and test it with {@code instanceof}).
 *
 * <p>Children may run on any loop and complete on any thread. A group opened by blocking code (a
 * body called directly, on a thread that runs no loop) works the same way: its children run on
 * the default loop, and a failure ends the blocking {@code await} the thread is in. In
 * {@linkplain Debug#BLOCKING blocking debug mode} a group works as in a machine, except that
 * the failure is thrown at the body's {@code await} that it stopped, as in blocking code.
 */
public final class TaskGroup implements AsyncCloseable, ScopeExit {
  private final Object lock = new Object();
  /**
   * The body that opened the group: a state machine, or a {@link BlockingBody} in blocking debug
   * mode. It cancels and counts on {@code owner.face()}: a spawned task whose body it is (as
   * {@link Task#current()} gives it there), else the owner itself.
   */
  private final Task<?> owner;
  private final EventLoop ownerLoop;
  private final Blocking blocking;
  /**
   * A child ended: with an owner, handled in a later pass of the owner's loop (asyncio's done
   * callbacks are scheduled with call_soon), so that a sibling started in the same pass as a
   * failure still gets its first step; in blocking code, at once.
   */
  private final TaskListener onChildDone;
  /** The owner's {@link Task#cancelling()} when the group opened: what is not ours. */
  private final int cancellingBefore;

  // guarded by lock
  /** In start order (a task's equals is identity), so that cancelling goes in that order. */
  private final Set<Task<?>> running = new LinkedHashSet<>();
  private List<Exit> exits = new ArrayList<>();
  private Throwable failure;
  private long failedAt;
  private boolean reported;
  private boolean aborting;
  private boolean closed;
  /** A child failed while the body was elsewhere: the group cancelled the owner. */
  private boolean ownerCancelled;
  /** The failure that the group's end ({@link #closeAsync()}) failed with, for {@link #bodyEnded}. */
  private Throwable closeFailed;

  /** Opens a group owned by the current {@code @Async} body (or by the calling blocking code). */
  public TaskGroup() {
    EventLoop here = EventLoop.current();
    Task<?> current = here == null ? null : Task.running(here); // a spawned body: its machine
    if (current instanceof AsyncMachine || current instanceof BlockingBody) {
      owner = current;
      cancellingBefore = owner.face().cancelling();
      blocking = null;
      ownerLoop = here; // the owner's: it runs on this thread
      onChildDone = child -> here.execute(() -> childDone(child));
      if (owner instanceof BlockingBody) {
        ((BlockingBody<?>) owner).opened(this);
      }
    } else if (here == null) {
      owner = null;
      ownerLoop = null;
      cancellingBefore = 0;
      onChildDone = this::childDone;
      blocking = new Blocking();
      blocking.open();
    } else {
      owner = null; // plain code on a loop: nothing to interrupt
      ownerLoop = null;
      cancellingBefore = 0;
      onChildDone = this::childDone;
      blocking = null;
    }
  }

  /**
   * Adds a running task to the group and returns it. If the group is already cancelling its
   * children (after a failure or {@link #cancel()}), the task is cancelled at once.
   *
   * @throws IllegalStateException if the group is closed
   */
  public <T> Task<T> start(Task<T> task) {
    Objects.requireNonNull(task, "task");
    boolean cancelNow;
    synchronized (lock) {
      if (closed) {
        throw closedError();
      }
      if (!running.add(task)) {
        return task; // already a child
      }
      cancelNow = aborting;
    }
    if (!task.addListener(onChildDone)) {
      childDone(task);
    }
    if (cancelNow) {
      task.cancel();
    }
    return task;
  }

  /**
   * Starts {@code body} on the loop's next pass as a child (asyncio's {@code tg.create_task}); see
   * {@link EventLoop#createTask(Supplier)}.
   */
  public <T> Task<T> spawn(Supplier<? extends Task<T>> body) {
    return spawn(null, body);
  }

  /** As {@link #spawn(Supplier)}, with a name for {@link Task#name()}. */
  public <T> Task<T> spawn(String name, Supplier<? extends Task<T>> body) {
    synchronized (lock) {
      if (closed) {
        throw closedError(); // before the task exists: refused, the body never runs
      }
    }
    EventLoop loop = EventLoop.currentOrDefault();
    Task<T> task = name == null ? loop.createTask(body) : loop.createTask(name, body);
    try {
      return start(task);
    } catch (IllegalStateException closedMeanwhile) {
      task.cancel(); // closed by another thread since: it starts no more than asyncio's would
      throw closedMeanwhile;
    }
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("the task group is closed: start its tasks before its end");
  }

  /**
   * Cancels every child still running and every child started later; not a failure. The group's
   * end still waits for them.
   */
  public void cancel() {
    abort();
  }

  /**
   * A task that completes when every child has ended: fails with the first failure of a child
   * (the others suppressed in it), else succeeds. The children started while it waits are
   * waited for too.
   */
  public Task<Void> join() {
    return exit(false);
  }

  /**
   * The end of the group: cancels the children still running, waits for all of them, and fails
   * with a failure of a child that has not been thrown yet (by {@link #join()} or into the body).
   * No child may be started afterwards.
   */
  @Override
  public Task<Void> closeAsync() {
    return exit(true);
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "TaskGroup[" + running.size() + " running" + (failure != null ? ", failed" : "")
          + (closed ? ", closed" : "") + "]";
    }
  }

  private Task<Void> exit(boolean close) {
    Exit exit = new Exit(close);
    boolean cancelRest = false;
    boolean doneNow;
    synchronized (lock) {
      if (close) {
        cancelRest = !running.isEmpty();
        closed = true;
      }
      doneNow = running.isEmpty();
      if (!doneNow) {
        exits.add(exit);
      }
    }
    if (close && blocking != null) {
      blocking.close();
    }
    if (close && owner instanceof BlockingBody) {
      ((BlockingBody<?>) owner).closed(this); // its body's awaits no longer ask it
    }
    if (cancelRest) {
      abort();
    }
    if (doneNow) {
      exit.finish();
    }
    return exit;
  }

  /** A child ended, on whichever thread completed it. */
  private void childDone(Task<?> child) {
    Throwable f = child.failureOrNull();
    boolean first = false;
    boolean interruptOwner = false;
    List<Exit> finished = null;
    synchronized (lock) {
      running.remove(child);
      if (f != null && !(f instanceof CancellationException)) {
        if (failure == null) {
          failure = f;
          failedAt = System.nanoTime();
          first = true;
          interruptOwner = exits.isEmpty() && !closed;
        } else {
          addSuppressed(failure, f);
        }
      }
      if (running.isEmpty() && !exits.isEmpty()) {
        finished = exits;
        exits = new ArrayList<>();
      }
    }
    if (first) {
      abort();
      if (interruptOwner) {
        interruptOwner();
      }
    }
    if (finished != null) {
      for (Exit e : finished) {
        e.finish();
      }
    }
  }

  /**
   * Cancels the children, once: a child's cleanup that awaits must not be cancelled again by a
   * later failure, the group's end or a second cancel (children started later are cancelled as
   * they are started).
   */
  private void abort() {
    List<Task<?>> toCancel;
    synchronized (lock) {
      if (aborting) {
        return;
      }
      aborting = true;
      toCancel = new ArrayList<>(running);
    }
    for (Task<?> t : toCancel) {
      t.cancel(); // in start order
    }
  }

  private void interruptOwner() {
    if (owner != null) {
      if (ownerLoop.inLoop()) {
        interruptNow();
      } else {
        ownerLoop.execute(this::interruptNow);
      }
    } else if (blocking != null) {
      LockSupport.unpark(blocking.thread);
    }
  }

  /** On the owner's loop: stop the body at its await, unless it is already at the group's end. */
  private void interruptNow() {
    synchronized (lock) {
      if (!exits.isEmpty() || closed || reported || ownerCancelled) {
        return;
      }
      ownerCancelled = true;
    }
    owner.face().cancel(); // counted: bodyEnded tells this cancellation from one from outside
  }

  /**
   * Called by the state machine's try-with-resources once the group is closed (asyncio's
   * {@code __aexit__}): the body's cancellation that the group caused becomes the children's
   * failure; a failure of a child is never hidden by a cancel from outside, which stays counted
   * in {@link Task#cancelling()}. Anything else is left as it is. Not for users.
   */
  @Override
  public Throwable bodyEnded(Throwable thrown) {
    boolean ours;
    Throwable f;
    Throwable fromClose;
    synchronized (lock) {
      ours = ownerCancelled;
      ownerCancelled = false;
      f = failure;
      fromClose = closeFailed;
      closeFailed = null;
    }
    if (!ours) {
      // a cancel from outside ended the block, and the group's end then failed with a child's
      // failure (a child that failed in the same pass): the failure wins, as in asyncio's
      // __aexit__ ("errors have priority"), and the cancel stays counted in cancelling()
      return fromClose != null && thrown instanceof CancellationException ? fromClose : thrown;
    }
    int outside = owner.face().uncancel() - cancellingBefore; // requests not ours, still pending
    if (!(thrown instanceof CancellationException)) {
      return thrown; // the body failed on its own, or ended normally after catching ours
    }
    if (f != null) {
      synchronized (lock) {
        reported = true;
      }
      return f; // the children's failure wins, even over a cancel from outside
    }
    return outside > 0 ? thrown : null;
  }

  /** The failure, thrown into the body: from now on it counts as reported. */
  private Throwable deliverFailure() {
    synchronized (lock) {
      reported = true;
      return failure;
    }
  }

  private static void addSuppressed(Throwable primary, Throwable other) {
    if (other == primary) {
      return;
    }
    for (Throwable s : primary.getSuppressed()) {
      if (s == other) {
        return;
      }
    }
    primary.addSuppressed(other);
  }

  /** What {@link #join()} and {@link #closeAsync()} return; cancelling it cancels the children. */
  private final class Exit extends Task<Void> {
    private final boolean close;
    private volatile boolean cancelRequested;
    private volatile String cancelMessage;

    Exit(boolean close) {
      this.close = close;
    }

    void finish() {
      Throwable f;
      synchronized (lock) {
        f = failure;
        if (f != null && close && reported) {
          f = null; // thrown already: throwing it again would make it suppress itself
        }
        if (f != null) {
          reported = true;
          if (close) {
            closeFailed = f;
          }
        }
      }
      if (f != null) {
        failWith(f); // the children's failures are not hidden by a cancel from outside
      } else if (cancelRequested) {
        failWith(cancellation(cancelMessage)); // the cancel is not lost either
      } else {
        succeed(null);
      }
    }

    /**
     * Cancels the children; the wait still ends only when they have all ended, cancelled unless
     * a child failed.
     */
    @Override
    public boolean cancel(String message) {
      if (isDone()) {
        return false;
      }
      cancelMessage = message;
      cancelRequested = true;
      abort();
      return true;
    }
  }

  /** The group as blocking code sees it: a child's failure ends the thread's blocking await. */
  private final class Blocking extends BlockingScope {
    private boolean firing() {
      return failure != null && !reported && exits.isEmpty() && !closed;
    }

    @Override
    long firesAt() {
      synchronized (lock) {
        return firing() ? failedAt : Long.MAX_VALUE;
      }
    }

    @Override
    boolean hasFired(long now) {
      synchronized (lock) {
        return firing();
      }
    }

    @Override
    Throwable deliver() {
      return deliverFailure();
    }
  }
}
