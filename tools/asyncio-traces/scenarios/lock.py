# Lock: FIFO hand-off, a waiter cancelled while waiting is skipped
import asyncio

async def worker(lock, name):
    try:
        async with lock:
            print(name, "holds")
            await asyncio.sleep(0)
            print(name, "releases")
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    tasks = [asyncio.create_task(worker(lock, n)) for n in ("w1", "w2", "w3", "w4")]
    await asyncio.sleep(0)
    tasks[1].cancel()
    print("main releases; locked", lock.locked())
    lock.release()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("locked", lock.locked())

asyncio.run(main())
