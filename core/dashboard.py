"""What the home page shows each role. Domain apps register their panels and their task sources here, so core
imports none of them.

The page begins with the user's tasks ("what is mine to do now"): each app registers a function that turns its
existing queries and the access policy into `Task`s (a count, a sentence and a link to the filtered list); the
tasks with a count are shown first, the overdue ones before the rest."""

from collections.abc import Callable
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


def home_context(user) -> dict:
    panels = []
    for _order, template, func in _PANELS:
        ctx = func(user)
        if ctx is not None:
            panels.append({"template": template, "context": ctx})
    return {"tasks": tasks_for(user), "panels": panels}
