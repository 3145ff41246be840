"""The roadmap as a PDF (`core.pdf`, tagged PDF/UA-1): the same rows and filter as the page, a timeline per group on
the page's time axis (an SVG image with its alternative text: A4 is too short for the whole portfolio in one) with
the group's table after it, then the reporting rounds and the allocation-letter years. Rendered in the request: it
is a read of what the user may see, small (a page or two per group), and never stored."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import render_pdf

from . import roadmap


def filter_lines(form) -> list[tuple[str, str]]:
    """The filter the PDF was made with, as (label, chosen) for each field set."""
    lines = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if not value:
            continue
        chosen = field.label_from_instance if hasattr(field, "label_from_instance") else dict(field.choices).get
        label = chosen(value)
        lines.append((str(field.label), str(label)))
    return lines


def roadmap_pdf(data: dict, *, filters: list[tuple[str, str]], today: date | None = None) -> bytes:
    today = today or timezone.localdate()
    charts, images = [], {}
    for index, (_pk, name, items) in enumerate(data["groups"]):
        key = f"roadmap-{index}"
        chart = roadmap.layout(roadmap.one_group(data, index), today)
        images[key] = render_to_string(
            "governance/_roadmap_svg.html", {"chart": chart, "svg_id": key, "svg_title": name}
        )
        alt = _("Timeline of %(group)s: %(n)s rows; the table after it has the same content.") % {
            "group": name, "n": len(items),
        }  # fmt: skip
        charts.append({"key": key, "name": name, "items": items, "alt": alt})
    context = {"data": data, "charts": charts, "filters": filters, "today": today, "now": timezone.localtime()}
    return render_pdf("governance/pdf/roadmap.html", context, images=images)
