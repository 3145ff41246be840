"""The access policy in templates: `{% load access %}{% can "decide" proposal as may_decide %}`.

The same `core.access.can` the views and services ask; the target is an object, a model class or a model label
(`"portfolio.proposal"`, for a class-level question such as the menu's "may this user see the board?").
Templates never decide from a status string or a role what a user may do.
"""

from django import template
from django.apps import apps

from core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, target) -> bool:
    if isinstance(target, str):
        target = apps.get_model(target)
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return user is not None and access.can(user, action, target)
