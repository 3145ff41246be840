"""The shared frame of every page (templates/base.html), from core/frame.py: `{% main_menu %}`, `{% frame_url %}`,
`{% language_options %}`, `{% user_label %}`, `{% static_url "css/portal.css" %}`."""

from django import template

from core import frame

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    return frame.menu(context["request"])


@register.simple_tag(takes_context=True)
def frame_url(context, name: str) -> str:
    """`{% url name %}` for the frame's links without arguments, reversed once per URL space and language (which
    is looked up once per page)."""
    space = context.render_context.get("frame_urls")
    if space is None:
        space = context.render_context["frame_urls"] = frame.urls()
    return frame.url(name, space)


@register.simple_tag
def language_options():
    return frame.language_options()


@register.simple_tag(takes_context=True)
def user_label(context) -> str:
    return frame.user_label(context["user"])


@register.simple_tag
def static_url(path: str) -> str:
    return frame.static_url(path)
