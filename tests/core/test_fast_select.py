"""FastSelect renders exactly the HTML of Django's Select, escaped, with the selection and the attributes."""

import re

import pytest
from django import forms

from core.forms import FastSelect, fast_selects


class Pick(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "All"), ("r", "Rød <b>"), ("g", "Grønn")],
        required=False,
        widget=forms.Select(attrs={"class": "x"}),
    )
    group = forms.ChoiceField(choices=[("Nord", [("a", "Alta"), ("b", "Bodø")]), ("s", "Sør")])
    many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)


def test_fast_select_renders_what_django_renders():
    plain, fast = Pick({"colour": "r", "group": "b"}), Pick({"colour": "r", "group": "b"})
    fast_selects(fast)
    assert type(fast.fields["colour"].widget) is FastSelect and type(fast.fields["group"].widget) is FastSelect
    assert type(fast.fields["many"].widget) is forms.SelectMultiple  # only plain single selects are swapped
    for name in ("colour", "group"):
        assert str(fast[name]) == re.sub(r">\s+<", "><", str(plain[name]))  # Django's template adds whitespace
    html = str(fast["colour"])
    assert "Rød &lt;b&gt;" in html and 'value="r" selected' in html and 'class="x"' in html


class ByOrganisation(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, required=False, empty_label="Alle")

    def __init__(self, *args, **kwargs):
        from core.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


def _pair(data):
    plain, fast = ByOrganisation(data), ByOrganisation(data)
    fast_selects(fast)
    return plain, fast


@pytest.mark.django_db
def test_model_options_are_cached_and_render_what_django_renders(django_assert_num_queries):
    from tests.factories.core import OrganisationFactory

    nav = OrganisationFactory(name="NAV <etat>")
    OrganisationFactory(name="Skatteetaten")
    plain, fast = _pair({"organisation": str(nav.pk)})
    assert str(fast["organisation"]) == re.sub(r">\s+<", "><", str(plain["organisation"]))
    assert "NAV &lt;etat&gt;" in str(fast["organisation"]) and f'value="{nav.pk}" selected' in str(fast["organisation"])
    with django_assert_num_queries(0):  # the second page asks the cache, not the database
        str(_pair({})[1]["organisation"])


@pytest.mark.django_db
def test_a_saved_organisation_shows_at_once():
    from tests.factories.core import OrganisationFactory

    nav = OrganisationFactory(name="NAV")
    str(_pair({})[1]["organisation"])
    nav.name = "Arbeids- og velferdsetaten"
    nav.save()
    OrganisationFactory(name="Husbanken")
    html = str(_pair({})[1]["organisation"])
    assert "Arbeids- og velferdsetaten" in html and "Husbanken" in html and ">NAV<" not in html
    nav.delete()
    assert "Arbeids- og velferdsetaten" not in str(_pair({})[1]["organisation"])
