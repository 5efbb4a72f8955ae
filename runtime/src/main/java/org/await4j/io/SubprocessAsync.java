package org.await4j.io;

import org.await4j.Task;

/** The async twins of {@link Subprocess}'s {@code @Async} methods. */
public final class SubprocessAsync {
  private SubprocessAsync() {}

  public static Task<String> readStdoutLine(Subprocess self) {
    return self.readStdoutLineTask();
  }

  public static Task<String> readStderrLine(Subprocess self) {
    return self.readStderrLineTask();
  }

  public static Task<Void> writeStdin(Subprocess self, byte[] data) {
    return self.writeStdinTask(data);
  }

  public static Task<Integer> waitFor(Subprocess self) {
    return self.waitForTask();
  }

  public static Task<Subprocess.Completed> communicate(Subprocess self, byte[] input) {
    return self.communicateTask(input);
  }
}
