package org.await4j.processor.corpus;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library's own test inputs, harvested cheaply: the Javadoc of commons-lang3 and
 * commons-text documents calls as {@code StringUtils.abbreviate("abcdefg", 6) = "abc..."}. The
 * arguments of every such line whose values are literals ({@code null}, strings, chars, numbers,
 * booleans, {@code [..]} arrays) become inputs of the differential run, before the boundary
 * values. Lines with anything else ({@code *}, expressions) are left out.
 */
final class Examples {
  private static final Object UNPARSED = new Object();

  private final Map<String, List<List<Object>>> byMethod = new HashMap<>();

  private Examples() {}

  /** The examples in {@code source} of calls {@code Simple.method(...)} of class {@code simple}. */
  static Examples in(String source, String simple) {
    Examples e = new Examples();
    Pattern call = Pattern.compile("^\\s*\\*\\s*" + Pattern.quote(simple) + "\\.(\\w+)\\(");
    for (String line : source.split("\n")) {
      Matcher m = call.matcher(line);
      if (!m.find()) {
        continue;
      }
      String rest = line.substring(m.end());
      int close = closing(rest);
      if (close < 0) {
        continue;
      }
      List<Object> args = new ArrayList<>();
      for (String a : split(rest.substring(0, close))) {
        Object v = literal(a.strip());
        if (v == UNPARSED) {
          args = null;
          break;
        }
        args.add(v);
      }
      if (args != null) {
        e.byMethod.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(args);
      }
    }
    return e;
  }

  /** Argument lists for {@code name} converted to {@code params}, fresh arrays each call. */
  List<Object[]> argumentsFor(String name, Class<?>[] params) {
    List<Object[]> out = new ArrayList<>();
    for (List<Object> raw : byMethod.getOrDefault(name, List.of())) {
      if (raw.size() != params.length) {
        continue;
      }
      Object[] args = new Object[params.length];
      boolean ok = true;
      for (int i = 0; i < params.length && ok; i++) {
        args[i] = convert(raw.get(i), params[i]);
        ok = args[i] != UNPARSED;
      }
      if (ok) {
        out.add(args);
      }
    }
    return out;
  }

  /** A fresh copy of {@code args}: arrays are mutable, the rest are literals. */
  static Object[] copy(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = copyValue(args[i]);
    }
    return out;
  }

  private static Object copyValue(Object v) {
    if (v == null || !v.getClass().isArray()) {
      return v;
    }
    int n = Array.getLength(v);
    Object out = Array.newInstance(v.getClass().getComponentType(), n);
    for (int i = 0; i < n; i++) {
      Array.set(out, i, copyValue(Array.get(v, i)));
    }
    return out;
  }

  private static int closing(String s) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
        depth++;
      } else if (!quoted && (c == ']' || c == '}')) {
        depth--;
      } else if (!quoted && c == ')') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  private static List<String> split(String s) {
    List<String> parts = new ArrayList<>();
    if (s.isBlank()) {
      return parts;
    }
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"' || (c == '\'' && !quoted && i + 2 < s.length() && s.charAt(i + 2) == '\'')) {
        if (c == '\'') {
          i += 2;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
        depth++;
      } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static Object literal(String a) {
    if (a.equals("null")) {
      return null;
    }
    if (a.equals("true") || a.equals("Boolean.TRUE")) {
      return Boolean.TRUE;
    }
    if (a.equals("false") || a.equals("Boolean.FALSE")) {
      return Boolean.FALSE;
    }
    if (a.length() >= 2 && a.startsWith("\"") && a.endsWith("\"")) {
      String inner = a.substring(1, a.length() - 1);
      return inner.replace("\\\"", "").contains("\"") ? UNPARSED : unescape(inner);
    }
    if (a.length() == 3 && a.startsWith("'") && a.endsWith("'")) {
      return a.charAt(1);
    }
    if (a.matches("-?\\d{1,9}")) {
      return Integer.valueOf(a);
    }
    if (a.matches("-?\\d{1,18}[lL]")) {
      return Long.valueOf(a.substring(0, a.length() - 1));
    }
    if (a.matches("-?\\d+\\.\\d+[dD]?")) {
      return Double.valueOf(a);
    }
    if (a.startsWith("[") && a.endsWith("]")) {
      List<Object> elements = new ArrayList<>();
      for (String e : split(a.substring(1, a.length() - 1))) {
        Object v = literal(e.strip());
        if (v == UNPARSED) {
          return UNPARSED;
        }
        elements.add(v);
      }
      return elements;
    }
    return UNPARSED;
  }

  private static String unescape(String s) {
    return s.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r")
        .replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private static Object convert(Object v, Class<?> type) {
    if (v == null) {
      return type.isPrimitive() ? UNPARSED : null;
    }
    Class<?> boxed = type.isPrimitive()
        ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    if (v instanceof List) {
      if (!type.isArray()) {
        return UNPARSED;
      }
      List<?> list = (List<?>) v;
      Object array = Array.newInstance(type.getComponentType(), list.size());
      for (int i = 0; i < list.size(); i++) {
        Object e = convert(list.get(i), type.getComponentType());
        if (e == UNPARSED) {
          return UNPARSED;
        }
        Array.set(array, i, e);
      }
      return array;
    }
    if (v instanceof String) {
      return boxed.isAssignableFrom(String.class) ? v : UNPARSED;
    }
    if (v instanceof Character) {
      return boxed == Character.class || boxed == Object.class ? v : UNPARSED;
    }
    if (v instanceof Boolean) {
      return boxed == Boolean.class || boxed == Object.class ? v : UNPARSED;
    }
    Number n = (Number) v;
    if (boxed == Integer.class && v instanceof Integer) {
      return v;
    }
    if (boxed == Long.class) {
      return n.longValue();
    }
    if (boxed == Double.class) {
      return n.doubleValue();
    }
    if (boxed == Float.class) {
      return n.floatValue();
    }
    if (boxed == Short.class && v instanceof Integer && n.intValue() == n.shortValue()) {
      return n.shortValue();
    }
    if (boxed == Byte.class && v instanceof Integer && n.intValue() == n.byteValue()) {
      return n.byteValue();
    }
    if (boxed == Object.class || boxed == Number.class) {
      return v;
    }
    return UNPARSED;
  }
}
