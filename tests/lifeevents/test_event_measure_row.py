"""Each row of a life event's measures table is written by one tag (lifeevents/templatetags/organisation_rows.py,
event_measure_row), and the table's rows by one tag (event_measure_rows, as the loop around the row's tag wrote them):
the markup the template wrote with a variable per value, compared byte for byte, with values that need escaping, labels
the query layer escaped once, an empty budget and an illustrative row, in bokmål and English."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import override

from core.templatetags.core import money
from lifeevents.templatetags.organisation_rows import event_measure_row, event_measure_rows
from tests.factories.core import OrganisationFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory

HOSTILE = """<b>"Bo & støtte"</b> it's"""

# The template's row as it was, with the texts it translated once before its loop
EVENT_MEASURE_ROW = """{% translate "Invented for the demo, not taken from the source documents." as illustrative_title %}{% translate "Illustrative" as illustrative %}
          <tr>
            <th scope="row"><a class="ds-link" href="{{ m.url }}">{{ m.title }}</a>{% if m.illustrative %} <span class="ds-tag portal-illustrative" data-color="warning" data-size="sm" title="{{ illustrative_title }}">{{ illustrative }}</span>{% endif %}</th>
            <td>{{ m.kind }}</td>
            <td>{{ m.status }}</td>
            <td>{{ m.stage }}</td>
            <td><a class="ds-link" href="{{ m.owner_url }}">{{ m.owner }}</a></td>
            <td>{{ m.budget }}</td>
          </tr>"""  # noqa: E501

TAG = """{% load organisation_rows %}{% translate "Invented for the demo, not taken from the source documents." as illustrative_title %}{% translate "Illustrative" as illustrative %}
          {% event_measure_row m illustrative_title illustrative %}"""  # noqa: E501


# The table's rows as the template wrote them (a loop around the row's tag), and as one tag writes them now
EVENT_MEASURE_LOOP = """{% load organisation_rows %}<tbody>
          {% for m in measures %}
          {% event_measure_row m "Title" "Illustrative" %}
          {% endfor %}
        </tbody>"""
EVENT_MEASURE_ROWS = """{% load organisation_rows %}<tbody>
          {% event_measure_rows measures "Title" "Illustrative" %}
        </tbody>"""


def written(template: str, **context) -> str:
    return Template("{% load i18n %}" + template).render(Context(context))


def test_a_life_event_measure_row_is_what_the_template_wrote():
    label = escape(HOSTILE)  # a label as the query layer passes it: escaped once per page
    for illustrative in (False, True):
        for budget in (None, 1234567):
            m = {"url": SafeString("/portefolje/tiltak/7/"), "title": HOSTILE, "illustrative": illustrative,
                 "kind": label, "status": "ongoing", "stage": SafeString("Levere &amp; dele"),
                 "owner_url": SafeString("/livshendelser/aktor/3/"), "owner": HOSTILE}  # fmt: skip
            for language in ("nb", "en"):
                with override(language):
                    m["budget"] = money(budget)
                    assert written(TAG, m=m) == written(EVENT_MEASURE_ROW, m=m)
    with override("en"):
        row = written(TAG, m=m)
    assert '</a> <span class="ds-tag portal-illustrative" data-color="warning" data-size="sm" title="Invented' in row
    assert "&lt;b&gt;&quot;Bo &amp; støtte&quot;&lt;/b&gt; it&#x27;s</a>" in row
    assert "<td>&lt;b&gt;&quot;Bo &amp; støtte&quot;&lt;/b&gt; it&#x27;s</td>" in row  # the label not escaped twice
    assert "<td>Levere &amp; dele</td>" in row and "<b>" not in row
    with override("nb"):
        m["budget"] = money(None)
        assert "<td>–</td>" in event_measure_row(m, "", "")


def test_a_life_event_measures_table_is_what_the_loop_wrote():
    rows = [
        {"url": SafeString(f"/portefolje/tiltak/{pk}/"), "title": HOSTILE, "illustrative": pk == 2, "kind": "a",
         "status": escape(HOSTILE), "stage": "", "owner_url": SafeString("/livshendelser/aktor/3/"), "owner": HOSTILE,
         "budget": money(pk * 1000)}
        for pk in (1, 2, 3)
    ]  # fmt: skip
    for measures in (rows, rows[:1], []):
        assert written(EVENT_MEASURE_ROWS, measures=measures) == written(EVENT_MEASURE_LOOP, measures=measures)
    assert event_measure_rows([], "", "") == ""


@pytest.mark.django_db
def test_life_event_page_escapes_measure_rows_and_marks_illustrative_ones(client, portfolio_office):
    event = LifeEventFactory()
    owner = OrganisationFactory(name=HOSTILE, short_name="")
    measure = MeasureFactory(
        owner=owner, life_events=[event], status="ongoing", title=HOSTILE, is_illustrative=True, budget=None
    )
    client.force_login(portfolio_office)
    body = client.get(event.get_absolute_url()).content.decode()
    url = reverse("portfolio:measure_detail", kwargs={"pk": measure.pk})
    tag = ' <span class="ds-tag portal-illustrative" data-color="warning" data-size="sm" title="Laget for demoen'
    assert f'<a class="ds-link" href="{url}">&lt;b&gt;&quot;Bo &amp; støtte&quot;&lt;/b&gt; it&#x27;s</a>{tag}' in body
    owner_url = reverse("lifeevents:organisation_detail", kwargs={"pk": owner.pk})
    assert f'<td><a class="ds-link" href="{owner_url}">&lt;b&gt;&quot;Bo &amp; støtte&quot;' in body
    assert "<td>Pågår</td>" in body and "<td>–</td>" in body[body.index('id="measures-heading"') :]
