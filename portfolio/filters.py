"""django-filter FilterSets of the portfolio's list pages. Many-to-many filters use `pk__in` subqueries (no
DISTINCT), so counting and paging stay fast on large tables."""

from collections.abc import Callable

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import NamedModelChoiceField, NullBooleanOptionsSelect, OptionsSelect
from core.models import Organisation
from lifeevents.models import LifeEvent

from .choices import Channel, Origin, ProposalStatus
from .models import CallForProposals, Mission, Proposal
from .queries.proposals import search_proposals

SORTS = {
    "new": ("-created_at", "-pk"),  # the index proposal_created_pk
    "old": ("created_at", "pk"),
    "title": ("title", "pk"),
}


def options(choices: list) -> Callable[[], list]:
    """A filter's choices as a callable (Django's ChoiceField takes one): a filter set copies its filters, and then
    its form's fields, on every request (deepcopy), a list of choices with them, a callable not (issue 17)."""
    return lambda: choices


def _visible(model, *label_fields):
    """The objects the user may see, with only the columns of the option's value and label."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        objects = model.objects
        qs = objects.visible_to(request.user) if hasattr(objects, "visible_to") else objects.all()
        return qs.only("pk", *label_fields)

    return queryset


def _life_events(request):
    """The life events the user may see, each with its name in the active language as `label` (LifeEvent.name)."""
    return _visible(LifeEvent)(request).annotate(label=LifeEvent.name_expression())


class NamedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """Options read as values, not instances (`core.forms.NamedModelChoiceField`); the label is the `name` column,
    or `label_field` (the column the model's `__str__` returns)."""

    field_class = NamedModelChoiceField


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=options(ProposalStatus.choices), empty_label=_("All"), widget=OptionsSelect
    )
    life_event = NamedModelChoiceFilter(
        label=_("Life event"),
        queryset=_life_events,
        method="filter_life_event",
        empty_label=_("All"),
        label_field="label",
    )
    organisation = NamedModelChoiceFilter(
        label=_("Proposing organisation"), queryset=_visible(Organisation, "name"), empty_label=_("All")
    )
    mission = NamedModelChoiceFilter(
        label=_("Mission"), queryset=_visible(Mission, "title"), method="filter_mission", empty_label=_("All"),
        label_field="title",
    )  # fmt: skip
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=options(Channel.choices), empty_label=_("All"), widget=OptionsSelect
    )
    origin = django_filters.ChoiceFilter(
        label=_("Where it was found"), choices=options(Origin.choices), empty_label=_("All"), widget=OptionsSelect
    )
    call = NamedModelChoiceFilter(
        label=_("Call for proposals"), queryset=_visible(CallForProposals, "title", "deadline"), empty_label=_("All"),
        label_field="title",
    )  # fmt: skip
    awaiting_answer = django_filters.BooleanFilter(
        label=_("Waiting for the submitter's answer"), method="filter_awaiting_answer", widget=NullBooleanOptionsSelect
    )
    mine = django_filters.BooleanFilter(
        label=_("Registered by me"), method="filter_mine", widget=NullBooleanOptionsSelect
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=options([("new", _("Newest first")), ("old", _("Oldest first")), ("title", _("Title"))]),
        method="filter_sort",
        empty_label=None,
        widget=OptionsSelect,
    )

    class Meta:
        model = Proposal
        fields = ["q", "status", "life_event", "organisation", "mission", "channel", "origin", "call",
                  "awaiting_answer", "mine", "sort"]  # fmt: skip

    def filter_awaiting_answer(self, qs, name, value):
        """Yes: only the proposals waiting for the submitter's answer; no: only those not waiting."""
        if value is None:
            return qs
        return qs.filter(awaiting_answer_since__isnull=not value)

    def filter_mine(self, qs, name, value):
        """Yes: only what this user registered (the start page's "drafts of yours"); no: what others registered."""
        if value is None or self.request is None:
            return qs
        mine = Q(created_by=self.request.user)
        return qs.filter(mine if value else ~mine)

    def filter_q(self, qs, name, value):
        return search_proposals(qs, value, user=self.request.user if self.request is not None else None)

    def filter_life_event(self, qs, name, value):
        through = Proposal.life_events.through
        return qs.filter(pk__in=through.objects.filter(lifeevent=value).values("proposal_id")) if value else qs

    def filter_mission(self, qs, name, value):
        through = Proposal.missions.through
        return qs.filter(pk__in=through.objects.filter(mission=value).values("proposal_id")) if value else qs

    def filter_sort(self, qs, name, value):
        return qs  # applied in `qs` so the default order holds when the parameter is missing

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")
        self.form.fields["q"].widget.input_type = "search"

    @property
    def qs(self):
        sort = SORTS.get(self.form.cleaned_data.get("sort") if self.form.is_valid() else "", SORTS["new"])
        return super().qs.order_by(*sort)
