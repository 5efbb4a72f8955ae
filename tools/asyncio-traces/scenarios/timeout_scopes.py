# asyncio.timeout: the body gets CancelledError, the scope converts at its exit; nested scopes
import asyncio

async def main():
    try:
        async with asyncio.timeout(0.01):
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("body cancelled")
                raise
            finally:
                print("body finally")
    except TimeoutError:
        print("scope raised TimeoutError")

    try:
        async with asyncio.timeout(0.01):
            try:
                async with asyncio.timeout(1):
                    await asyncio.sleep(1)
            except TimeoutError:
                print("inner caught the outer deadline (wrong)")
            except asyncio.CancelledError:
                print("inner scope let the outer cancellation through")
                raise
    except TimeoutError:
        print("outer scope raised TimeoutError")

    try:
        async with asyncio.timeout(0.01):
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("body swallowed")
        print("left normally; cancelling", asyncio.current_task().cancelling())
    except TimeoutError:
        print("raised though swallowed")

    try:
        async with asyncio.timeout(None) as cm:
            print("no deadline", cm.when())
            cm.reschedule(asyncio.get_running_loop().time() + 0.01)
            print("deadline set", cm.when() is not None)
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("rescheduled deadline cancelled the body")
                raise
    except TimeoutError:
        print("rescheduled scope raised TimeoutError")

    try:
        async with asyncio.timeout(0):
            print("zero deadline: body runs up to its first await")
            await asyncio.sleep(0)
            print("unreached")
    except TimeoutError:
        print("zero deadline raised TimeoutError")

    async with asyncio.timeout(0.01) as cm:
        cm.reschedule(None)
        await asyncio.sleep(0.02)
        print("dropped deadline: slept through")

asyncio.run(main())
