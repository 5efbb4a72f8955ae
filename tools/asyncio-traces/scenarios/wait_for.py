# wait_for: the timeout cancels the inner task and waits for its cleanup; a value in time; a
# timeout of zero (or less) cancels at once: a task that has not started never runs
import asyncio

async def slow(name, delay):
    try:
        await asyncio.sleep(delay)
        print(name, "finished")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled, cleaning up")
        await asyncio.sleep(0.001)
        print(name, "cleanup done")
        raise

async def main():
    t = asyncio.create_task(slow("one", 1))
    try:
        await asyncio.wait_for(t, 0.01)
    except asyncio.TimeoutError:
        print("timeout; inner cancelled", t.cancelled())
    print("in time:", await asyncio.wait_for(slow("two", 0.001), 1))

    async def swallow():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("swallower swallowed")
            return "kept"
    try:
        print("swallowed timeout gives", await asyncio.wait_for(swallow(), 0.01))
    except asyncio.TimeoutError:
        print("swallowed timeout raised TimeoutError")

    for timeout in (0, -1):
        u = asyncio.create_task(slow("never started", 1))
        try:
            await asyncio.wait_for(u, timeout)
        except asyncio.TimeoutError:
            print("timeout", timeout, "cancelled at once", u.cancelled())
    done = asyncio.create_task(slow("quick", 0.001))
    await asyncio.sleep(0.01)
    print("timeout 0 of a done task:", await asyncio.wait_for(done, 0))

asyncio.run(main())
