# wait: FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED with a timeout; nothing is cancelled
import asyncio

async def child(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(name)
    return name

def names(tasks, order):
    return sorted(order[t] for t in tasks)

async def main():
    order = {}
    a = asyncio.create_task(child("a", 0.03)); order[a] = "a"
    b = asyncio.create_task(child("b", 0.01)); order[b] = "b"
    c = asyncio.create_task(child("c", 0.05)); order[c] = "c"
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
    print("first completed: done", names(done, order), "pending", names(pending, order))

    d = asyncio.create_task(child("d", 0.01, fail=True)); order[d] = "d"
    done, pending = await asyncio.wait([a, c, d], return_when=asyncio.FIRST_EXCEPTION)
    print("first exception: done", names(done, order), "pending", names(pending, order))
    print("d failed with", d.exception())

    done, pending = await asyncio.wait([a, c], timeout=0.001)
    print("timeout: done", names(done, order), "pending", names(pending, order))
    print("c cancelled", c.cancelled())

    done, pending = await asyncio.wait([a, c])
    print("all completed: done", names(done, order), "pending", names(pending, order))
    print("results", a.result(), c.result())

asyncio.run(main())
