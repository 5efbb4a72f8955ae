/**
 * Stage two, facts about a body that the lowering reads: where it may suspend, where each jump
 * goes and whether a statement completes normally, which locals are dead after a point, which
 * locals a tree assigns, which catch clauses can read the stack trace of what they catch.
 */
package org.await4j.processor.analyze;
