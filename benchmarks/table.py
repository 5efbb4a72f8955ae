#!/usr/bin/env python3
"""Prints the one table of benchmarks/run from JMH's JSON results (-rf json).

Usage: table.py RESULTS.json [--header TEXT]

One row per workload and system: time per op, bytes allocated per op (-prof gc), and await4j's
ratio to that system (await4j's number divided by the system's: below 1 means await4j is
cheaper). W5 is not about time: its byte column is the heap kept per suspended task.
"""
import json
import math
import sys

PKG = "org.await4j.benchmarks."

# workload, JMH class, what one op is, divisor from JMH op to the table's op, target,
# rows: (method, label); the first row is await4j's, the one the ratios are taken of.
WORKLOADS = [
    ("W1", "W1CallChain", "one call + await of a done value (chain of 100, per call)", 100,
     "<= 2 ns, 0 B", [
         ("await4j", "await4j"),
         ("plain", "plain calls (the floor)"),
         ("completableFutureThenApply", "CompletableFuture thenApply"),
         ("completableFutureThenCompose", "CompletableFuture thenCompose"),
     ]),
    ("W1u", "W1CallChain", "W1 as users write it: instance method on a subclass object, await of a"
     " done CompletableFuture (chain of 100, per call)", 100, "<= 2 ns, 0 B", [
         ("await4jSubclassedCompletableFuture", "await4j"),
         ("plainSubclassed", "plain calls on the same receiver (the floor)"),
         ("completableFutureThenApply", "CompletableFuture thenApply"),
     ]),
    ("W1o", "W1CallChain", "W1u on a receiver whose class overrides the method with an @Async"
     " method that calls super (chain of 100, per level)", 100, "no reflection or allocation per call", [
         ("await4jOverridden", "await4j"),
         ("plainOverridden", "plain calls, the same override (the floor)"),
         ("completableFutureThenApply", "CompletableFuture thenApply"),
     ]),
    ("W1p", "W1CallChain", "W1 whose levels write a private field and call a private helper"
     " (chain of 100, per call)", 100, "same time and bytes as package-private members", [
         ("await4jPrivateMembers", "await4j, private members (accessors over handles)"),
         ("await4jPackageMembers", "await4j, the same with package-private members"),
     ]),
    ("W2", "W2Yield", "one suspend + resume through the scheduler (per hop)", 1,
     "<= 10 ns, 0 B", [
         ("await4j", "await4j (await a Task the loop completes next pass)"),
         ("await4jTasksYieldNow", "await4j (await Tasks.yieldNow(), where the runtime has it)"),
         ("await4jSleepZero", "await4j (await EventLoop.sleep(ZERO))"),
         ("completableFuture", "CompletableFuture, 1-thread executor"),
         ("virtualThread", "virtual thread Thread.yield, 1 carrier"),
     ]),
    ("W3", "W3Gate", "1,000,000 tasks on one gate, released (per task)", 1,
     "<= 64 B, <= 0.3 s per million", [
         ("await4j", "await4j"),
         ("completableFuture", "CompletableFuture callbacks"),
         ("virtualThread", "virtual threads, 1 carrier"),
     ]),
    ("W3f", "W3Gate", "1,000,000 tasks awaiting one CompletableFuture, completed (per task)", 1,
     "<= CompletableFuture's bytes and time", [
         ("await4jOnCompletableFuture", "await4j"),
         ("completableFuture", "CompletableFuture callbacks"),
     ]),
    ("W4m", "W4MixedJavac", "javac of a mixed tree: 500 classes, 1 in 10 with 4 @Async methods"
     " (per build)", 1, "<= 1.5x plain javac", [
         ("javacWithAwait4j", "javac + await4j processor (on the processor path)"),
         ("javacWithoutProcessor", "javac -proc:none"),
     ]),
    ("W4", "W4Javac", "javac of 500 classes x 4 @Async methods (per build)", 1,
     "<= 4x plain javac", [
         ("javacWithAwait4j", "javac + await4j processor (on the processor path)"),
         ("javacWithoutProcessor", "javac -proc:none"),
         ("javacWithAwait4jWarm", "diagnostic: javac + await4j processor loaded once (warm JIT)"),
     ]),
    ("W5", "W5Retention", "heap kept per suspended task; a 64 KiB array is dead at the await", 1,
     "no dead array kept", [
         ("await4j", "await4j"),
         ("await4jControlLiveArray", "await4j, control: array live after the await"),
         ("completableFuture", "CompletableFuture"),
         ("blockingPlatformThreads", "blocking run, platform threads"),
         ("virtualThread", "blocking run, virtual threads, 1 carrier"),
     ]),
    ("W6", "W6FailureChain", "an exception through ten @Async levels (the innermost waits once),"
     " caught by the caller; async stack traces rewritten on the way (per chain)", 1,
     "<= 1.5x the blocking run", [
         ("await4jSuspended", "await4j"),
         ("blocking", "the blocking run (the same source methods as plain calls)"),
         ("await4jSuspendedNoFailure", "await4j, the same chain succeeding (the levels and the"
          " wait without the exception)"),
     ]),
    ("W6f", "W6FailureChain", "W6 where nothing waits: the fast paths' own frames (per chain)", 1,
     "<= 1.5x the blocking run", [
         ("await4jFastPath", "await4j"),
         ("blocking", "the blocking run"),
     ]),
    ("W6r", "W6FailureChain", "W6, and the caller reads the trace, as a logger does (per chain)", 1,
     "<= 1.5x the blocking run", [
         ("await4jSuspendedReadTrace", "await4j"),
         ("blockingReadTrace", "the blocking run, reading its trace"),
     ]),
    ("IO-1", "IO1PingPong", "1-byte ping-pong, 100 loopback connections, clients and server in one process (per round trip)", 1,
     ">= 85% of raw NIO's round trips/s, >= 1.3x virtual threads'", [
         ("await4j", "await4j (one loop: clients, server)"),
         ("rawNio", "raw NIO selector loop (one thread)"),
         ("virtualThread", "virtual threads, blocking sockets, 1 carrier"),
     ]),
    ("IO-3", "IO3IdleConnections", "heap per idle connection (4,000 loopback connections)", 1,
     "<= 1 KiB, no read buffer while idle", [
         ("await4j", "await4j (TcpServer, an @Async handler waiting in readLine)"),
         ("rawNio", "raw NIO (accepted channel registered for reading)"),
         ("virtualThread", "virtual thread per connection in a 1-byte read, 1 carrier"),
     ]),
]


