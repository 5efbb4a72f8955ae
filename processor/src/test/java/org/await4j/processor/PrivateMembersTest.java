package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Private members of the source's classes used by @Async bodies, as well-encapsulated code
 * writes them: each body runs blocking and as a machine (fast path and spilled) alike.
 */
class PrivateMembersTest {
  static final String SOURCE = """
      package priv;

      import java.io.IOException;
      import java.util.ArrayList;
      import java.util.List;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Account<T> {
        private final Env env;
        private int count;
        private byte small;
        private char letter = 'a';
        private long big;
        private double ratio = 1.5;
        private boolean open;
        private Integer boxed = 0;
        private String log = "";
        private final List<T> items = new ArrayList<>();
        private static long total;
        private static final String PREFIX = "p:";

        public Account(Env env) { this.env = env; }

        private Account(Env env, int count) { this(env); this.count = count; }

        private int v(int x) { return env.log("v", x); }

        private String format(int x) throws IOException {
          if (x < 0) {
            throw new IOException("negative " + x);
          }
          return PREFIX + x;
        }

        private static int twice(int x) { return 2 * x; }

        private <U> U first(List<U> l) { return l.get(0); }

        private int sum(int... xs) {
          int s = 0;
          for (int x : xs) s += x;
          return s;
        }

        private void note(String s) { log += s + ";"; }

        // fields: read, write, compound, ++ and -- of every kind, through this and another
        @Async String fields(int n) {
          total = 0;
          count = await(env.task(n));
          count += await(env.task(2));
          count++;
          int old = count--;
          ++count;
          int pre = --count;
          small = 5;
          small += v(300);
          letter += await(env.task(2));
          letter++;
          big -= await(env.task(7L)) * count;
          ratio *= await(env.task(3));
          open |= await(env.task(true));
          boxed += count;
          boxed++;
          Integer was = boxed--;
          this.count += twice(await(env.task(1)));
          Account.this.count -= v(1);
          total += count;
          log += await(env.task("x"));
          Account<T> other = new Account<>(env, await(env.task(40)));
          other.count++;
          other.count += v(1);
          other.count = other.count * 2 + await(env.task(0));
          return count + "," + old + "," + pre + "," + small + "," + letter + "," + big + ","
              + ratio + "," + open + "," + boxed + "," + was + "," + total + "," + other.count
              + "," + log;
        }

        // methods: static, instance, generic, varargs, void, with a checked exception
        @Async String methods(T item) throws IOException {
          items.add(item);
          note("a" + await(env.task(1)));
          note(format(await(env.task(count + 5))));
          String f = first(List.of(await(env.task("s"))));
          T t = first(items);
          int s = sum(v(1), 2, await(env.task(3))) + sum();
          try {
            format(await(env.task(-1)));
          } catch (IOException e) {
            note(e.getMessage());
          }
          if (s > 100) {
            return format(-s);
          }
          return f + t + s + log + format(await(env.task(-2)));
        }

        // inside lambdas and anonymous classes of the body
        @Async String captured() {
          int base = await(env.task(10));
          Runnable r = () -> { count += base; note("lambda" + count); };
          r.run();
          new Object() {
            void go() { count++; note("anonymous" + twice(count)); }
          }.go();
          java.util.function.IntSupplier read = () -> count + v(0);
          return read.getAsInt() + await(env.task("!")) + log;
        }

        // private constructors, with and without type arguments
        @Async int created() {
          Account<String> a = new Account<>(env, await(env.task(3)));
          Account<String> b = new Account<String>(env, v(4));
          int c = new Account<Integer>(env, await(env.task(5))).count;
          return a.count + b.count + c;
        }

        static class Node {
          private int value;
          private Node next;
          private Node(int value) { this.value = value; }
          private int value() { return value; }
        }

        // method references to private methods and constructors
        @Async String references() {
          java.util.function.IntUnaryOperator doubled = Account::twice;
          java.util.function.IntUnaryOperator logged = this::v;
          java.util.function.Function<List<String>, String> head = this::first;
          java.util.function.IntFunction<Node> make = Node::new;
          java.util.function.ToIntFunction<Node> value = Node::value;
          int n = await(env.task(3));
          List<Integer> out = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            out.add(doubled.applyAsInt(i) + logged.applyAsInt(i) + value.applyAsInt(make.apply(i)));
          }
          return out + head.apply(List.of("h", "t"));
        }

        private Node nodeAt(int x) { env.log("nodeAt", x); return x < 0 ? null : new Node(x); }

        // references to private methods on computed receivers (evaluated once, null-checked,
        // when the reference is made) and to a private varargs method, at each arity
        @Async String boundReferences(int n) {
          java.util.function.IntSupplier value = nodeAt(await(env.task(n)))::value;
          java.util.function.IntSupplier again = nodeAt(v(n + 1))::value;
          String missing;
          try {
            java.util.function.IntSupplier none = nodeAt(await(env.task(-1)))::value;
            missing = "no NPE" + none;
          } catch (NullPointerException e) {
            missing = "NPE";
          }
          java.util.function.IntSupplier none = this::sum;
          java.util.function.IntBinaryOperator two = this::sum;
          java.util.function.Function<int[], Integer> array = this::sum;
          java.util.function.ToIntBiFunction<Account<T>, Integer> unbound = Account::sum;
          return value.getAsInt() + value.getAsInt() + ":" + again.getAsInt() + ":" + missing + ":"
              + none.getAsInt() + two.applyAsInt(await(env.task(2)), 3)
              + array.apply(new int[] {4, 5}) + unbound.applyAsInt(this, 6);
        }

        private Account<T> again() { env.log("again", count); return this; }

        // compound assignments to private fields of computed receivers: each receiver once
        @Async String computedCompound(int n) {
          again().count += await(env.task(n));
          again().count += v(n);
          again().small += 300;
          again().log += again().count;
          Node node = new Node(1);
          nodeAt(v(7)).value *= v(3);
          nodeAt(await(env.task(5))).value += v(2); // the receiver awaits, and is computed once
          String s = "" + (again().letter += 1) + (nodeAt(2).value -= v(1));
          return count + ":" + small + ":" + log + ":" + node.value + s;
        }

        // private members of a nested class
        @Async int nested() {
          Node head = new Node(await(env.task(1)));
          head.next = new Node(v(2));
          head.next.value += await(env.task(10));
          Node n = head.next;
          n.value++;
          return head.value() + n.value();
        }

        // an inner class whose body uses its enclosing instance, implicitly and as Account.this
        class Worker {
          private int done;
          final String name;
          Worker(String name) { this.name = name; }

          @Async String work(int n) {
            int k = await(env.task(n));
            count += k;
            done++;
            note(name + k);
            Account.this.log += "!";
            Worker helper = new Worker(name + "'");
            return name + count + done + twice(k) + log + Account.this.count
                + new Node(k).value() + helper.name + fetchedBy(k);
          }
        }

        @Async String fetchedBy(int k) { return "f" + await(env.task(k)); }

        @Async String viaWorker(int n) {
          Worker w = new Worker("w");
          String first = w.work(await(env.task(n)));
          return first + "/" + w.work(n + 1) + "/" + w.done;
        }

        public static class Savings extends Account<String> {
          public Savings(Env env) { super(env); }
        }

        // the machine reaches the private fields of an instance of a subclass
        @Async String viaSubclass(int n) { return new Savings(env).fields(await(env.task(n))); }
      }
      """;

