package org.await4j.io;

import java.net.SocketAddress;

/** One datagram received: its bytes and who sent it. */
public record Datagram(byte[] data, SocketAddress sender) {}
