"""core.forms.share_options: several ModelChoiceFields of one model read their options in one query, and each
writes exactly Django's select (same options, order, labels, selection, empty label); cleaning is still Django's
lookup in the field's own queryset."""

import pytest
from django import forms

from core.forms import share_options
from core.models import Organisation
from tests.factories import OrganisationFactory


class _Form(forms.Form):
    ministry = forms.ModelChoiceField(queryset=Organisation.objects.filter(kind="ministry"), empty_label="Alle")
    agencies = forms.ModelMultipleChoiceField(queryset=Organisation.objects.exclude(kind="ministry"), required=False)


@pytest.fixture
def organisations(db):
    return [OrganisationFactory(name=name, kind=kind) for name, kind in (("Skatteetaten", "agency"),
            ("Arbeids- og sosialdepartementet", "ministry"), ("Ås <kommune>", "municipality"),
            ("Finansdepartementet", "ministry"))]  # fmt: skip


def test_one_query_and_djangos_selects(organisations, django_assert_num_queries):
    data = {"ministry": str(organisations[3].pk), "agencies": [str(organisations[2].pk)]}
    django_own = _Form(data)
    expected = {name: str(django_own[name]) for name in ("ministry", "agencies")}
    ours = _Form(data)
    read = share_options(ours.fields["ministry"], ours.fields["agencies"])
    assert ours.is_valid()  # (Django's cleaning: a query for each field's chosen keys)
    with django_assert_num_queries(1):
        written = {name: str(ours[name]) for name in ("ministry", "agencies")}
        assert len(ours.fields["ministry"].choices) == 3 and ours.fields["agencies"].choices
    assert written == expected
    assert [o.name for o in read()] == sorted(o.name for o in organisations)
    assert "Ås &lt;kommune&gt;" in written["agencies"] and "Skatteetaten" not in written["ministry"]


def test_cleaning_is_djangos(organisations):
    form = _Form({"ministry": str(organisations[0].pk), "agencies": [str(organisations[1].pk)]})
    share_options(form.fields["ministry"], form.fields["agencies"])
    assert not form.is_valid() and set(form.errors) == {"ministry", "agencies"}  # not in their querysets
    form = _Form({"ministry": str(organisations[1].pk), "agencies": [str(organisations[0].pk)]})
    share_options(form.fields["ministry"], form.fields["agencies"])
    assert form.is_valid()
    assert form.cleaned_data["ministry"] == organisations[1]
    assert list(form.cleaned_data["agencies"]) == [organisations[0]]
