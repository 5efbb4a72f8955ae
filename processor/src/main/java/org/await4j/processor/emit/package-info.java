/**
 * Stage four: the generated classes, written with JavaPoet from a {@link
 * org.await4j.processor.lower.LoweredBody}: the machine class (its shared body, or its resume()
 * alone), the stubs of the twin class, and the stand-ins that keep a build compiling when a body
 * cannot have a machine; the line tables async stack traces read.
 */
package org.await4j.processor.emit;