def fmt_time(ns, err=None):
    if ns is None or math.isnan(ns):
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3), ("ns", 1.0)):
        if ns >= scale * 0.999 or unit == "ns":
            v = ns / scale
            text = f"{v:.3g}" if v < 100 else f"{v:.0f}"
            if err is not None and not math.isnan(err) and err > 0:
                e = err / scale
                text += f" ±{e:.2g}" if e < 100 else f" ±{e:.0f}"
            return f"{text} {unit}"


def fmt_bytes(b):
    if b is None or math.isnan(b):
        return "-"
    if abs(b) < 0.05:
        return "0 B"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if abs(b) >= scale:
            return f"{b / scale:.3g} {unit}"
    return f"{b:.1f} B" if abs(b) < 10 else f"{b:.0f} B"


def fmt_ratio(a, b):
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return "-"
    if b <= 0.05:  # nothing allocated by the baseline
        return "-" if a <= 0.05 else "inf"
    r = a / b
    return f"{r:.2f}x" if r < 10 else f"{r:.0f}x"


def to_ns(score, unit):
    scale = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}
    return score * scale[unit] if unit in scale else float("nan")


def main():
    path = sys.argv[1]
    header = None
    if "--header" in sys.argv:
        header = sys.argv[sys.argv.index("--header") + 1]
    with open(path) as f:
        results = {r["benchmark"]: r for r in json.load(f)}
    jdk = next((r["jdkVersion"] for r in results.values()), "?")

    if header:
        print(header)
        print()
    print("| workload | system | time/op | B/op | await4j ÷ system (time) | await4j ÷ system (B) | notes |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for wid, cls, what, div, target, rows in WORKLOADS:
        measured = {}
        cpus = {}
        for method, label in rows:
            r = results.get(PKG + cls + "." + method)
            if r is None:
                continue
            pm = r["primaryMetric"]
            sec = r.get("secondaryMetrics", {})
            t = to_ns(pm["score"], pm["scoreUnit"]) / div
            err = to_ns(pm["scoreError"], pm["scoreUnit"]) / div if pm.get("scoreError") not in (None, "NaN") else None
            b = sec.get("gc.alloc.rate.norm", {}).get("score", float("nan")) / div
            note = ""
            if cls == "W5Retention":
                tasks = sec.get("tasks", {}).get("score", 0)
                kept = sec.get("keptAlive", {}).get("score", float("nan"))
                retained = sec.get("retainedBytes", {}).get("score", float("nan"))
                t, err = float("nan"), None
                b = retained / tasks if tasks else float("nan")
                note = f"dead arrays still reachable: {kept:.0f} of {tasks:.0f}"
                if method == "await4jControlLiveArray":
                    note = f"live arrays kept: {kept:.0f} of {tasks:.0f} (must be all)"
            elif cls == "IO3IdleConnections":
                conns = sec.get("connections", {}).get("score", 0)
                retained = sec.get("retainedBytes", {}).get("score", float("nan"))
                t, err = float("nan"), None
                b = retained / conns if conns else float("nan")
                note = "B/op column: heap kept per connection"
            elif cls == "IO1PingPong":
                note = f"{1e9 / t / 1000:.0f} k round trips/s" if t > 0 else ""
                cpu = sec.get("task-clock", {}).get("score")  # ms per op, from -prof perfnorm
                if cpu:
                    note += f"; CPU {fmt_time(cpu * 1e6)} per round trip"
                    cpus[method] = cpu
            elif cls == "W3Gate":
                note = f"the million in {t * 1e6 / 1e9:.2f} s"
            elif cls == "W1CallChain":
                note = f"whole chain {fmt_time(t * div)}"
            measured[method] = (t, b)
            measured.setdefault("_rows", []).append((method, label, t, err, b, note))

        if not measured:
            continue  # not part of this run
        first = rows[0][0]
        base = measured.get(first)
        for i, (method, label) in enumerate(rows):
            hit = next((x for x in measured.get("_rows", []) if x[0] == method), None)
            wl = f"{wid}: {what}" if i == 0 else ""
            if hit is None:
                why = ("not run (needs JDK 21+)" if "virtual" in method.lower()
                       else "not run (this runtime has no Tasks.yieldNow())" if "YieldNow" in method
                       else "not run: see JMH's log")
                print(f"| {wl} | {label} | - | - | - | - | {why} |")
                continue
            _, _, t, err, b, note = hit
            if i == 0:
                rt = rb = ""
                note = (note + "; " if note else "") + "target " + target
            elif method.startswith("await4j") or method == "javacWithAwait4jWarm":
                rt = rb = ""  # another await4j variant, not a baseline
                if method == "javacWithAwait4jWarm" and "javacWithoutProcessor" in measured:
                    plain = measured["javacWithoutProcessor"]
                    note = fmt_ratio(t, plain[0]) + " plain javac's time"
            else:
                rt = fmt_ratio(base[0], t) if base else "-"
                rb = fmt_ratio(base[1], b) if base else "-"
                if first in cpus and method in cpus:
                    note += f" (await4j's ÷ this: {cpus[first] / cpus[method]:.2f}x)"
            print(f"| {wl} | {label} | {fmt_time(t, err)} | {fmt_bytes(b)} | {rt} | {rb} | {note} |")
    print()
    cpu_note = (" CPU per round trip: task-clock from -prof perfnorm (perf stat), all threads of the"
                " fork, per op." if any("task-clock" in r.get("secondaryMetrics", {})
                                       for r in results.values()) else "")
    print(f"JDK {jdk}. time/op: mean ± 99.9% half-width (JMH); B/op: gc.alloc.rate.norm from -prof gc, "
          "all threads." + cpu_note + " Ratios are await4j's number divided by the row's (lower is"
          " better for await4j).")


if __name__ == "__main__":
    main()
