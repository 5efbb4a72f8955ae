# PriorityQueue: a woken getter gets the best item present when it runs
import asyncio

async def main():
    q = asyncio.PriorityQueue()
    async def getter(name):
        print(name, "got", await q.get())
    g = asyncio.create_task(getter("g"))
    await asyncio.sleep(0)
    q.put_nowait(5)
    q.put_nowait(1)
    q.put_nowait(3)
    await g
    print("left", q.get_nowait(), q.get_nowait())

    lifo = asyncio.LifoQueue()
    h = asyncio.create_task(getter("h"))
    async def lifo_getter():
        print("lifo got", await lifo.get())
    l = asyncio.create_task(lifo_getter())
    await asyncio.sleep(0)
    lifo.put_nowait("first")
    lifo.put_nowait("second")
    await l
    print("lifo left", lifo.get_nowait())
    q.put_nowait(9)
    await h

asyncio.run(main())