  /** A superclass in another package, with protected members, and an interface default. */
  static final String BASE = """
      package base;

      public abstract class Sink {
        protected int written;
        protected static int opened;
        protected final StringBuilder out = new StringBuilder();

        protected void put(int b) { out.append((char) b); written++; }

        protected static String tag(String s) { return "<" + s + ">"; }

        public String describe() { return "sink " + written; }

        @org.await4j.Async public final String stamp(int n) {
          return "stamp" + org.await4j.Await.await(org.await4j.Task.completed(n));
        }

        @org.await4j.Async protected String fetch(int n) throws java.io.IOException {
          if (n < 0) {
            throw new java.io.IOException("negative");
          }
          return "sink" + org.await4j.Await.await(org.await4j.Task.completed(n));
        }

        public interface Named {
          default String name() { return "named"; }

          @org.await4j.Async default String greet(String s) {
            return "hello " + org.await4j.Await.await(org.await4j.Task.completed(s));
          }
        }
      }
      """;

  static final String SUB = """
      package sub;

      import base.Sink;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Upper extends Sink implements Sink.Named {
        private final Env env;

        public Upper(Env env) { this.env = env; }

        @Override protected void put(int b) { super.put(Character.toUpperCase(b)); }

        @Override public String describe() { return "upper " + written; }

        @Override public String name() { return "upper"; }

        // an @Async method of the superclass through super: its own machine, not this override
        @Override @Async protected String fetch(int n) throws java.io.IOException {
          return "upper(" + super.fetch(await(env.task(n))) + "," + fetch2(n) + ")";
        }

        @Async String fetch2(int n) throws java.io.IOException { return super.fetch(n + 1); }

        @Async String fetched(int n) throws java.io.IOException { return fetch(n) + super.stamp(n); }

        // an @Async default method of an interface through Iface.super: its own machine
        @Override @Async public String greet(String s) {
          return "upper " + Sink.Named.super.greet(await(env.task(s))) + " " + greet2(s);
        }

        @Async String greet2(String s) { return Sink.Named.super.greet(s + "!"); }

        // method references to the superclass's methods: never the overrides
        @Async String superReferences(String s) {
          java.util.function.IntConsumer plain = super::put;
          java.util.function.Supplier<String> described = super::describe;
          java.util.function.Supplier<String> named = Sink.Named.super::name;
          for (char c : await(env.task(s)).toCharArray()) {
            plain.accept(c);
          }
          return out + " " + described.get() + " " + named.get() + " " + describe();
        }

        // Upper.super.m(...) and Upper.super::m in an inner class: the superclass's methods on
        // the enclosing instance, not its overrides (public, protected elsewhere, @Async)
        public class Writer {
          @Async String outerSuper(String s) throws java.io.IOException {
            Upper.super.put(await(env.task((int) s.charAt(0))));
            java.util.function.Supplier<String> described = Upper.super::describe;
            java.util.function.IntConsumer put = Upper.super::put;
            put.accept(await(env.task((int) 'z')));
            return described.get() + " " + Upper.this.describe() + " "
                + Upper.super.fetch(await(env.task(s.length()))) + " " + Upper.this.fetch(1)
                + " " + out;
          }
        }

        @Async String viaWriter(String s) throws java.io.IOException {
          return new Writer().outerSuper(s);
        }

        // protected members of a superclass in another package, and super calls
        @Async String write(String s) {
          opened++;
          for (char c : s.toCharArray()) {
            put(await(env.task((int) c)));
            super.put('.');
          }
          written += await(env.task(100));
          this.written++;
          return tag(out.toString()) + written + " " + describe() + " / " + super.describe()
              + " " + name() + " / " + Sink.Named.super.name() + " " + (opened > 0);
        }
      }
      """;

