# Condition: notify wakes the longest waiter; woken waiters take the lock back in turn;
# a cancelled waiter takes the lock back before its task sees the cancellation
import asyncio

async def waiter(cond, name):
    async with cond:
        try:
            await cond.wait()
            print(name, "woke, locked", cond.locked())
        except asyncio.CancelledError:
            print(name, "cancelled, holds lock", cond.locked())
            raise

async def main():
    cond = asyncio.Condition()
    ts = [asyncio.create_task(waiter(cond, n)) for n in ("a", "b", "c", "d")]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
        print("notified one")
    await asyncio.sleep(0)
    ts[2].cancel()
    async with cond:
        cond.notify_all()
        print("notified all")
    await asyncio.gather(*ts, return_exceptions=True)

    items = []
    async def consumer():
        async with cond:
            await cond.wait_for(lambda: items)
            print("consumer got", items.pop())
    c = asyncio.create_task(consumer())
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()
    await asyncio.sleep(0)
    print("consumer waits on", not c.done())
    async with cond:
        items.append("item")
        cond.notify_all()
    await c

asyncio.run(main())
