"""The project's select template (its option template written inline: one loop) writes the same options as
Django's own (a template per option)."""

from django import forms
from django.forms.renderers import DjangoTemplates

from core.models import Organisation


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "All"), ("a", "Å <b>"), ("b", 'Quote "b"')], required=False)
    grouped = forms.MultipleChoiceField(
        choices=[("Step 1", [("1", "One"), ("2", "Two & more")]), ("Step 2", [("3", "Three")]), ("4", "Four")],
        required=False,
    )


def test_same_markup_as_djangos_select_with_groups_selection_and_escaping():
    form = Choices({"plain": "b", "grouped": ["2", "4"]})
    for name in ("plain", "grouped"):
        widget, value = form[name].field.widget, form[name].value()
        ours = widget.render(name, value, attrs={"id": f"id_{name}"})
        django_own = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=DjangoTemplates())  # per option
        assert ours == django_own  # byte for byte
    assert '<option value="b" selected>Quote &quot;b&quot;</option>' in str(form["plain"])
    assert "Å &lt;b&gt;" in str(form["plain"])
    assert '<optgroup label="Step 1">' in str(form["grouped"])


def test_option_attributes_false_left_out_true_bare():
    class Disabled(forms.Select):
        def create_option(self, *args, **kwargs):
            option = super().create_option(*args, **kwargs)
            option["attrs"].update({"disabled": option["value"] == "x", "data-n": 1})
            return option

    field = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=Disabled)
    html = field.widget.render("f", "y")
    assert '<option value="x" disabled data-n="1">X</option>' in html
    assert '<option value="y" selected data-n="1">Y</option>' in html


def test_model_choices(db):
    org = Organisation.objects.create(name="Brønnøysundregistrene", orgnr="974760673")
    field = forms.ModelChoiceField(queryset=Organisation.objects.all())
    field.widget.choices = field.choices
    html = field.widget.render("org", org.pk)
    assert f'<option value="{org.pk}" selected>Brønnøysundregistrene</option>' in html
    assert '<option value="">---------</option>' in html


def test_the_filters_select_writes_the_same_as_djangos(db):
    """core.forms.OptionsSelect (the list filters' long option lists): the options given to its template as (value,
    label, selected), the same HTML as Django's own Select, with the first option of the value selected."""
    from core.forms import NamedModelChoiceField, OptionsSelect

    Organisation.objects.create(name="Brønnøysundregistrene", orgnr="974760673")
    org = Organisation.objects.create(name='NAV <"Arbeid">', orgnr="889640782")
    field = NamedModelChoiceField(queryset=Organisation.objects.order_by("pk"), required=False, empty_label="Alle")
    assert isinstance(field.widget, OptionsSelect)
    for value in (org.pk, "", None):
        ours = field.widget.render("org", value, attrs={"id": "id_org", "class": "ds-input"})
        plain = forms.Select(choices=field.choices)  # Django's own select and option templates
        django_own = plain.render("org", value, attrs={"id": "id_org", "class": "ds-input"}, renderer=DjangoTemplates())
        assert ours == django_own
    chosen = field.widget.render("org", org.pk)
    assert f'<option value="{org.pk}" selected>NAV &lt;&quot;Arbeid&quot;&gt;</option>' in chosen  # escaped
    assert chosen.count(" selected") == 1 and '<option value="">Alle</option>' in chosen
    twice = OptionsSelect(choices=[("a", "A"), ("a", "A again"), ("b", "B")])
    assert twice.render("x", "a") == forms.Select(choices=twice.choices).render("x", "a", renderer=DjangoTemplates())
    grouped = OptionsSelect(choices=[("Step 1", [("1", "One")]), ("2", "Two")])  # groups: Django's own way
    django_own = forms.Select(choices=grouped.choices).render("g", "1", renderer=DjangoTemplates())
    assert grouped.render("g", "1") == django_own


def test_the_filters_yes_no_and_choice_selects_write_the_same_as_djangos():
    """The list filters' other selects written the same way: choices with lazy labels, and unknown / yes / no."""
    from core.forms import NullBooleanOptionsSelect, OptionsSelect
    from portfolio.choices import ProposalStatus

    choices = [("", "Alle"), *ProposalStatus.choices]
    for value in ("harmonising", "", None, "bogus"):
        django_own = forms.Select(choices=choices).render("status", value, renderer=DjangoTemplates())
        assert OptionsSelect(choices=choices).render("status", value) == django_own
    for value in (True, False, None, "true", "false", "unknown", ""):
        django_own = forms.NullBooleanSelect().render("mine", value, renderer=DjangoTemplates())
        assert NullBooleanOptionsSelect().render("mine", value) == django_own


def test_the_filters_select_writes_its_attributes_as_djangos_attrs_template():
    """OptionsSelect writes its select without a template: its attributes as Django's attrs.html (False left out,
    True bare, values escaped), the name escaped, the same HTML as Django's Select through its templates."""
    from core.forms import OptionsSelect

    attrs = {"id": "id_s", "class": "ds-input", "required": True, "disabled": False, "aria-describedby": 'a"<b>'}
    for value in ("b", "", None):
        ours = OptionsSelect(choices=[("a", "A"), ("b", "B & c")]).render('s"<', value, attrs=attrs)
        django_own = forms.Select(choices=[("a", "A"), ("b", "B & c")]).render(
            's"<', value, attrs=attrs, renderer=DjangoTemplates()
        )
        assert ours == django_own
    assert " required " in ours and "disabled" not in ours and 'aria-describedby="a&quot;&lt;b&gt;"' in ours
