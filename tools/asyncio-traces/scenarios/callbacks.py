# The loop's callbacks: call_soon order, call_later(0) and timers in deadline order,
# done callbacks scheduled (never inline), also when added to a done task
import asyncio

async def child():
    print("child runs")
    return 1

async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.02, print, "later 20")
    loop.call_later(0.01, print, "later 10")
    loop.call_later(0, print, "later 0")
    loop.call_soon(print, "soon 1")
    h = loop.call_later(0.015, print, "cancelled timer")
    loop.call_soon(print, "soon 2")
    h.cancel()
    print("main before yield")
    await asyncio.sleep(0)
    print("main after yield")
    t = asyncio.create_task(child())
    t.add_done_callback(lambda t: print("done callback 1", t.result()))
    t.add_done_callback(lambda t: print("done callback 2"))
    cb = lambda t: print("removed callback")
    t.add_done_callback(cb)
    print("removed", t.remove_done_callback(cb))
    await t
    print("main after await")
    t.add_done_callback(lambda t: print("added when done"))
    print("added, not run yet")
    await asyncio.sleep(0.03)
    print("main end")

asyncio.run(main())
