package org.await4j.processor.corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;

/**
 * Which marked method a generated file belongs to, by the processor's naming (README: a class
 * {@code Outer.Inner} has the twin {@code Outer_InnerAsync}, one machine per method named
 * {@code <Twin>_<method>}, overloads {@code _2}, {@code _3} in declaration order).
 */
final class GeneratedFiles {
  private static final Pattern STUB = Pattern.compile("\\bstatic\\b.*?\\b(\\w+)\\s*\\(");

  private GeneratedFiles() {}

  static String simpleName(JavaFileObject f) {
    String name = f.getName();
    name = name.substring(name.lastIndexOf('/') + 1);
    return name.endsWith(".java") ? name.substring(0, name.length() - 5) : name;
  }

  static String twin(String binaryClass) {
    return binaryClass.substring(binaryClass.lastIndexOf('.') + 1).replace('$', '_') + "Async";
  }

  /** The targets an error at {@code line} of generated file {@code f} belongs to. */
  static List<Rewriter.Target> targetsOf(JavaFileObject f, String content, long line,
      List<Rewriter.Target> targets) {
    String file = simpleName(f);
    Map<String, Integer> seen = new HashMap<>();
    List<Rewriter.Target> found = new ArrayList<>();
    List<Rewriter.Target> ofTwin = new ArrayList<>();
    Map<String, Rewriter.Target> machines = new HashMap<>();
    for (Rewriter.Target t : targets) {
      String base = twin(t.binaryClass()) + "_" + t.name();
      int n = seen.merge(base, 1, Integer::sum);
      String machine = n == 1 ? base : base + "_" + n;
      machines.put(machine, t);
      if (machine.equals(file)) {
        found.add(t);
      }
      if (twin(t.binaryClass()).equals(file)) {
        ofTwin.add(t);
      }
    }
    if (!found.isEmpty() || ofTwin.isEmpty()) {
      return found;
    }
    // the stub file: the machine class its stub method names, else the stub method's name
    String[] lines = content.split("\n", -1);
    Pattern machineName = Pattern.compile("\\b(" + Pattern.quote(file) + "_\\w+)\\b");
    for (int i = (int) Math.min(line, lines.length) - 1; i >= 0; i--) {
      Matcher m = machineName.matcher(lines[i]);
      if (m.find()) {
        Rewriter.Target t = machines.get(m.group(1));
        if (t != null) {
          return List.of(t);
        }
      }
      if (STUB.matcher(lines[i]).find()) {
        break;
      }
    }
    for (int i = (int) Math.min(line, lines.length) - 1; i >= 0; i--) {
      Matcher m = STUB.matcher(lines[i]);
      if (m.find()) {
        String name = m.group(1);
        List<Rewriter.Target> named = new ArrayList<>();
        for (Rewriter.Target t : ofTwin) {
          if (t.name().equals(name)) {
            named.add(t);
          }
        }
        if (!named.isEmpty()) {
          return named;
        }
      }
    }
    return ofTwin;
  }
}
