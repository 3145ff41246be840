"""Shared template filters: money in Norwegian format, a form field with its descriptions, audit actions, language
names and the language of user-entered content."""

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.audit import action_label

register = template.Library()


@register.filter
def money(value, decimals: int = 0) -> str:
    """An amount in kroner grouped by the active locale: «1 234 567 kr» (nb/nn), a dash when empty.

    `{{ amount|money }}` rounds to whole kroner; `{{ amount|money:2 }}` keeps øre («1 234,50 kr»).
    """
    if value is None or value == "":
        return "–"
    try:
        Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "–"
    return _("%(amount)s kr") % {"amount": floatformat(value, f"{int(decimals)}g")}


@register.filter
def described(field):
    """Render a bound field's widget tied to its help text and error message (aria-describedby, aria-invalid),
    using the ids that components/_field.html gives them."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    if not field.field.widget.attrs.get("class"):  # Designsystemet's control, unless the form chose a class
        attrs["class"] = "ds-input"
    return field.as_widget(attrs=attrs)


@register.filter
def ds_option(option):
    """One radio or checkbox of a group (a BoundWidget of RadioSelect / CheckboxSelectMultiple) as Designsystemet's
    control: class ds-input, marked invalid with its group."""
    attrs = {**option.data["attrs"], "class": "ds-input"}
    option.data["attrs"] = attrs
    return option.tag()


@register.filter
def audit_action(action: str) -> str:
    """An audit row's action id as the words a reader understands («Step changed»)."""
    return action_label(action)


@register.filter
def language_label(code: str) -> str:
    """A language code of the portal ("nb") as its name in the user's language ("Norsk bokmål", "Bokmål" in
    nynorsk, "Norwegian Bokmål" in English): what a document or a text is written in (settings.LANGUAGES)."""
    return str(dict(settings.LANGUAGES).get(code, code))


@register.simple_tag
def content_lang(language: str = "") -> str:
    """` lang="nb"` on user-entered content (titles, descriptions, notes) when the page is in another language, so
    that it is read with Norwegian pronunciation: `<h1{% content_lang %}>{{ proposal.title }}</h1>`. The content is
    written in `language` (default: the site's language, bokmål); nothing is printed when the page is in it."""
    written_in = language or settings.LANGUAGE_CODE
    if written_in == (translation.get_language() or settings.LANGUAGE_CODE):
        return ""
    return format_html(' lang="{}"', written_in)
