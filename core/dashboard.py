"""What the home page shows each role. Domain apps register their panels and their task sources here, so core
imports none of them.

The page begins with the user's tasks ("what is mine to do now"): each app registers a function that turns its
existing queries and the access policy into `Task`s (a count, a sentence and a link to the filtered list); the
tasks with a count are shown first, the overdue ones before the rest."""

import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

Panel = Callable[[object], dict | None]
_PANELS: list[tuple[int, str, Panel]] = []


@dataclass(frozen=True)
class Task:
    key: str  # a stable name (tests, anchors): "drafts", "questions", "reviews_overdue", …
    label: str  # the sentence with its count, in the user's language ("3 drafts to finish")
    count: int
    url: str  # the list filtered to exactly these items, or the page where they are done
    overdue: bool = False


TaskSource = Callable[[object], list[Task]]
_TASK_SOURCES: list[tuple[int, TaskSource]] = []


def register_panel(order: int, template: str):
    """Register `func(user) -> context dict or None`; a None result hides the panel for that user."""

    def wrap(func: Panel) -> Panel:
        _PANELS.append((order, template, func))
        _PANELS.sort(key=lambda p: p[0])
        return func

    return wrap


def register_tasks(order: int):
    """Register `func(user) -> list[Task]`: the user's tasks of one area (an empty list when there are none)."""

    def wrap(func: TaskSource) -> TaskSource:
        _TASK_SOURCES.append((order, func))
        _TASK_SOURCES.sort(key=lambda s: s[0])
        return func

    return wrap


def tasks_for(user) -> list[Task]:
    """The user's tasks with something to do, overdue ones first, otherwise in the order of registration."""
    sources = list(_TASK_SOURCES)  # a source's first reverse() may import the URLconf, which registers more
    tasks = [task for _order, source in sources for task in source(user) if task.count > 0]
    return sorted(tasks, key=lambda t: not t.overdue)  # a stable sort: the areas' order holds within each group


# What the page's panels and task sources have read while `home_context` runs (`read_once`)
_READ: ContextVar[dict | None] = ContextVar("home_reads", default=None)


def read_once(func):
    """For a query function that a panel and a task source both call (an area's list on its panel, its count among
    the tasks): while the start page is put together (`home_context`), it is run once per arguments and each caller
    gets that result (callers read it, never change it); anywhere else it runs every time, as written."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        held = _READ.get()
        if held is None:
            return func(*args, **kwargs)
        key = (func, args, tuple(sorted(kwargs.items())))
        if key not in held:
            held[key] = func(*args, **kwargs)
        return held[key]

    return wrapper


def home_context(user) -> dict:
    """The panels the user sees and their tasks; what several of them read is read once (`read_once`)."""
    token = _READ.set({})
    try:
        panels = []
        for _order, template, func in _PANELS:
            ctx = func(user)
            if ctx is not None:
                panels.append({"template": template, "context": ctx})
        return {"tasks": tasks_for(user), "panels": panels}
    finally:
        _READ.reset(token)
