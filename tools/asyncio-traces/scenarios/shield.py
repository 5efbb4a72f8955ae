# shield: the awaiting task is cancelled, the shielded one runs on
import asyncio

async def inner():
    print("inner start")
    await asyncio.sleep(0.02)
    print("inner end")
    return "inner value"

async def outer(t):
    try:
        return await asyncio.shield(t)
    except asyncio.CancelledError:
        print("outer cancelled; inner done", t.done())
        raise

async def main():
    t = asyncio.create_task(inner())
    o = asyncio.create_task(outer(t))
    await asyncio.sleep(0.01)
    print("cancel outer", o.cancel())
    try:
        await o
    except asyncio.CancelledError:
        print("outer task cancelled", o.cancelled())
    print("inner cancelled", t.cancelled())
    print("inner gives", await t)

asyncio.run(main())
