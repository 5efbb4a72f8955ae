package org.await4j.processor;

/**
 * Every diagnostic the processor reports, in one place. Each message says what is wrong, why,
 * and what to do, and starts with a stable id: {@code [await4j:Id]}.
 */
public enum Problem {
  NATIVE_METHOD("@Async needs a method body to compile into a state machine, and a native"
      + " method has none; remove @Async, or give the method a Java body"),
  LOCAL_TYPE("@Async methods of local or anonymous classes (an enum constant's body, a compact"
      + " source file's implicit class too) cannot get a generated twin, which must name the"
      + " class; move the method to a top-level or member class (for an enum constant, declare"
      + " the @Async method on the enum and let the constant override a plain method it calls;"
      + " for a compact source file, declare its class)"),
    TYPE_VARIABLE_CLASH("the method's type parameter %s hides a type parameter of its class;"
      + " rename one of them"),
  SUSPEND_IN_LAMBDA("a suspension point inside a lambda or method reference cannot suspend the"
      + " enclosing @Async method; await outside the lambda, or make the lambda's work its own"
      + " @Async method"),
  SUSPEND_IN_METHOD_REFERENCE("the method reference %s names a suspension point (await or an"
      + " @Async method); called through its functional interface it would block the event loop"
      + " instead of suspending; start the calls as tasks with the generated twin (x -> XAsync.m(self,"
      + " x)) and await them, for example with Tasks.all"),
  SYNCHRONIZED_METHOD("an @Async method cannot be synchronized: the monitor belongs to a thread,"
      + " and the method's steps may run after it released it; guard the shared state with an"
      + " org.await4j.sync.Lock (await(lock.acquire()); try { ... } finally { lock.release(); })"),
  SUSPEND_IN_CLASS("a suspension point inside an anonymous or local class body cannot suspend"
      + " the enclosing @Async method; await outside the class body, or move the work into an"
      + " @Async method"),
  SUSPEND_IN_SYNCHRONIZED("a suspension point inside a synchronized block would release the"
      + " thread while holding the monitor; await before or after the synchronized block"),
  PRIVATE_MEMBER("the @Async body uses the private member '%s', which its state machine (the"
      + " generated class %s) cannot reach in this form: %s; make '%s' package-private"),
  PROTECTED_MEMBER("the @Async body uses the protected member '%s' of a class in another"
      + " package, which the generated state machine cannot reach; call it through a"
      + " package-private method of this class"),
  ENCLOSING_INSTANCE("the @Async body uses the enclosing instance of its inner class ('%s'),"
      + " which the generated state machine cannot reach; make the class static, or pass what"
      + " the body needs as a parameter or field"),
  SUPER_CALL("the @Async body uses 'super' in a form its state machine (another class) cannot"
      + " reach yet: Outer.super.m(...) or Outer.super::m where the outer class or the"
      + " method's class is generic; super.m(...), super::m and the non-generic forms are fine."
      + " Call a package-private helper of the outer class instead"),
  UNRESOLVED("cannot resolve '%s' while compiling the @Async body; fix the other compile errors"
      + " first"),
  RECORD_CONSTRUCTOR("javac cannot compile this record's canonical constructor again once the"
      + " await4j processor has attributed its file (javac adds a super() call to it), and the"
      + " file could not be attributed as a copy instead; move the record to a file of its own"),
  VAR_ANONYMOUS_TYPE("this 'var' has an anonymous class type, which javac cannot re-read after"
      + " the await4j processor attributes a class with @Async methods; declare the variable"
      + " with a named type"),
  LAMBDA_PARAMETER_TYPE("javac infers the type %2$s for the lambda parameter '%1$s', which it"
      + " cannot read back once the await4j processor has attributed this class (javac keeps the"
      + " inferred type in the tree, and its next pass cannot resolve a captured wildcard or an"
      + " anonymous class by name); give the lambda's parameters their types, for example"
      + " (Object %1$s) -> ..."),
  IMPLICIT_TYPE_AFTER_CLASS("the type of '%s' is inferred in a method that declares a class"
      + " (an anonymous one, say), and javac cannot tell that type to the await4j processor"
      + " without leaving that class unattributed (the processor's own copy of this file could"
      + " not be compiled either); declare the variable's or lambda parameter's type"),
  POLY_ARGUMENT_IN_GENERIC_METHOD("javac keeps the type it inferred for this conditional argument,"
      + " with the generic method's type variables of the await4j processor's pass, and its own"
      + " last pass then rejects it (the processor's own copy of this file could not be compiled);"
      + " assign the conditional to a local variable of its type and pass that"),
  VAR_ANONYMOUS_TYPE_IN_BODY("this 'var' has an anonymous class type; the state machine keeps"
      + " the @Async body's locals in fields, and a field cannot name an anonymous class; declare"
      + " the class as a local or nested class and the variable with its name"),
  VAR_INTERSECTION_TYPE("this 'var' has the intersection type %s, which generated code cannot"
      + " write down (and javac cannot re-read once the class is attributed); declare the"
      + " variable with the one type the code needs"),
  VAR_UNRESOLVED_TYPE("the type of 'var %s' never resolved: a class it uses does not exist and"
      + " no processor generated it; fix that name, or declare the variable with an explicit type"),
  BINDING_IN_SUSPENDING_CONDITION("a pattern variable declared in the condition of a statement"
      + " that suspends is not supported yet; test with instanceof and cast into a local"
      + " variable instead"),
  LOCAL_CLASS("a local class that extends an inner class, declared in an @Async body that"
      + " suspends, is not supported yet (moved into the machine, it has no enclosing instance"
      + " for its superclass); declare it as an inner class of the enclosing class"),
  LOCAL_CLASS_NAME_TAKEN("a second local type named %s in this @Async body: the local types of a"
      + " body that suspends become members of its machine class, where each name can be taken"
      + " once; rename one of them"),
  OVERRIDES_PLAIN_METHOD("%s is not @Async: a call through it runs this method as plain"
      + " code, whose awaits fail on an event loop (IllegalStateException); mark it @Async too, or"
      + " call this class's method itself where it must suspend"),
  IMPLICIT_CALL_OF_ASYNC("%s is @Async, but the call Java makes here is a plain call, no"
      + " suspension point: its awaits fail on an event loop (IllegalStateException); loop with"
      + " while (it.hasNext()) { ... it.next() ... }, whose calls suspend"),
  NOT_SUPPORTED("%s is not supported yet in an @Async body when it contains a suspension"
      + " point; move the await out of it (into a local variable before it)"),
  TWIN_NAME_TAKEN("the await4j processor generates the class %s for the @Async methods of %s,"
      + " and a class of that name exists already; rename that class"),
  TWIN_SIGNATURE_CLASH("the twin of this method, %s, would have the same parameters as the twin"
      + " of %s (a twin takes the receiver as its first parameter); rename one of the two"
      + " methods"),
  TWIN_NAME_SHARED("the await4j processor generates the class %s for the @Async methods of %s,"
      + " and the same class for those of %s; rename one of the two classes"),
  NO_TREES("the await4j processor needs javac's com.sun.source Trees API, which this compiler"
      + " does not provide (%s); build with javac (Maven, Gradle, or IntelliJ delegating to"
      + " them)"),
  INTERNAL("the await4j processor failed on this method (%s); please report it with the"
      + " method's source. Until it is fixed, remove @Async from the method: it then runs as"
      + " plain blocking code");

  private final String template;

  Problem(String template) {
    this.template = template;
  }

  /** The full message: {@code [await4j:Id] text}. */
  String format(Object... args) {
    return "[await4j:" + id() + "] " + String.format(template, args);
  }

  /** The stable id, in UpperCamelCase. */
  String id() {
    StringBuilder b = new StringBuilder();
    for (String part : name().split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return b.toString();
  }
}
