package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.util.List;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.WaitMode;

/**
 * combinator_passes.py: in which pass an awaiting body resumes after a combinator's child ends
 * (a ticker prints each pass).
 */
public class CombinatorPasses {
  @Async
  static Void ticker(int n) {
    for (int i = 0; i < n; i++) {
      p("tick", i);
      await(Tasks.yieldNow());
    }
    return null;
  }

  @Async
  static String child(String name) {
    p(name, "ends");
    return name;
  }

  @Async
  public static void main() {
    Task<Void> t = Tasks.spawn(() -> CombinatorPassesAsync.ticker(4));
    p("gather got", await(Tasks.all(Tasks.spawn(() -> CombinatorPassesAsync.child("g")))));
    await(t);
    t = Tasks.spawn(() -> CombinatorPassesAsync.ticker(4));
    Task<String> c = Tasks.spawn(() -> CombinatorPassesAsync.child("w"));
    p("wait got", await(Tasks.wait(List.of(c), WaitMode.FIRST_COMPLETED)).done().size());
    await(t);
    t = Tasks.spawn(() -> CombinatorPassesAsync.ticker(4));
    p("shield got", await(Tasks.shield(Tasks.spawn(() -> CombinatorPassesAsync.child("s")))));
    await(t);
    t = Tasks.spawn(() -> CombinatorPassesAsync.ticker(4));
    p("direct got", await(Tasks.spawn(() -> CombinatorPassesAsync.child("d"))));
    await(t);
  }
}
