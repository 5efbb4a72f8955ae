package org.await4j.processor.corpus;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Boundary values per parameter type, made fresh for every call (the blocking run and the
 * machine must not share a mutable argument). A type with no values here gets only {@code null}.
 */
final class Inputs {
  private Inputs() {}

  /** The makers of values for {@code type}; empty when the type has none (not even null). */
  static List<Supplier<Object>> of(Class<?> type) {
    List<Supplier<Object>> v = new ArrayList<>();
    if (type.isPrimitive()) {
      primitives(type, v);
      return v;
    }
    v.add(() -> null);
    if (type == String.class || type == CharSequence.class) {
      for (String s : new String[] {"", "abc", " a b ", "A", "aBc", "  ", "a,b,,c", "\t\n", "ab"
          + "cabc", "Hello World"}) {
        v.add(() -> s);
      }
      if (type == CharSequence.class) {
        v.add(() -> new StringBuilder("abc"));
      }
    } else if (Character.class == type || Integer.class == type || Long.class == type
        || Boolean.class == type || Double.class == type || Short.class == type
        || Byte.class == type || Float.class == type) {
      primitives(unboxed(type), v);
    } else if (type == Object.class) {
      v.add(() -> "abc");
      v.add(() -> 1);
      v.add(() -> new ArrayList<>(List.of("a", "b")));
      v.add(() -> List.of(1, 2)); // no arrays: identity hashes would order hash sets by chance
    } else if (type.isArray()) {
      Class<?> c = type.getComponentType();
      List<Supplier<Object>> elements = of(c);
      v.add(() -> Array.newInstance(c, 0));
      if (!elements.isEmpty()) {
        for (int n = 1; n <= 3; n++) {
          int length = n;
          v.add(() -> {
            Object a = Array.newInstance(c, length);
            for (int i = 0; i < length; i++) {
              Array.set(a, i, elements.get((i * 3 + length) % elements.size()).get());
            }
            return a;
          });
        }
      }
    } else if (type == List.class || type == Collection.class || type == Iterable.class
        || type == ArrayList.class) {
      v.add(ArrayList::new);
      v.add(() -> new ArrayList<>(List.of("a", "b", "a")));
      v.add(() -> new ArrayList<>(Arrays.asList("x", null, "y")));
      v.add(() -> new ArrayList<>(List.of(3, 1, 2)));
    } else if (type == Set.class) {
      v.add(LinkedHashSet::new);
      v.add(() -> new LinkedHashSet<>(List.of("a", "b", "c")));
    } else if (type == Map.class || type == HashMap.class) {
      v.add(LinkedHashMap::new);
      v.add(() -> new LinkedHashMap<>(Map.of("a", 1)));
      v.add(() -> {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", null);
        m.put(null, "c");
        return m;
      });
    } else if (type == Locale.class) {
      v.add(() -> Locale.ROOT);
      v.add(() -> Locale.ENGLISH);
      v.add(() -> Locale.forLanguageTag("tr"));
    } else if (type == Class.class) {
      v.add(() -> String.class);
      v.add(() -> int.class);
      v.add(() -> Integer.class);
      v.add(() -> Object.class);
      v.add(() -> int[].class);
      v.add(() -> Map.Entry.class);
    } else if (type.isEnum()) {
      for (Object c : type.getEnumConstants()) {
        v.add(() -> c);
      }
    } else if (type == Predicate.class) {
      v.add(() -> (Predicate<Object>) Objects::nonNull);
    } else if (type == Function.class) {
      v.add(() -> (Function<Object, Object>) String::valueOf);
    } else if (type == Supplier.class) {
      v.add(() -> (Supplier<Object>) () -> "supplied");
    } else if (type == Comparator.class) {
      v.add(() -> Comparator.nullsFirst(Comparator.comparing(String::valueOf)));
    } else if (type == Random.class) {
      v.add(() -> new Random(42));
    }
    return v;
  }

  private static Class<?> unboxed(Class<?> boxed) {
    for (Class<?> p : new Class<?>[] {boolean.class, byte.class, short.class, char.class,
        int.class, long.class, float.class, double.class}) {
      if (java.lang.invoke.MethodType.methodType(p).wrap().returnType() == boxed) {
        return p;
      }
    }
    throw new IllegalArgumentException(boxed.toString());
  }

  private static void primitives(Class<?> type, List<Supplier<Object>> v) {
    Object[] values;
    if (type == boolean.class) {
      values = new Object[] {true, false};
    } else if (type == char.class) {
      values = new Object[] {'a', ' ', 'Z', '0', '\0', '\u00e9', ','};
    } else if (type == byte.class) {
      values = new Object[] {(byte) 0, (byte) 1, (byte) -1, Byte.MAX_VALUE, Byte.MIN_VALUE};
    } else if (type == short.class) {
      values = new Object[] {(short) 0, (short) 1, (short) -1, Short.MAX_VALUE, Short.MIN_VALUE};
    } else if (type == int.class) {
      values = new Object[] {0, 1, -1, 2, 3, 10, Integer.MAX_VALUE, Integer.MIN_VALUE};
    } else if (type == long.class) {
      values = new Object[] {0L, 1L, -1L, 42L, Long.MAX_VALUE, Long.MIN_VALUE};
    } else if (type == float.class) {
      values = new Object[] {0f, -1.5f, 1f, Float.NaN, Float.POSITIVE_INFINITY};
    } else {
      values = new Object[] {0d, -1.5d, 1d, Double.NaN, Double.NEGATIVE_INFINITY, 1e300};
    }
    for (Object o : values) {
      v.add(() -> o);
    }
  }
}
