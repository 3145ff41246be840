"""Dates read day first in every language of the portal, never month first as in the United States."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [("nb", "02.12.2026", "02.12.2026"), ("nn", "02.12.2026", "02.12.2026"), ("en", "02.12.2026", "2 Dec 2026")],
)
def test_dates_are_day_first(language, short, long):
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date }}')
    with translation.override(language):
        assert template.render(Context({"d": datetime.date(2026, 12, 2)})) == f"{short}|{long}"
