/**
 * Not API. Public only because generated state machines live in the users' packages and extend
 * {@link org.await4j.internal.AsyncMachine}. May change in any release.
 */
package org.await4j.internal;
