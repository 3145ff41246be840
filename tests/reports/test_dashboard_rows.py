"""The ministry's start page writes its attention list and each life event's charts with one tag each
(reports/templatetags/dashboard_rows.py): the same HTML as the template's loops wrote, escaped as `{{ }}` escapes."""

from django.template import Context, Template
from django.utils import translation
from django.utils.html import conditional_escape

LOOPS = Template(
    """{% load i18n %}{% translate "red" as red %}<ul class="ds-list">{% for m in measures %}<li><a class="ds-link" href="{{ m.url }}">{{ m.title }}</a>:
      {% if m.red %}<span class="ds-tag" data-color="danger">{{ red }}</span>{% endif %}
      {% if m.over_budget %}<span class="ds-tag" data-color="warning">{{ m.over_text }}</span>{% endif %}</li>{% endfor %}</ul>
{% translate "The chart's figures as text" as as_text %}<div class="portal-chart-grid">{% for chart in item.charts %}
          <figure class="portal-chart portal-chart-card" data-chart="{{ chart.kind }}">
            <figcaption><h4 class="ds-heading" data-size="2xs">{{ chart.heading }}</h4>{% if chart.summary %}<p class="ds-paragraph" data-size="sm">{{ chart.summary }}</p>{% endif %}</figcaption>
            {% if chart.empty %}<p class="ds-paragraph" data-size="sm">{{ chart.empty }}</p>{% else %}
            {{ chart.svg|safe }}
            <details class="ds-details"><summary>{{ as_text }}<span class="ds-sr-only">: {{ chart.heading }}, {{ item.name }}</span></summary><p class="ds-paragraph" data-size="sm">{{ chart.description }}</p></details>{% endif %}
          </figure>{% endfor %}
        </div>"""  # noqa: E501
)
TAGS = Template(
    """{% load i18n dashboard_rows %}{% translate "red" as red %}<ul class="ds-list">{% attention_measures measures red %}</ul>
{% translate "The chart's figures as text" as as_text %}<div class="portal-chart-grid">{% life_event_charts item.charts item.name as_text %}
        </div>"""  # noqa: E501
)


def test_the_tags_write_what_the_loops_wrote():
    measures = [
        {"url": "/tiltak/1/", "title": "A & B <i>", "red": True, "over_budget": True, "over_text": 'over 1 < 2 "kr"'},
        {"url": "/tiltak/2/?a=1&b=2", "title": "O'Neil", "red": True, "over_budget": False},
        {"url": "/tiltak/3/", "title": "Tredje", "red": False, "over_budget": True, "over_text": "brukt 5 kr"},
        {"url": "/tiltak/4/", "title": "Fjerde", "red": False, "over_budget": False},
    ]
    heading = conditional_escape("Tiltak & status")
    charts = [
        {"kind": "status", "heading": heading, "summary": "3 < 4 tiltak", "empty": "", "svg": "<svg>&amp;</svg>",
         "description": "Status: \"grønn\" & 'rød'."},
        {"kind": "funding", "heading": heading, "summary": "", "empty": conditional_escape("Ingen <finansiering>")},
        {"kind": "targets", "heading": heading, "summary": "Mål", "empty": "", "svg": "<svg/>", "description": "x"},
    ]  # fmt: skip
    item = {"name": conditional_escape("Jobb & <arbeid>"), "charts": charts}
    for language in ("nb", "en"):
        with translation.override(language):
            context = {"measures": measures, "item": item}
            assert TAGS.render(Context(context)) == LOOPS.render(Context(context))
    assert TAGS.render(Context({"measures": [], "item": {"name": "", "charts": []}})) == LOOPS.render(
        Context({"measures": [], "item": {"name": "", "charts": []}})
    )
