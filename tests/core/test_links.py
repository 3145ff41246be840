"""A row's link is exactly what reverse() gives, for every key."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from core.links import row_url


@pytest.mark.parametrize("viewname", ["portfolio:proposal_detail", "portfolio:measure_detail"])
def test_row_url_equals_reverse(viewname):
    url = row_url(viewname)
    for key in (1, 7, 1000, 123456789):
        assert url(key) == reverse(viewname, kwargs={"pk": key})


def test_row_url_keeps_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        url = row_url("portfolio:proposal_detail")
        assert url(5).startswith("/portal/") and url(5) == reverse("portfolio:proposal_detail", kwargs={"pk": 5})
    finally:
        set_script_prefix("/")


def test_a_key_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        row_url("portfolio:proposal_detail")("1/../../admin")


def test_a_row_url_is_printed_as_it_is():
    """reverse() percent-encodes a path, so there is nothing to escape: a template prints the link unchanged."""
    url = row_url("portfolio:proposal_detail")(5)
    assert isinstance(url, SafeString) and conditional_escape(url) == url
    assert url == reverse("portfolio:proposal_detail", args=[5])
