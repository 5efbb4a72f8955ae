# gather: a failing child, a child cancelled on its own, the gather itself cancelled
import asyncio

async def child(name, delay, fail=False):
    print(name, "start")
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
    if fail:
        print(name, "fails")
        raise ValueError(name)
    print(name, "end")
    return name

async def main():
    a = asyncio.create_task(child("a", 0.01, fail=True))
    b = asyncio.create_task(child("b", 0.02))
    try:
        await asyncio.gather(a, b)
    except ValueError as e:
        print("gather raised", e)
    print("b done", b.done())
    print("b result", await b)

    c = asyncio.create_task(child("c", 0.05))
    d = asyncio.create_task(child("d", 0.01))
    g = asyncio.gather(c, d)
    await asyncio.sleep(0)
    print("cancel c", c.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather raised cancellation")
    print("d done", d.done())
    print("d result", await d)

    e = asyncio.create_task(child("e", 0.05))
    f = asyncio.create_task(child("f", 0.05))
    g = asyncio.gather(e, f)
    await asyncio.sleep(0)
    print("cancel gather", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("awaiting the gather raised cancellation")
    print("e cancelled", e.cancelled(), "f cancelled", f.cancelled())

asyncio.run(main())
