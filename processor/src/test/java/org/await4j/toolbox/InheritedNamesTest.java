package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import org.await4j.VirtualTime;
import org.junit.jupiter.api.Test;

/**
 * A generated machine is a Task: the members the runtime adds to Task and AsyncMachine (name(),
 * current(), loop(), interrupt(...)) must not capture the same names of the user's class, also
 * from a local class that the processor moves into the machine.
 */
class InheritedNamesTest {
  static final String SOURCE = """
      package names;

      import static org.await4j.Await.await;

      import org.await4j.Async;
      import org.await4j.Task;

      public class Names {
        String name() {
          return "user name";
        }

        static String current() {
          return "user current";
        }

        String loop() {
          return "user loop";
        }

        String interrupt(Object why) {
          return "user interrupt";
        }

        @Async String all() {
          String before = name() + ", " + current() + ", " + loop() + ", " + interrupt(null);
          await(Task.completed(1));
          class Local {
            String get() {
              return name() + ", " + current() + ", " + loop() + ", " + interrupt(null);
            }
          }
          String after = new Local().get();
          await(Task.completed(2));
          return before + " | " + after + " | " + name();
        }
      }
      """;

  @Test
  void userMembersWin() {
    Compiled c = Compiled.of("names.Names", SOURCE);
    Object self = c.newInstance();
    String expected = "user name, user current, user loop, user interrupt";
    Object result = new VirtualTime().run(() -> c.start(self, "all"));
    assertThat(result).isEqualTo(expected + " | " + expected + " | user name");
  }
}
