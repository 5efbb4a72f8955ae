# as_completed: results in completion order, failures where they happen
import asyncio

async def child(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(name)
    return name

async def main():
    tasks = [asyncio.create_task(child("a", 0.03)), asyncio.create_task(child("b", 0.01)),
             asyncio.create_task(child("c", 0.02, fail=True)), asyncio.create_task(child("d", 0.04))]
    for next_done in asyncio.as_completed(tasks):
        try:
            print("got", await next_done)
        except ValueError as e:
            print("failed", e)

asyncio.run(main())
