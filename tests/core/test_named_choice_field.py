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


def test_the_same_select_multiple_as_djangos_model_multiple_choice_field(organisations):
    """Several options chosen, and the attributes of the proposal form's partners (size, the combobox's): the same
    markup as Django's SelectMultiple, every chosen option selected."""
    from core.forms import NamedModelMultipleChoiceField

    attrs = {"size": 8, "data-combobox": "", "data-combobox-help": "Skriv <noen> bokstaver"}
    ours = NamedModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False)
    django_own = forms.ModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False)
    ours.widget.attrs, django_own.widget.attrs = dict(attrs), dict(attrs)
    ours.widget.choices, django_own.widget.choices = ours.choices, django_own.choices
    for chosen in ([], [organisations[0].pk], [organisations[2].pk, organisations[0].pk]):
        html = ours.widget.render("partners", chosen, {"id": "id_partners"})
        assert html == django_own.widget.render("partners", chosen, {"id": "id_partners"})
        assert html.count(" selected") == len(chosen) and " multiple" in html


def test_several_choices_clean_to_the_instances_and_refuse_what_the_queryset_leaves_out(organisations):
    from core.forms import NamedModelMultipleChoiceField

    field = NamedModelMultipleChoiceField(queryset=Organisation.objects.exclude(pk=organisations[0].pk))
    keys = [str(organisations[1].pk), str(organisations[2].pk)]
    assert set(field.clean(keys)) == {organisations[1], organisations[2]}
    with pytest.raises(forms.ValidationError):
        field.clean([str(organisations[0].pk), str(organisations[1].pk)])
