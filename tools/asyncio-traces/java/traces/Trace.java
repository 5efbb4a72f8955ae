package traces;

import java.util.ArrayList;
import java.util.List;

/** What the scenarios print, formatted as Python's print() would: the lines of one run. */
public final class Trace {
  public static final List<String> OUT = new ArrayList<>();

  private Trace() {}

  /** print(*parts): the parts as Python shows them, separated by spaces. */
  public static void p(Object... parts) {
    StringBuilder line = new StringBuilder();
    for (Object part : parts) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(str(part));
    }
    OUT.add(line.toString());
  }

  private static String str(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Boolean) {
      return (Boolean) o ? "True" : "False";
    }
    if (o instanceof List) {
      StringBuilder s = new StringBuilder("[");
      for (Object e : (List<?>) o) {
        if (s.length() > 1) {
          s.append(", ");
        }
        s.append(e instanceof String ? "'" + e + "'" : str(e));
      }
      return s.append(']').toString();
    }
    return String.valueOf(o);
  }
}
