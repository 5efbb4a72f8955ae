package org.await4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.await4j.Async;
import org.await4j.Await;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;

/**
 * A child process whose pipes are read and written without blocking the loop (asyncio's {@code
 * create_subprocess_exec}). Java cannot select on a process's pipes, so each output pipe is
 * pumped by a daemon thread into a buffer on the loop, and writes to stdin run off the loop.
 * Waiting for the exit, or {@link #communicate}, kills the process (forcibly) when cancelled; a
 * cancelled line read does not (the line stays for the next read). {@link #close()} kills it if
 * it still runs, so a process streamed in try-with-resources ends with the body, however the body
 * ends (a cancel, a timeout, an exception); and the loop it was started on kills the ones still
 * running when it ends (as it closes its sockets). Used on the loop it was started on.
 *
 * <pre>{@code
 * Subprocess p = Subprocess.start(List.of("sort"));     // in an @Async body
 * Subprocess.Completed r = p.communicate("b\na\n".getBytes(UTF_8));
 *
 * try (Subprocess tail = Subprocess.start(List.of("tail", "-f", "log"))) {
 *   String line;
 *   while ((line = tail.readStdoutLine()) != null) { ... }   // cancelled: tail is killed
 * }
 * }</pre>
 */
public final class Subprocess implements AutoCloseable {
  private final EventLoop loop;
  private final Process process;
  private final PipeReader stdout;
  private final PipeReader stderr;
  private Task<Void> lastWrite = Signal.DONE;

  private Subprocess(EventLoop loop, Process process) {
    this.loop = loop;
    this.process = process;
    String name = "await4j-subprocess-" + process.pid();
    this.stdout = new PipeReader(loop, process.getInputStream(), name + "-stdout");
    this.stderr = new PipeReader(loop, process.getErrorStream(), name + "-stderr");
  }

  /** Starts {@code command} with pipes for stdin, stdout and stderr. */
  public static Subprocess start(List<String> command) throws IOException {
    return start(new ProcessBuilder(command));
  }

  /** Starts {@code builder}'s process; its redirects are replaced by pipes. */
  public static Subprocess start(ProcessBuilder builder) throws IOException {
    IoLoop io = IoLoop.current();
    builder.redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    Subprocess p = new Subprocess(io.loop, builder.start());
    io.started(p);
    return p;
  }

