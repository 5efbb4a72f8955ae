# TaskGroup: a child fails, the others and the body are cancelled, the failure comes at the exit;
# an outside cancel of the task running the group
import asyncio

async def child(name, delay, fail=False):
    print(name, "start")
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
    if fail:
        print(name, "fails")
        raise ValueError(name)
    print(name, "end")

async def group_with_failure():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("a", 0.05))
            tg.create_task(child("b", 0.01, fail=True))
            tg.create_task(child("c", 0.05))
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("body cancelled")
                raise
    except* ValueError as eg:
        print("group raised", [str(e) for e in eg.exceptions])

async def group_cancelled_from_outside():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("d", 0.05))
            tg.create_task(child("e", 0.05))
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("outside cancel reached the body's caller")
        raise

async def main():
    await group_with_failure()
    t = asyncio.create_task(group_cancelled_from_outside())
    await asyncio.sleep(0.01)
    print("cancel", t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("task cancelled", t.cancelled())

asyncio.run(main())
