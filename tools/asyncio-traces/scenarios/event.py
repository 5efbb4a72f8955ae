# Event: set wakes every waiter in order; a waiter cancelled is skipped; clear
import asyncio

async def waiter(e, name):
    try:
        await e.wait()
        print(name, "woke; set", e.is_set())
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    e = asyncio.Event()
    ts = [asyncio.create_task(waiter(e, n)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    ts[1].cancel()
    e.set()
    e.clear()
    print("set then cleared")
    await asyncio.gather(*ts, return_exceptions=True)
    late = asyncio.create_task(waiter(e, "late"))
    await asyncio.sleep(0)
    print("late done", late.done())
    e.set()
    await late

asyncio.run(main())
