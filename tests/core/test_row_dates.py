"""A list's dates (core.rows.dates, formatted once per row in the query layer) read as the template's date filter
writes them."""

import datetime

from django.template import Context, Template
from django.utils import timezone, translation

from core.rows import dates


def test_dates_as_the_date_filter_writes_them():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30), datetime.UTC)  # 2 March in Oslo
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            expected = Template('{{ d|date:"c" }}|{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": moment}))
            assert "|".join(dates()(moment)) == expected == "2026-03-02T00:30:00+01:00|02.03.2026"
    day = datetime.date(2026, 1, 5)
    with translation.override("en"):
        assert dates()(day) == ("2026-01-05", Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": day})))
    assert dates()(day)[1] == "05.01.2026" and dates()(None) == ("", "")
