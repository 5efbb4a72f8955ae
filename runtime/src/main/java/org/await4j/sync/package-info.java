/**
 * Coordination between the tasks of one event loop: asyncio's synchronization primitives and
 * queues ({@code asyncio.locks}, {@code asyncio.queues}).
 *
 * <table>
 *   <caption>asyncio and await4j</caption>
 *   <tr><th>asyncio</th><th>await4j</th></tr>
 *   <tr><td>{@code Lock}: {@code await lock.acquire()}, {@code release()}, {@code locked()}</td>
 *       <td>{@link org.await4j.sync.Lock}: {@code await(lock.acquire())}, {@code release()},
 *       {@code isLocked()}, {@code tryAcquire()}</td></tr>
 *   <tr><td>{@code Semaphore(n)}, {@code BoundedSemaphore(n)}</td>
 *       <td>{@link org.await4j.sync.Semaphore}, {@link org.await4j.sync.BoundedSemaphore}:
 *       {@code await(sem.acquire())}, {@code release()}, {@code isLocked()}, {@code
 *       availablePermits()}, {@code tryAcquire()}</td></tr>
 *   <tr><td>{@code Event}: {@code await event.wait()}, {@code set()}, {@code clear()}, {@code
 *       is_set()}</td>
 *       <td>{@link org.await4j.sync.Event}: {@code await(event.waitUntilSet())}, {@code set()},
 *       {@code clear()}, {@code isSet()}</td></tr>
 *   <tr><td>{@code Condition}: {@code await cond.wait()}, {@code await cond.wait_for(p)}, {@code
 *       notify(n)}, {@code notify_all()}</td>
 *       <td>{@link org.await4j.sync.Condition}: {@code await(cond.waitUntilSignalled())}, {@code
 *       await(cond.waitUntil(p))}, {@code signal(n)}, {@code signalAll()}</td></tr>
 *   <tr><td>{@code Barrier(n)}: {@code await barrier.wait()}, {@code reset()}, {@code abort()}
 *       </td>
 *       <td>{@link org.await4j.sync.Barrier}: {@code await(barrier.arriveAndWait())}, {@code
 *       reset()}, {@code abort()}</td></tr>
 *   <tr><td>{@code Queue}, {@code LifoQueue}, {@code PriorityQueue}: {@code await q.put(x)},
 *       {@code await q.get()}, {@code put_nowait}, {@code get_nowait}, {@code task_done()},
 *       {@code await q.join()}, {@code qsize()}, {@code empty()}, {@code full()}</td>
 *       <td>{@link org.await4j.sync.AsyncQueue}, {@link org.await4j.sync.AsyncLifoQueue}, {@link
 *       org.await4j.sync.AsyncPriorityQueue}: {@code await(q.put(x))}, {@code await(q.get())},
 *       {@code putNow}, {@code getNow}, {@code taskDone()}, {@code await(q.join())}, {@code
 *       size()}, {@code isEmpty()}, {@code isFull()}</td></tr>
 * </table>
 *
 * <p>The rules, common to every class here:
 *
 * <ul>
 *   <li><b>Awaitable.</b> Every operation that may suspend returns a {@link org.await4j.Task}, so
 *       that an {@code @Async} body awaits it: {@code await(lock.acquire())}. When it need not
 *       wait, the task is already done and the await does not suspend; such calls allocate
 *       nothing (a value-carrying {@code get()} allocates its done task).
 *   <li><b>Fair.</b> First come, first served, with no barging: what a release frees (the lock, a
 *       permit, an item, room in a queue) is handed straight to the longest waiter, even if
 *       another task asks for it in the same pass of the loop.
 *   <li><b>Cancellation-safe.</b> A cancelled waiter leaves no trace and loses nothing: it leaves
 *       the queue, and if it is cancelled after it was handed the lock, a permit or an item, but
 *       before its body resumed, that goes to the next waiter or back. Cancelling the task of a
 *       wait after its body has resumed changes nothing.
 *   <li><b>Loop-confined</b>, like asyncio's: a primitive belongs to the event loop it is first
 *       used on, and its operations throw {@link java.lang.IllegalStateException} on any other
 *       loop or thread (hand such calls to the loop with {@link
 *       org.await4j.EventLoop#execute(Runnable)}). Cancelling a waiting task is allowed from any
 *       thread. No locks and no volatile fields: a primitive is as cheap as the plain objects it
 *       is made of.
 * </ul>
 */
package org.await4j.sync;
