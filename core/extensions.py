"""Extension points: a page or a query of a lower layer asks for what the layers above it add, so that the imports
point one way (core ← lifeevents ← portfolio ← governance ← reports; `.importlinter`).

Two kinds, both registered when the higher app's modules load (its `apps.ready` or its URL conf):

- data: `@provides("portfolio.proposal_timeline")` on `func(*args) -> value`; the lower layer calls
  `collect(point, *args)` and gets every provider's value, in order (`merged(point, *args)`: their dicts in one).
  For example governance adds its decisions to a proposal's timeline and a measure's page, which portfolio draws
  without importing governance.
- page sections: `@register_section("lifeevents.life_event", order, template)` on `func(obj, user) -> context or
  None` (None hides the section); the page's view passes `sections(point, obj, user)` to its template, which
  includes each `{"template", "context"}` like the home page's panels (`core.dashboard`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_PROVIDERS: dict[str, list[tuple[int, Callable[..., Any]]]] = {}
_SECTIONS: dict[str, list[tuple[int, str, Callable[..., dict | None]]]] = {}


def provides(point: str, order: int = 50):
    """Register `func(*args) -> value` as a provider of `point`."""

    def wrap(func):
        providers = _PROVIDERS.setdefault(point, [])
        providers.append((order, func))
        providers.sort(key=lambda p: p[0])
        return func

    return wrap


def collect(point: str, *args, **kwargs) -> list:
    """Every provider's value for `point`, in their order (an empty list when no app provides it)."""
    return [func(*args, **kwargs) for _order, func in _PROVIDERS.get(point, [])]


def merged(point: str, *args, **kwargs) -> dict:
    """Every provider's dict for `point` in one, in their order (a later provider's key wins)."""
    found: dict = {}
    for part in collect(point, *args, **kwargs):
        found.update(part)
    return found


def register_section(point: str, order: int, template: str):
    """Register `func(obj, user) -> context dict or None` as a section of the page `point`."""

    def wrap(func):
        sections_of = _SECTIONS.setdefault(point, [])
        sections_of.append((order, template, func))
        sections_of.sort(key=lambda s: s[0])
        return func

    return wrap


def sections(point: str, *args, **kwargs) -> list[dict]:
    """The page's sections that have something to show: `{"template", "context"}` in their order."""
    shown = []
    for _order, template, func in _SECTIONS.get(point, []):
        context = func(*args, **kwargs)
        if context is not None:
            shown.append({"template": template, "context": context})
    return shown