  static ClassLoader loader;
  static ClassLoader subLoader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("priv.Account", SOURCE);
    subLoader = Harness.compileAndLoad("base.Sink", BASE, "sub.Upper", SUB);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, -1})
  void asyncSuperMethodsRunTheirOwnMachine(int n) {
    Differential.check(subLoader, "sub.Upper", "fetched", n);
  }

  @Test
  void asyncDefaultMethodsThroughInterfaceSuper() {
    Differential.check(subLoader, "sub.Upper", "greet", "ab");
  }

  @Test
  void methodReferencesThroughSuper() {
    Differential.check(subLoader, "sub.Upper", "superReferences", "ab");
  }

  @Test
  void superCallsOfTheEnclosingClassFromAnInnerClass() {
    Differential.check(subLoader, "sub.Upper", "viaWriter", "ab");
  }

  @Test
  void protectedMembersOfASuperclassElsewhereAndSuperCalls() {
    Differential.check(subLoader, "sub.Upper", "write", "ab");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, -9})
  void fields(int n) {
    Differential.check(loader, "priv.Account", "fields", n);
  }

  @Test
  void fieldsOfASubclassInstance() {
    Differential.check(loader, "priv.Account", "viaSubclass", 2);
  }

  @Test
  void methods() {
    Differential.check(loader, "priv.Account", "methods", "item");
  }

  @Test
  void insideLambdasAndAnonymousClasses() {
    Differential.check(loader, "priv.Account", "captured");
  }

  @Test
  void enclosingInstancesOfInnerClasses() {
    Differential.check(loader, "priv.Account", "viaWorker", 2);
  }

  @Test
  void methodReferencesToPrivateMembers() {
    Differential.check(loader, "priv.Account", "references");
  }

  @ParameterizedTest
  @ValueSource(ints = {3, -1})
  void methodReferencesOnComputedReceiversAndToVarargsMethods(int n) {
    Differential.check(loader, "priv.Account", "boundReferences", n);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, -2})
  void compoundAssignmentsThroughComputedReceivers(int n) {
    Differential.check(loader, "priv.Account", "computedCompound", n);
  }

  @Test
  void constructors() {
    Differential.check(loader, "priv.Account", "created");
  }

  @Test
  void membersOfNestedClasses() {
    Differential.check(loader, "priv.Account", "nested");
  }

  @Test
  void theMachineNamesEachAccessorAfterItsMember() throws Exception {
    String machine = Harness.generated(Harness.compile("priv.Account", SOURCE), "AccountAsyncMachines");
    assertThat(machine).contains("private static <T> int get$count(Account<T> self)");
    assertThat(machine).contains("private static final MethodHandles.Lookup source$lookup = "
        + "PrivateAccess.lookupIn(Account.class, MethodHandles.lookup());");
    assertThat(machine).contains("private static final VarHandle count$handle = "
        + "PrivateAccess.field(source$lookup, Account.class, \"count\", int.class);");
    assertThat(machine).contains("set$count(self, ");
  }
}
