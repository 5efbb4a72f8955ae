# Queue: waiting getters in order, a put while a getter waits stays visible until it runs,
# a cancelled getter loses no item; a full queue's putter
import asyncio

async def getter(q, name):
    try:
        item = await q.get()
        print(name, "got", item)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter(q, "g1"))
    g2 = asyncio.create_task(getter(q, "g2"))
    g3 = asyncio.create_task(getter(q, "g3"))
    await asyncio.sleep(0)
    q.put_nowait("x")
    print("after put: qsize", q.qsize())
    print("get_nowait takes", q.get_nowait())
    q.put_nowait("y")
    g1.cancel()
    await asyncio.sleep(0)
    print("qsize", q.qsize())
    q.put_nowait("z")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("qsize", q.qsize(), "g2 done", g2.done(), "g3 done", g3.done())
    await asyncio.gather(g2, g3)

    small = asyncio.Queue(maxsize=1)
    await small.put(1)
    async def putter(v):
        await small.put(v)
        print("put", v)
    p = asyncio.create_task(putter(2))
    await asyncio.sleep(0)
    print("full", small.full(), "put done", p.done())
    print("get", small.get_nowait())
    print("qsize", small.qsize())
    await p
    print("get", await small.get())

asyncio.run(main())
