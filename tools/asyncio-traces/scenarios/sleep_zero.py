# asyncio.sleep(0) (and a negative delay) is a bare yield, not a timer: one pass, as a yield
import asyncio

async def sleeps_zero(name):
    for i in range(3):
        print(name, i)
        await asyncio.sleep(0)

async def sleeps_negative(name):
    for i in range(3):
        print(name, i)
        await asyncio.sleep(-1)

async def yields(name):
    for i in range(3):
        print(name, i)
        await asyncio.sleep(0)

async def spins():
    try:
        while True:
            await asyncio.sleep(0)
    except asyncio.CancelledError:
        print("cancelled at sleep(0)")
        raise

async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(sleeps_zero("sleep(0)"))
    b = asyncio.create_task(yields("yield"))
    c = asyncio.create_task(sleeps_negative("sleep(-1)"))
    loop.call_later(0, print, "timer of 0")
    await asyncio.gather(a, b, c)

    t = asyncio.create_task(spins())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("spinner cancelled", t.cancelled())

asyncio.run(main())
