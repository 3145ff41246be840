"""core.links.reverser: the same URLs as Django's reverse, for many ids at the cost of one reverse."""

from django.urls import reverse

from core.links import reverser


def test_reverser_gives_what_reverse_gives():
    detail = reverser("portfolio:proposal_detail")
    for pk in (1, 42, 2_147_483_646):
        assert detail(pk) == reverse("portfolio:proposal_detail", kwargs={"pk": pk})
    assert reverser("portfolio:measure_detail")(7) == reverse("portfolio:measure_detail", kwargs={"pk": 7})
