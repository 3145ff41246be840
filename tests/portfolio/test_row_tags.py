"""The rows of the proposal list and the shelf, written by one tag each (portfolio/templatetags/portfolio_rows.py),
are the markup their templates wrote with a variable per value: compared byte for byte, with values that need
escaping, the tags of a row and the revive form."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils.safestring import SafeString
from django.utils.translation import override

from portfolio.templatetags.portfolio_rows import proposal_row, shelf_measure_row, shelf_proposal_row

HOSTILE = """<b>"Bo & støtte"</b> it's"""

PROPOSAL_ROW = """<tr>
        <th scope="row"><a class="ds-link" href="{{ p.url }}"{{ lang }}>{{ p.title }}</a> <span class="portal-muted">#{{ p.pk }}</span></th>
        <td>{{ p.organisation }}</td>
        <td>{{ p.life_events }}</td>
        <td><span class="ds-tag" data-color="{{ p.tone }}">{{ p.status }}</span>{% if p.awaiting %} <span class="ds-tag" data-color="warning">{% translate "Waiting for the submitter's answer" %}</span>{% endif %}{% if p.late %} <span class="ds-tag" data-color="danger">{% translate "Submitted after the deadline" %}</span>{% endif %}</td>
        <td><time datetime="{{ p.iso }}">{{ p.date }}</time></td>
      </tr>"""  # noqa: E501 (the template's row as it was)

SHELF_ROW = """<tr>
        <th scope="row"><a class="ds-link" href="{{ p.url }}"{{ nb }}>{{ p.title }}</a> <span class="portal-muted">{{ p.organisation_label }}</span></th>
        <td><span class="ds-tag">{{ p.status_label }}</span></td>
        <td>{% if p.reason_label %}<span class="ds-tag" data-testid="shelf-reason">{{ p.reason_label }}</span>{% else %}—{% endif %}</td>
        <td{{ nb }}>{{ p.reason_text }}</td>
        <td>{{ p.defer_text }}</td>
        {% if can_revive %}<td>
          <form method="post" action="{{ p.revive_url }}" class="portal-form">{% csrf_token %}
            <div class="ds-field"><label class="ds-label" for="revive-{{ p.key }}">{% translate "Reason" %}</label>
            <textarea class="ds-input" name="reason" id="revive-{{ p.key }}" rows="2" required></textarea></div>
            <button class="ds-button" data-variant="secondary" type="submit">{% translate "Revive" %}<span class="ds-sr-only"> – {{ p.title }}</span></button>
          </form>
        </td>{% endif %}
      </tr>"""  # noqa: E501

MEASURE_ROW = """<tr><th scope="row"><a class="ds-link" href="{{ m.url }}"{{ nb }}>{{ m.title }}</a></th><td><span class="ds-tag">{{ m.reason_label }}</span></td><td{{ nb }}>{{ m.termination_reason }}</td></tr>"""  # noqa: E501


def written(template: str, **context) -> str:
    return Template("{% load i18n %}" + template).render(Context(context))


def test_a_proposal_row_is_what_the_template_wrote():
    lang = SafeString(' lang="nb"')
    for awaiting, late in ((False, False), (True, True)):
        p = {"url": SafeString("/portefolje/forslag/7/"), "title": HOSTILE, "pk": "7", "organisation": HOSTILE,
             "life_events": HOSTILE, "status": "Vurderes", "tone": "info", "awaiting": awaiting, "late": late,
             "iso": "2026-03-02T00:30:00+01:00", "date": "02.03.2026"}  # fmt: skip
        for language in ("nb", "en"):
            with override(language):
                assert proposal_row(p, lang) == written(PROPOSAL_ROW, p=p, lang=lang)
                assert proposal_row(p) == written(PROPOSAL_ROW, p=p, lang="")
    assert "&lt;b&gt;&quot;Bo &amp; støtte&quot;&lt;/b&gt; it&#x27;s" in proposal_row(p)


def test_a_shelf_row_is_what_the_template_wrote():
    token = "a" * 64
    for reason_label in ("", HOSTILE):
        p = SimpleNamespace(url=SafeString("/portefolje/forslag/7/"), revive_url="/portefolje/forslag/7/hent/",
                            key="7", title=HOSTILE, organisation_label=HOSTILE, status_label="Utsatt",
                            reason_label=reason_label, reason_text=HOSTILE, defer_text="—")  # fmt: skip
        for can_revive in (False, True):
            with override("en"):
                ours = shelf_proposal_row(p, SafeString(' lang="nb"'), can_revive, token)
                theirs = written(SHELF_ROW, p=p, nb=SafeString(' lang="nb"'), can_revive=can_revive, csrf_token=token)
            assert ours == theirs
    m = SimpleNamespace(url=SafeString("/portefolje/tiltak/3/"), title=HOSTILE, reason_label="Annen grunn",
                        termination_reason=HOSTILE)  # fmt: skip
    assert shelf_measure_row(m, "") == written(MEASURE_ROW, m=m, nb="")
