"""What each kind of import holds and how one row is saved: through the same services as the pages (intake for
proposals, the measure and benefit services, core's organisation service), which ask the access policy for the
row. A row is found again by its external id (`external_id`), so re-importing the same file changes nothing.

`apply` returns the outcome ("created", "changed", "unchanged") and the labels of the fields that changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import Organisation, OrganisationKind
from core.services import organisation_save
from portfolio.choices import BuildingBlockStage, Channel, MeasureKind, MeasureStatus
from portfolio.models import Benefit, Measure, Proposal
from portfolio.services import benefits, intake, measures

from .columns import Column, Lookups
from .models import ImportKind

EXTERNAL_ID = Column("external_id", _("Your system's id of the row (unique; the import finds the row by it)"),
                     required=True, max_length=100)  # fmt: skip


def _channels():
    return [(c.value, c.label) for c in Channel if c != Channel.SUBMITTED]


def _active_statuses():
    return [(s.value, s.label) for s in MeasureStatus if s != MeasureStatus.TERMINATED]


def _kinds():
    return list(OrganisationKind.choices)


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    filename: str
    by: Any
    lookups: Lookups

    @property
    def evidence(self) -> str:
        return str(_("Imported from %(file)s, row %(row)s") % {"file": self.filename, "row": self.number})


def state(obj: models.Model | None, fields: list[str]) -> dict:
    """Comparable values of `fields` (relations as primary keys, many-to-many as sorted keys)."""
    if obj is None:
        return {}
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            out[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
        else:
            value = getattr(obj, field.attname)
            out[name] = str(value) if value is not None and not isinstance(value, (bool, int)) else value
    return out


def changed_labels(model, before: dict, after: dict) -> list[str]:
    return [str(model._meta.get_field(name).verbose_name) for name in after if before.get(name) != after[name]]


class Kind:
    key: str
    model: type[models.Model]
    columns: list[Column]
    compared: list[str]

    def find(self, row: Row):
        """The existing record of this row's external id, as the importing user may see it. One that exists but is
        not visible is refused (its id is taken) without saying more."""
        ext = row.values["external_id"]
        found = self.model.objects.visible_to(row.by).filter(external_id=ext).first()
        if found is None and self.model.objects.filter(external_id=ext).exists():
            raise ValidationError({"external_id": _("This external id is already used by a record you cannot change.")})
        return found

    def title(self, row: Row) -> str:
        return str(row.values.get("title") or row.values.get("name") or row.values.get("indicator") or "")

    def apply(self, row: Row) -> tuple[str, list[str], models.Model]:
        existing = self.find(row)
        before = state(existing, self.compared)
        obj = self.save(row, existing)
        after = state(obj, self.compared)
        if existing is None:
            return "created", [], obj
        labels = changed_labels(self.model, before, after)
        return ("changed" if labels else "unchanged"), labels, obj

    def save(self, row: Row, existing):
        raise NotImplementedError


def _claim(obj: models.Model, external_id: str) -> None:
    """Give a record created by its service the row's external id (the services do not know of imports)."""
    if obj.external_id != external_id:
        obj.external_id = external_id
        obj.full_clean(validate_unique=False, exclude=[f.name for f in obj._meta.fields if f.name != "external_id"])
        obj.save(update_fields=["external_id"])


class ProposalKind(Kind):
    key = ImportKind.PROPOSALS
    model = Proposal
    columns = [
        EXTERNAL_ID,
        Column("title", _("Title"), required=True, max_length=200),
        Column("need", _("The need, seen from the user's side"), required=True, max_length=20000),
        Column("solution", _("Proposed solution"), max_length=20000),
        Column("expected_benefits", _("Expected benefits"), max_length=20000),
        Column("beneficiaries", _("Who gets the benefits"), max_length=20000),
        Column("estimated_cost", _("Estimated cost (NOK), a whole number"), type="int"),
        Column("organisation", _("Proposing organisation (organisation number or name)"), type="organisation"),
        Column("life_events", _("Life events, separated by ;"), type="life_events", required=True),
        Column("partners", _("Partner organisations, separated by ;"), type="organisations"),
        Column("channel", _("Channel (the office's imports)"), type="choice", choices=_channels),
        Column("submit", _("Submit it (ja/nei); otherwise a draft"), type="bool"),
    ]
    compared = [*intake.TEXT_FIELDS, "channel", "life_events", "partners", "status"]

    def save(self, row: Row, existing):
        values, by = row.values, row.by
        office = access.can(by, "register_on_behalf", Proposal)
        organisation = values.get("organisation") or (None if office else by.organisation)
        if not office and organisation is not None and organisation.pk != by.organisation_id:
            raise ValidationError({"organisation": _("You may import only your own organisation's proposals.")})
        fields = ["title", "need", "solution", "expected_benefits", "beneficiaries", "estimated_cost"]
        data = {name: values.get(name) for name in fields}
        data.update(life_events=values["life_events"], partners=values.get("partners") or [])
        if office and values.get("channel"):
            data["channel"] = values["channel"]
        if existing is None:
            data["organisation"] = organisation
            proposal = intake.proposal_create(data=data, by=by, submit=bool(values.get("submit")))
            _claim(proposal, values["external_id"])
            return proposal
        if organisation is not None and organisation.pk != existing.organisation_id:
            raise ValidationError({"organisation": _("The proposing organisation of a proposal cannot be changed.")})
        mine = intake.comparable(data)
        if mine != {k: v for k, v in intake.comparable(intake.proposal_values(existing)).items() if k in mine}:
            existing = intake.proposal_update(proposal=existing, data=data, version=existing.version, by=by)
        if values.get("submit") and existing.status == "draft":
            existing = intake.proposal_submit(proposal=existing, by=by)
        return existing


