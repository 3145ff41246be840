"""What the list pages share for speed (issue 17): `{% rows %}` writes each row from markup rendered once, exactly
as a template loop would; dates are formatted as
the date filter formats them."""

import datetime

from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from core.rows import dates

LOOP = (
    '{% load i18n %}{% for p in rows %}<tr><td><a href="{{ p.url }}">{{ p.title }}</a></td><td>{{ p.n }} {x} }{</td>'
    '{% if p.late %}<span class="ds-tag">{% translate "Late" %}</span>{% endif %}{{ p.html }}</td></tr>{% endfor %}'
)
ROWS = LOOP.replace("{% for p in rows %}", '{% load rows %}{% rows rows as p switch "late" %}').replace(
    "{% endfor %}", "{% endrows %}"
)


def test_rows_writes_what_the_loop_writes_escaped_once_per_row():
    rows = [
        {
            "url": "/a/1/",
            "title": "Søk <script>\"&' {braces}",
            "n": 1234567,
            "late": True,
            "html": mark_safe("<b>x</b>"),
        },
        {"url": "/a/2/", "title": "Plain", "n": None, "late": False, "html": ""},
        {"url": "/a/3/", "title": "{0} and {}", "n": 0, "late": False, "html": mark_safe("&amp;")},
    ]
    with translation.override("nb"):
        expected = Template(LOOP).render(Context({"rows": rows}))
        got = Template(ROWS).render(Context({"rows": rows}))
    assert got == expected
    assert "&lt;script&gt;&quot;&amp;&#x27;" in got and "<b>x</b>" in got and "1\xa0234\xa0567" in got


def test_rows_reads_objects_and_fills_fields_given_in_values():
    from core.rows import field

    class Card:
        def __init__(self, pk):
            self.key, self.form_url = str(pk), f"/form/{pk}/"

    template = Template(
        '{% load rows %}{% rows cards as c %}<a id="c-{{ c.key }}" href="{{ link }}">x</a>{% endrows %}'
    )
    html = template.render(Context({"cards": [Card(1), Card(2)], "link": field("form_url")}))
    assert html == '<a id="c-1" href="/form/1/">x</a><a id="c-2" href="/form/2/">x</a>'
    assert Template("{% load rows %}{% rows none as c %}x{% endrows %}").render(Context({})) == ""


def test_dates_as_the_date_filter_writes_them():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30), datetime.UTC)  # 2 March in Oslo
    for language in ("nb", "en"):
        with translation.override(language):
            expected = Template('{{ d|date:"c" }}|{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": moment}))
            assert "|".join(dates()(moment)) == expected == "2026-03-02T00:30:00+01:00|02.03.2026"
    assert dates()(datetime.date(2026, 1, 5))[1] == "05.01.2026" and dates()(None) == ("", "")


def test_rows_prints_a_missing_field_as_the_template_does():
    template = Template('{% load rows %}{% rows rows as r switch "on" %}[{{ r.a }}|{{ r.b }}]{% endrows %}')
    assert template.render(Context({"rows": [{"a": "x"}, {"a": "y", "b": "z", "on": 1}]})) == "[x|][y|z]"