  /** What {@link #communicate} gives: the exit code and everything the process wrote. */
  public record Completed(int exitCode, byte[] stdout, byte[] stderr) {
    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
      return new String(stderr, StandardCharsets.UTF_8);
    }
  }

  public long pid() {
    return process.pid();
  }

  /** The next line of stdout (UTF-8, without its terminator); null at the end. */
  @Async
  public String readStdoutLine() throws IOException {
    return Await.await(readStdoutLineTask());
  }

  /** The next line of stderr (UTF-8, without its terminator); null at the end. */
  @Async
  public String readStderrLine() throws IOException {
    return Await.await(readStderrLineTask());
  }

  /** Writes {@code data} to stdin and flushes it; writes go in the order they were made. */
  @Async
  public void writeStdin(byte[] data) throws IOException {
    Await.await(writeStdinTask(data));
  }

  /** Closes stdin once the writes made so far are done (the process sees its end). */
  public void closeStdin() {
    checkLoop();
    Task<Void> before = lastWrite;
    lastWrite = Tasks.toThread(() -> {
      awaitQuietly(before);
      process.getOutputStream().close();
      return null;
    });
  }

  /** The exit code, once the process has ended. Cancelled: the process is killed. */
  @Async
  public int waitFor() {
    return Await.await(waitForTask());
  }

  /**
   * Writes {@code input} (null: nothing) and closes stdin, reads stdout and stderr to their ends
   * and waits for the exit (asyncio's {@code communicate}). Cancelled: the process is killed.
   */
  @Async
  public Completed communicate(byte[] input) throws IOException {
    return Await.await(communicateTask(input));
  }

  /**
   * Kills the process (forcibly); its pipes then end: what was read from them is still read, then
   * the end of the stream (the JDK drops what was left in the pipes).
   */
  public void kill() {
    // the JDK closes the pipes under their pumps: a "Stream closed" is then the end, not a failure
    stdout.killed();
    stderr.killed();
    process.destroyForcibly();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Kills the process if it still runs (what {@link #kill()} does), so that try-with-resources
   * ends it with the body; does nothing to one that has ended.
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  void forEachWaiting(java.util.function.Consumer<Task<?>> sink) {
    stdout.forEachWaiting(sink);
    stderr.forEachWaiting(sink);
  }

  Task<String> readStdoutLineTask() {
    checkLoop();
    return stdout.readLine();
  }

  Task<String> readStderrLineTask() {
    checkLoop();
    return stderr.readLine();
  }

  Task<Void> writeStdinTask(byte[] data) {
    checkLoop();
    byte[] copy = data.clone();
    Task<Void> before = lastWrite;
    OutputStream in = process.getOutputStream();
    Task<Void> w = Tasks.toThread(() -> {
      awaitQuietly(before);
      in.write(copy);
      in.flush();
      return null;
    });
    lastWrite = w;
    return w;
  }

  private static void awaitQuietly(Task<Void> before) {
    try {
      before.join();
    } catch (RuntimeException e) {
      // the earlier write's caller was told
    }
  }

  Task<Integer> waitForTask() {
    return new Exit(this);
  }

  Task<Completed> communicateTask(byte[] input) {
    checkLoop();
    if (input != null) {
      writeStdinTask(input);
    }
    closeStdin();
    Task<byte[]> out = stdout.readAll();
    Task<byte[]> err = stderr.readAll();
    Task<Integer> exit = waitForTask();
    Communicate c = new Communicate(this, out, err, exit);
    IoLoop.whenDone(Tasks.allSettled(out, err, exit), t -> loop.execute(c::finish));
    return c;
  }

  private void checkLoop() {
    if (!loop.inLoop()) {
      throw new IllegalStateException("a Subprocess is used on the loop it was started on only");
    }
  }

  /** The exit code; cancelling it kills the process. */
  private static final class Exit extends Task<Integer> {
    private final Subprocess subprocess;

    Exit(Subprocess subprocess) {
      this.subprocess = subprocess;
      Process process = subprocess.process;
      IoLoop.whenDone(Task.from(process.onExit()), t -> succeed(process.exitValue()));
    }

    @Override
    public boolean cancel(String message) {
      boolean cancelled = super.cancel(message);
      if (cancelled) {
        subprocess.kill();
      }
      return cancelled;
    }
  }

  private static final class Communicate extends Task<Completed> {
    private final Subprocess subprocess;
    private final Task<byte[]> out;
    private final Task<byte[]> err;
    private final Task<Integer> exit;

    Communicate(Subprocess subprocess, Task<byte[]> out, Task<byte[]> err, Task<Integer> exit) {
      this.subprocess = subprocess;
      this.out = out;
      this.err = err;
      this.exit = exit;
    }

    void finish() {
      Throwable e = out.isDone() ? org.await4j.Outcome.of(out).exception() : null;
      if (e == null && err.isDone()) {
        e = org.await4j.Outcome.of(err).exception();
      }
      if (e != null) {
        failWith(e);
      } else if (out.isDone() && err.isDone() && exit.isDone() && !exit.isCancelled()) {
        succeed(new Completed(exit.result(), out.result(), err.result()));
      }
    }

    @Override
    public boolean cancel(String message) {
      boolean cancelled = super.cancel(message);
      if (cancelled) {
        subprocess.kill();
        out.cancel();
        err.cancel();
        exit.cancel();
      }
      return cancelled;
    }
  }
}
