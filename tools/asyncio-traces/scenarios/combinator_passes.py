# In which pass an awaiting body resumes after a combinator's child ends: a ticker prints each
# pass, the child ends in the first one
import asyncio

async def ticker(n):
    for i in range(n):
        print("tick", i)
        await asyncio.sleep(0)

async def child(name):
    print(name, "ends")
    return name

async def main():
    t = asyncio.create_task(ticker(4))
    print("gather got", await asyncio.gather(asyncio.create_task(child("g"))))
    await t
    t = asyncio.create_task(ticker(4))
    c = asyncio.create_task(child("w"))
    done, _ = await asyncio.wait([c], return_when=asyncio.FIRST_COMPLETED)
    print("wait got", len(done))
    await t
    t = asyncio.create_task(ticker(4))
    print("shield got", await asyncio.shield(asyncio.create_task(child("s"))))
    await t
    t = asyncio.create_task(ticker(4))
    print("direct got", await asyncio.create_task(child("d")))
    await t

asyncio.run(main())
