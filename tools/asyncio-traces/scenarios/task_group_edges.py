# TaskGroup: a child's failure and a cancel from outside in the same pass (the failure wins, the
# cancel stays counted); a task started in a group that has ended is refused and never runs
import asyncio

async def long_child(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def fails_when_set(ev):
    await ev.wait()
    print("child fails")
    raise ValueError("boom")

async def body(ev):
    try:
        async with asyncio.TaskGroup() as g:
            g.create_task(fails_when_set(ev))
            g.create_task(long_child("sibling"))
            await asyncio.sleep(1)
    except* ValueError as eg:
        print("group raised", [str(e) for e in eg.exceptions])
        print("cancelling", asyncio.current_task().cancelling())
        raise

async def late(name):
    print(name, "ran (wrong)")

async def main():
    ev = asyncio.Event()
    t = asyncio.create_task(body(ev))
    await asyncio.sleep(0.01)
    ev.set()
    t.cancel()  # in the same pass as the child's failure
    try:
        await t
    except BaseException as e:
        kind = "CancelledError" if isinstance(e, asyncio.CancelledError) else "the failure"
        print("task ended with", kind, "cancelled", t.cancelled())

    async with asyncio.TaskGroup() as g:
        g.create_task(long_child("quick")).cancel()
    c = late("late child")
    try:
        g.create_task(c)
    except RuntimeError:
        print("start after the end refused")
        c.close()
    await asyncio.sleep(0.01)
    print("end")

asyncio.run(main())