class MeasureKindImport(Kind):
    key = ImportKind.MEASURES
    model = Measure
    columns = [
        EXTERNAL_ID,
        Column("title", _("Title"), required=True, max_length=200),
        Column("description", _("Description"), max_length=20000),
        Column("kind", _("Kind"), type="choice", choices=lambda: list(MeasureKind.choices)),
        Column("status", _("Status"), type="choice", choices=_active_statuses),
        Column("stage", _("Building-block stage"), type="choice", choices=lambda: list(BuildingBlockStage.choices)),
        Column("owner", _("Owner (organisation number or name)"), type="organisation", required=True),
        Column("participants", _("Participating actors, separated by ;"), type="organisations"),
        Column("life_events", _("Life events, separated by ;"), type="life_events", required=True),
        Column("budget", _("Budget (NOK), a whole number"), type="int"),
        Column("start_date", _("Start date"), type="date"),
        Column("end_date", _("End date"), type="date"),
    ]
    compared = [c.key for c in columns]

    def save(self, row: Row, existing):
        data = {c.key: row.values.get(c.key) for c in self.columns}
        for name in ("kind", "status", "stage"):
            if not data[name]:
                data.pop(name)  # empty: the measure's default (new) or its place now (existing)
        data["participants"] = data["participants"] or []
        if existing is None:
            return measures.measure_register(data=data, by=row.by)
        return measures.measure_change(measure=existing, data=data, evidence=row.evidence, by=row.by)


class BenefitKind(Kind):
    key = ImportKind.BENEFITS
    model = Benefit
    columns = [
        EXTERNAL_ID,
        Column("measure", _("The measure's external id (or its number in the portal)"), required=True, max_length=100),
        Column("description", _("Description"), required=True, max_length=20000),
        Column("indicator", _("Indicator"), required=True, max_length=200),
        Column("unit", _("Unit"), max_length=40),
        Column("baseline", _("Baseline"), type="decimal"),
        Column("expected_value", _("Expected value"), type="decimal"),
        Column("expected_date", _("Expected by (date)"), type="date"),
        Column("owner", _("Benefit owner (organisation number or name)"), type="organisation", required=True),
        Column("cost_bearer", _("Cost-bearing actor (organisation number or name)"), type="organisation"),
        Column("is_disbenefit", _("Dis-benefit (ja/nei)"), type="bool"),
        Column("annual_value_nok", _("Yearly value (NOK), a whole number"), type="int"),
        Column("annual_cost_nok", _("Yearly cost (NOK), a whole number"), type="int"),
    ]
    compared = [c.key for c in columns if c.key != "external_id"]

    def find(self, row: Row):
        # Benefits are seen through their measure
        ext = row.values["external_id"]
        found = Benefit.objects.filter(external_id=ext, measure__in=Measure.objects.visible_to(row.by)).first()
        if found is None and Benefit.objects.filter(external_id=ext).exists():
            raise ValidationError({"external_id": _("This external id is already used by a record you cannot change.")})
        return found

    def _measure(self, row: Row) -> Measure:
        ref = row.values["measure"]
        visible = Measure.objects.visible_to(row.by)
        found = visible.filter(external_id=ref).first()
        if found is None and ref.isdigit():
            found = visible.filter(pk=int(ref)).first()
        if found is None:
            raise ValidationError({"measure": _("Unknown measure “%(value)s”.") % {"value": ref}})
        return found

    def save(self, row: Row, existing):
        data = {c.key: row.values.get(c.key) for c in self.columns if c.key != "external_id"}
        data["measure"] = self._measure(row)
        if existing is None:
            benefit = benefits.benefit_create(data=data, by=row.by)
            _claim(benefit, row.values["external_id"])
            return benefit
        return benefits.benefit_update(benefit=existing, data=data, by=row.by)


class OrganisationKindImport(Kind):
    key = ImportKind.ORGANISATIONS
    model = Organisation
    columns = [
        EXTERNAL_ID,
        Column("name", _("Name"), required=True, max_length=200),
        Column("short_name", _("Short name"), max_length=40),
        Column("kind", _("Kind"), type="choice", choices=_kinds, required=True),
        Column("orgnr", _("Organisation number (nine digits)"), max_length=11),
        Column("parent", _("Parent ministry (organisation number or name)"), type="organisation"),
    ]
    compared = [c.key for c in columns]

    def find(self, row: Row):
        """By external id; an organisation the portal has without one is found by organisation number or name."""
        values = row.values
        found = Organisation.objects.filter(external_id=values["external_id"]).first()
        if found is None and values.get("orgnr"):
            found = Organisation.objects.filter(orgnr=values["orgnr"].replace(" ", ""), external_id="").first()
        if found is None:
            found = Organisation.objects.filter(name__iexact=values["name"], external_id="").first()
        return found

    def save(self, row: Row, existing):
        data = {c.key: row.values.get(c.key) for c in self.columns}
        data["orgnr"] = (data["orgnr"] or "").replace(" ", "")
        organisation = organisation_save(organisation=existing, data=data, by=row.by)
        row.lookups.add_organisation(organisation)
        return organisation


KINDS: dict[str, Kind] = {k.key: k() for k in (ProposalKind, MeasureKindImport, BenefitKind, OrganisationKindImport)}
