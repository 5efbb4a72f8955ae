package org.await4j.processor;

import com.palantir.javapoet.ClassName;

/** Every runtime class that generated code mentions, spelled once. */
public final class RuntimeNames {
  public static final ClassName TASK = ClassName.get("org.await4j", "Task");
  public static final ClassName EVENT_LOOP = ClassName.get("org.await4j", "EventLoop");
  public static final ClassName DEBUG = ClassName.get("org.await4j", "Debug");
  public static final ClassName ASYNC_MACHINE =
      ClassName.get("org.await4j.internal", "AsyncMachine");
  public static final ClassName OVERRIDES = ClassName.get("org.await4j.internal", "Overrides");
  public static final ClassName SITE = OVERRIDES.nestedClass("Site");
  public static final ClassName PRIVATE_ACCESS =
      ClassName.get("org.await4j.internal", "PrivateAccess");
  public static final ClassName PRIVATE_CASTS =
      ClassName.get("org.await4j.internal", "PrivateCasts");
  public static final ClassName EXCEPTIONS = ClassName.get("org.await4j.internal", "Exceptions");

  private RuntimeNames() {}
}
