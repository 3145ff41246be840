"""core.forms.NamedModelChoiceField: the options read as (key, name) values are exactly Django's ModelChoiceField's
(same order, labels, selection, empty label), and cleaning still gives the instance and refuses a key outside the
queryset."""

import pytest
from django import forms

from core.forms import NamedModelChoiceField
from core.models import Organisation
from tests.factories import OrganisationFactory


@pytest.fixture
def organisations(db):
    return [OrganisationFactory(name=name) for name in ("Skatteetaten", "Arbeids- og velferdsetaten", "Ås <kommune>")]


def test_the_same_select_as_djangos_model_choice_field(organisations):
    chosen = organisations[1]
    for empty_label in ("Alle", None):
        kwargs = {"queryset": Organisation.objects.all(), "empty_label": empty_label, "required": False}
        ours, django_own = NamedModelChoiceField(**kwargs), forms.ModelChoiceField(**kwargs)
        assert [(str(v), str(label)) for v, label in ours.choices] == [
            (str(v), str(label)) for v, label in django_own.choices
        ]
        ours.widget.choices, django_own.widget.choices = ours.choices, django_own.choices
        assert ours.widget.render("org", chosen.pk) == django_own.widget.render("org", chosen.pk)
    assert "Ås &lt;kommune&gt;" in ours.widget.render("org", None)


def test_cleaning_gives_the_instance_and_refuses_what_the_queryset_leaves_out(organisations):
    field = NamedModelChoiceField(queryset=Organisation.objects.exclude(pk=organisations[0].pk))
    assert field.clean(str(organisations[1].pk)) == organisations[1]
    with pytest.raises(forms.ValidationError):
        field.clean(str(organisations[0].pk))
