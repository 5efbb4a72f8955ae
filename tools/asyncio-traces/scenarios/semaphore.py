# Semaphore: FIFO, one release wakes one waiter; a cancelled waiter gives its turn on
import asyncio

async def worker(sem, name, hold):
    try:
        async with sem:
            print(name, "in")
            await asyncio.sleep(hold)
            print(name, "out")
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    sem = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(worker(sem, n, h))
             for n, h in (("a", 0.01), ("b", 0.03), ("c", 0.01), ("d", 0.01), ("e", 0.01))]
    await asyncio.sleep(0)
    tasks[3].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("value", sem._value)

    b = asyncio.BoundedSemaphore(1)
    try:
        b.release()
    except ValueError:
        print("bounded release raised")

asyncio.run(main())
