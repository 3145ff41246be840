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


def test_a_days_text_is_written_once_and_a_format_with_the_time_for_each_moment():
    """The short date is the day's alone: written once per day (the rows of a page share a few days); a format that
    reads the time or the moment is written for each value."""
    from core import rows

    early, late = (timezone.make_aware(datetime.datetime(2026, 3, 2, h, 5), datetime.UTC) for h in (0, 22))
    with translation.override("nb"):
        texts = dates()
        assert [texts(early)[1], texts(late)[1]] == ["02.03.2026", "02.03.2026"]  # 23:05 in Oslo: still 2 March
        assert texts(late)[0] == "2026-03-02T23:05:00+01:00"
        with_time = dates("DATETIME_FORMAT")
        template = Template('{{ d|date:"DATETIME_FORMAT" }}')
        assert [with_time(m)[1] for m in (early, late)] == [template.render(Context({"d": m})) for m in (early, late)]
    with timezone.override(datetime.UTC):  # the time zone of the request (read once per page)
        assert dates()(late) == ("2026-03-02T22:05:00+00:00", "02.03.2026")
        assert dates()(early)[0] == "2026-03-02T00:05:00+00:00"
    assert rows._reads_the_day_only("d.m.Y") and rows._reads_the_day_only(r"j. F Y \k\l\. \H")
    assert not rows._reads_the_day_only("d.m.Y H:i") and not rows._reads_the_day_only("c")
