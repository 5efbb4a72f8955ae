package org.await4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.await4j.internal.Exceptions;

/**
 * Where {@link Tasks#toThread} runs blocking code (asyncio's {@code to_thread}): on a virtual
 * thread per call where the JDK has them (21+), else on a bounded pool of daemon threads, so
 * that the loop thread never blocks.
 */
final class BlockingWork {
  private BlockingWork() {}

  private static final ExecutorService EXECUTOR = executor();

  private static ExecutorService executor() {
    try {
      // Executors.newVirtualThreadPerTaskExecutor() exists from JDK 21; the runtime targets 17
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (Throwable olderJdk) {
      AtomicInteger count = new AtomicInteger();
      ThreadFactory daemons = r -> {
        Thread t = new Thread(r, "await4j-blocking-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
      return new java.util.concurrent.ThreadPoolExecutor(threads, threads, 30,
          java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
          daemons) {
        {
          allowCoreThreadTimeOut(true);
        }
      };
    }
  }

  static <T> Task<T> run(Callable<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    TaskContext context = TaskContext.current(); // carried to the worker (asyncio's to_thread)
    EXECUTOR.execute(() -> {
      try {
        f.complete(context == null ? work.call() : TaskContext.callIn(context, work));
      } catch (Throwable t) {
        f.completeExceptionally(Exceptions.unwrap(t));
      }
    });
    return Task.from(f);
  }
}
