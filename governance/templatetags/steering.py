"""Template filters of the steering pages."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(share) -> str:
    """A share (0.25) as a percentage in the active locale («25 %»), a dash when unknown."""
    if share is None or share == "":
        return "–"
    return f"{floatformat(float(share) * 100, 0)} %"
