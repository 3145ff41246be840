"""What the home page shows each role. Domain apps register their panels here, so core imports none of them."""

from collections.abc import Callable

Panel = Callable[[object], dict | None]
_PANELS: list[tuple[int, str, Panel]] = []


def register_panel(order: int, template: str):
    """Register `func(user) -> context dict or None`; a None result hides the panel for that user."""

    def wrap(func: Panel) -> Panel:
        _PANELS.append((order, template, func))
        _PANELS.sort(key=lambda p: p[0])
        return func

    return wrap


def home_context(user) -> dict:
    panels = []
    for _order, template, func in _PANELS:
        ctx = func(user)
        if ctx is not None:
            panels.append({"template": template, "context": ctx})
    return {"panels": panels}
