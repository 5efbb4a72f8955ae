# cancel(msg), cancelling(), uncancel(), a cancel forwarded to an awaited task that swallows it
import asyncio

async def sleeper():
    await asyncio.sleep(1)

async def swallower():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print("swallower saw", e.args[0])
        return "swallowed value"

async def awaits(t):
    v = await t
    print("awaiter got", v)
    return v

async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    print("cancel", t.cancel("stop now"))
    print("cancel again", t.cancel("twice"))
    print("cancelling", t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaiter caught", e.args[0])
    print("cancelled", t.cancelled(), "cancel done task", t.cancel())

    s = asyncio.create_task(swallower())
    w = asyncio.create_task(awaits(s))
    await asyncio.sleep(0)
    print("cancel awaiter", w.cancel("forwarded"))
    print("awaiter result", await w, "cancelled", w.cancelled(), "cancelling", w.cancelling())

    me = asyncio.current_task()
    print("cancelling", me.cancelling())
    me.cancel()
    print("cancelling", me.cancelling(), "uncancel", me.uncancel(), "cancelling", me.cancelling())
    try:
        await asyncio.sleep(0)
        print("sleep went through")
    except asyncio.CancelledError:
        print("the cancel already on its way arrived")

asyncio.run(main())
