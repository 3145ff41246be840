"""Bad input, fuzzed with hypothesis, on every form that exists: over-long text, control characters (NUL too),
HTML/script in every text field. Always a clear answer with a 4xx (or a normal success), never a 500 (the test
client re-raises server errors), nothing partially saved, and what was typed is escaped on the page.

Targets: login, language switch, scoring (criterion form, score form), status report form. Add new forms here."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access_matrix import Personas

SCRIPT = '<script>alert("x")</script>'
PAYLOADS = [SCRIPT, '"><img src=x onerror=alert(1)>', "{{ 7|add:7 }}{% now 'Y' %}", "=cmd|' /C calc'!A0", "\u202e"]
CONTROL = st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=20)

fuzz_text = st.one_of(
    st.text(max_size=80),
    CONTROL,
    st.sampled_from(PAYLOADS),
    st.tuples(st.sampled_from(PAYLOADS), CONTROL).map("".join),
    st.integers(min_value=300, max_value=60_000).map(lambda n: ("å" + SCRIPT) * (n // 30)),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.large_base_example],
)


def assert_escaped(response) -> None:
    """No injected markup survives raw in an HTML answer."""
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        assert 'alert("x")</script>' not in html and "onerror=alert(1)>" not in html


def assert_clear_4xx(response) -> None:
    assert response.status_code in (400, 422) or response.status_code == 200, response.status_code
    if response.status_code == 400:
        assert response.content.strip(), "a 400 says what was wrong"


@pytest.fixture
def personas(agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user) -> Personas:
    return Personas(agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user)


# ---- login and language switch -----------------------------------------------------------------------------------


@FUZZ
@given(username=fuzz_text, password=fuzz_text)
def test_login_form(client, agency_staff, settings, username, password):
    settings.AXES_ENABLED = False  # hundreds of failed logins on purpose
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in (200, 400)
    assert "_auth_user_id" not in client.session
    assert_escaped(response)


@FUZZ
@given(
    language=fuzz_text,
    next_url=st.one_of(
        fuzz_text,
        st.sampled_from(["//evil.example/", "https://evil.example", "javascript:alert(1)", "/\\evil.example"]),
    ),
)
def test_language_switch(client, agency_staff, language, next_url):
    client.force_login(agency_staff)
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location[:2000], allowed_hosts={"testserver"}), location[
            :200
        ]  # never off-site


def test_a_nul_byte_in_a_query_string_is_refused_clearly(client, agency_staff):
    client.force_login(agency_staff)
    response = client.get(reverse("lifeevents:lifeevent_list"), {"q": "a\x00b"})
    assert response.status_code == 400 and b"NUL" in response.content


def test_an_oversized_form_post_is_refused(client, agency_staff, settings):
    settings.AXES_ENABLED = False
    response = client.post(
        reverse("login"), {"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "password": "p"}
    )
    assert response.status_code == 400


# ---- scoring (H3) ------------------------------------------------------------------------------------------------


@FUZZ
@given(name=fuzz_text, description=fuzz_text)
def test_criterion_form(client, portfolio_office, name, description):
    from portfolio.models import Criterion

    client.force_login(portfolio_office)
    before = Criterion.objects.count()
    response = client.post(
        reverse("portfolio:criterion_create"), {"name": name, "description": description, "weight": "1"}
    )
    if response.status_code == 302:
        assert Criterion.objects.count() == before + 1
        assert_escaped(client.get(reverse("portfolio:rubric")))
    else:
        assert_clear_4xx(response)
        assert Criterion.objects.count() == before
    assert_escaped(response)


@FUZZ
@given(value=st.one_of(st.sampled_from(["1", "3", "5"]), fuzz_text), comment=fuzz_text)
def test_score_form(client, personas, value, comment):
    from portfolio.models import Score
    from tests.portfolio.access_cases import _scoring_setup

    made = _scoring_setup(personas)
    client.force_login(personas.other_agency)  # the invited reviewer
    url = reverse("portfolio:score_save", kwargs={"pk": made["pk"], "criterion_pk": made["_criterion_pk"]})
    before = Score.objects.count()
    response = client.post(url, {"value": value, "comment": comment, "version": "0"})
    assert response.status_code in (200, 302, 400, 422), response.status_code
    if response.status_code >= 400:
        assert Score.objects.count() == before
        assert response.content.strip()
    assert_escaped(response)
    assert_escaped(client.get(reverse("portfolio:proposal_scoring", kwargs={"pk": made["pk"]})))


# ---- status report form (H5) -------------------------------------------------------------------------------------


@FUZZ
@given(
    risks=fuzz_text,
    needs=fuzz_text,
    comment=fuzz_text,
    progress=st.one_of(st.sampled_from(["0", "50", "100"]), fuzz_text),
)
def test_status_report_form(client, personas, risks, needs, comment, progress):
    from reports.models import StatusReport
    from tests.reports.access_cases import _world

    made = _world(personas)
    client.force_login(personas.agency)
    url = reverse("reports:status_report_edit", kwargs={"pk": made["round"], "measure_pk": made["measure"]})
    before = StatusReport.objects.count()
    data = {"version": "0", "traffic": "green", "progress": progress, "risks": risks,
            "needs_from_ministries": needs, "comment": comment}  # fmt: skip
    response = client.post(url, data)
    if response.status_code == 302:
        assert StatusReport.objects.count() == before + 1
    else:
        assert_clear_4xx(response)
        assert StatusReport.objects.count() == before
    assert_escaped(response)
    assert_escaped(client.get(url))


# ---- every state change of the access matrix, with its data fuzzed (new forms are covered as their cases land) ---


def _fuzzable_posts():
    from tests.test_access_matrix import CASES

    for case in CASES:
        allowed = [p for p, code in case.expect.items() if p != "anonymous" and code in (200, 302, 422)]
        if case.method == "post" and allowed:
            yield pytest.param(case, allowed[0], id=f"{case.url_name}-as-{allowed[0]}")


@pytest.mark.parametrize(("case", "persona"), list(_fuzzable_posts()))
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(text=fuzz_text, extra=st.sampled_from(["comment", "name", "title", "description", "reason", "text"]))
def test_every_state_change_survives_fuzzed_input(client, personas, case, persona, text, extra):
    # Each example starts from the same data: hypothesis runs them all in the test's one transaction, and what one
    # left behind must not break the next one's setup (a delete refused for a NUL byte kept the saved view "Mine",
    # and the next example could not create it again: a unique name per user and list).
    with transaction.atomic():
        kwargs = {k: v for k, v in case.setup(personas).items() if not k.startswith("_")}
        data = case.data(personas) if callable(case.data) else dict(case.data or {})
        fuzzed = {key: text for key in data} | {extra: text}
        client.force_login(getattr(personas, persona))
        response = client.post(reverse(case.url_name, kwargs=kwargs), fuzzed)  # a server error would raise here
        assert response.status_code < 500
        assert_escaped(response)
        transaction.set_rollback(True)


# ---- uploads: every POST case whose URL name says it takes a file (attachments, imports) --------------------------

UPLOAD_WORDS = ("attachment", "upload", "vedlegg")  # URLs that take a file (imports:import_upload; not import_run)
FILE_FIELD_NAMES = ("file", "attachment", "upload", "document", "fil")


def _bad_files():
    from django.conf import settings as django_settings

    limit = getattr(django_settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    return {
        "html-as-pdf": ("notat.pdf", b"<html><body><script>alert(1)</script></body></html>"),
        "exe-as-pdf": ("notat.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),
        "zip-as-png": ("bilde.png", b"PK\x03\x04" + b"\x00" * 200),
        "empty": ("tom.pdf", b""),
        "oversized": ("stor.pdf", b"%PDF-1.7\n" + b"0" * (limit + 1)),
    }


def _upload_cases():
    from tests.test_access_matrix import CASES

    for case in CASES:
        allowed = [p for p, code in case.expect.items() if p != "anonymous" and code in (200, 302, 422)]
        if case.method == "post" and allowed and any(w in case.url_name for w in UPLOAD_WORDS):
            for kind in ("html-as-pdf", "exe-as-pdf", "zip-as-png", "empty", "oversized"):
                yield pytest.param(case, allowed[0], kind, id=f"{case.url_name}-{kind}")


def _domain_row_counts() -> dict[str, int]:
    from django.apps import apps

    labels = ("lifeevents", "portfolio", "governance", "reports")
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in labels}


@pytest.mark.parametrize(("case", "persona", "kind"), list(_upload_cases()))
def test_bad_uploads_get_a_clear_4xx_and_nothing_is_saved(client, personas, case, persona, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    kwargs = {k: v for k, v in case.setup(personas).items() if not k.startswith("_")}
    data = case.data(personas) if callable(case.data) else dict(case.data or {})
    name, content = _bad_files()[kind]
    files = {field: SimpleUploadedFile(name, content, content_type="application/pdf") for field in FILE_FIELD_NAMES}
    client.force_login(getattr(personas, persona))
    before = _domain_row_counts()
    response = client.post(reverse(case.url_name, kwargs=kwargs), {**data, **files})
    assert response.status_code in (400, 413, 422), response.status_code
    assert response.content.strip(), "the answer says what was wrong"
    assert _domain_row_counts() == before
    assert_escaped(response)


# ---- query strings: every page of the access matrix with fuzzed filters, search and paging --------------------------

QUERY_KEYS = ("q", "page", "sort", "order", "status", "step", "year", "life_event", "organisation", "kind", "next")


def _readable_pages():
    from tests.test_access_matrix import CASES

    for case in CASES:
        readers = [p for p, code in case.expect.items() if p != "anonymous" and code == 200]
        if case.method == "get" and readers:
            yield pytest.param(case, readers[0], id=f"{case.url_name}-as-{readers[0]}")


@pytest.mark.parametrize(("case", "persona"), list(_readable_pages()))
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(
    query=st.dictionaries(
        st.sampled_from(QUERY_KEYS),
        st.one_of(fuzz_text, st.sampled_from(["-1", "0", "9" * 30, "1e9", "NaN"])),
        max_size=4,
    )
)
def test_every_page_survives_fuzzed_query_strings(client, personas, case, persona, query):
    kwargs = {k: v for k, v in case.setup(personas).items() if not k.startswith("_")}
    client.force_login(getattr(personas, persona))
    response = client.get(reverse(case.url_name, kwargs=kwargs), query)  # a server error would raise here
    assert response.status_code < 500
    assert_escaped(response)


# ---- learning entry (H4) ------------------------------------------------------------------------------------------


@FUZZ
@given(hypothesis_text=fuzz_text, learned=fuzz_text, evidence=fuzz_text, review=st.one_of(st.just(""), fuzz_text))
def test_learning_entry_form(client, personas, hypothesis_text, learned, evidence, review):
    from portfolio.models.measures import LearningEntry
    from tests.portfolio.access_cases import _measure_pk

    url = reverse("portfolio:learning_add", kwargs=_measure_pk(personas))
    client.force_login(personas.agency)
    before = LearningEntry.objects.count()
    data = {"hypothesis": hypothesis_text, "learned": learned, "evidence": evidence, "next_step": learned,
            "next_review_date": review}  # fmt: skip
    response = client.post(url, data)
    if response.status_code == 302:
        assert LearningEntry.objects.count() == before + 1
        entry = LearningEntry.objects.latest("pk")
        assert "\x00" not in entry.hypothesis + entry.learned
    else:
        assert_clear_4xx(response)
        assert LearningEntry.objects.count() == before
    assert_escaped(response)
    assert_escaped(client.get(url))
