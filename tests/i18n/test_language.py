"""Language: the right <html lang>, `no` served bokmål, a switch that remembers the choice, Norwegian formats."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from core.i18n import normalise_accept_language


def html_lang(response) -> str:
    body = response.content.decode()
    start = body.index('<html lang="') + len('<html lang="')
    return body[start : body.index('"', start)]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("no", "nb"),
        ("no-NO", "nb"),
        ("nb-NO", "nb"),
        ("no, en;q=0.8", "nb"),
        ("en-GB,no;q=0.9", "en"),
        ("nn-NO,nn;q=0.9", "nn"),
        ("nn", "nn"),
        ("en-US,en;q=0.9", "en"),
        ("de-DE", "nb"),
    ],
)
def test_accept_language_picks_the_page_language(client, db, header, expected):
    response = client.get(reverse("login"), headers={"accept-language": header})
    assert response.status_code == 200
    assert html_lang(response) == expected
    assert response.headers["Content-Language"] == expected


def test_norwegian_tags_are_rewritten_but_not_other_languages():
    assert normalise_accept_language("no, no-NO;q=0.9, en;q=0.5") == "nb, nb-NO;q=0.9, en;q=0.5"
    assert normalise_accept_language("nn-NO,nb;q=0.5") == "nn-NO,nb;q=0.5"
    assert normalise_accept_language("nl, ro") == "nl, ro"  # "no" inside other tags untouched


def test_the_language_switch_sets_a_cookie_that_wins_over_the_browser(client, db):
    response = client.post(reverse("set_language"), {"language": "nn", "next": reverse("login")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    page = client.get(reverse("login"), headers={"accept-language": "en"})
    assert html_lang(page) == "nn"
    assert "Logg inn" in page.content.decode()


def test_logged_in_user_switches_to_english_and_the_page_follows(client, agency_staff):
    client.force_login(agency_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    assert html_lang(response) == "en"
    assert "Skip to main content" in response.content.decode()


def test_every_language_is_offered_in_its_own_name_on_the_switch(client, db):
    body = client.get(reverse("login")).content.decode()
    assert 'lang="nn"' in body and 'lang="en"' in body
    assert 'name="language"' in body and reverse("set_language") in body


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_norwegian_dates_and_numbers(language):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 11, 22), "SHORT_DATE_FORMAT") == "22.11.2026"
        assert formats.number_format(Decimal("1234567.5"), 1, use_l10n=True, force_grouping=True) == "1\xa0234\xa0567,5"
        assert Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": datetime.date(2026, 11, 22)})) == (
            "22.11.2026"
        )


@pytest.mark.parametrize(
    ("value", "arg", "expected"),
    [
        (1234567, None, "1\xa0234\xa0567 kr"),
        (Decimal("1234567.49"), None, "1\xa0234\xa0567 kr"),
        (Decimal("1234.5"), 2, "1\xa0234,50 kr"),
        (0, None, "0 kr"),
        (-2500, None, "-2\xa0500 kr"),
        (None, None, "–"),
        ("", None, "–"),
        ("not a number", None, "–"),
    ],
)
def test_money_filter_in_bokmal(value, arg, expected):
    source = "{% load core %}{{ value|money" + (f":{arg}" if arg is not None else "") + " }}"
    with translation.override("nb"):
        assert Template(source).render(Context({"value": value})) == expected


def test_money_filter_in_english_uses_english_grouping():
    with translation.override("en"):
        assert Template("{% load core %}{{ v|money }}").render(Context({"v": 1234567})) == "1,234,567 kr"


def test_without_the_middleware_django_would_answer_no_in_english(rf):
    """Why core.i18n exists: Django alone skips the unknown tag `no` and picks the next language."""
    from django.utils.translation import get_language_from_request

    request = rf.get("/", headers={"accept-language": "no-NO, en;q=0.8"})
    assert get_language_from_request(request) == "en"
    request.META["HTTP_ACCEPT_LANGUAGE"] = normalise_accept_language(request.META["HTTP_ACCEPT_LANGUAGE"])
    assert get_language_from_request(request) == "nb"
