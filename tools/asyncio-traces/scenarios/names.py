# Task names: Task-1 is the main task, then creation order; set_name; current_task; all_tasks
# (which holds the current task, also before its first await)
import asyncio

async def child():
    print("inside", asyncio.current_task().get_name())
    await asyncio.sleep(0.01)

async def main():
    print("current in all_tasks", asyncio.current_task() in asyncio.all_tasks())
    print("main", asyncio.current_task().get_name())
    a = asyncio.create_task(child())
    b = asyncio.create_task(child(), name="named")
    c = asyncio.create_task(child())
    print(a.get_name(), b.get_name(), c.get_name())
    c.set_name("renamed")
    await asyncio.sleep(0)
    print("all tasks", sorted(t.get_name() for t in asyncio.all_tasks()))
    await asyncio.gather(a, b, c)
    print("all tasks", sorted(t.get_name() for t in asyncio.all_tasks()))
    d = asyncio.create_task(child())
    print("next", d.get_name())
    await d

asyncio.run(main())
