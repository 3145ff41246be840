"""Writes of user panels and shared user journeys (issue 22; models in governance/panel_models.py, rules in
governance/rules_panels.py). Each checks the policy, saves in one transaction with its AuditEvent, and refuses bad
input with a message (nothing half-saved).

Personal data: a member's name, e-mail and phone are written to the member's row and nowhere else. The audit rows of
members hold only the panel, the dates of consent and who recruited them (and the row's name is "Panel member no. N",
`PanelMember.__str__`); the history triggers snapshot none of the personal fields (history/models.py). Withdrawing
consent blanks the contact details in the row, which is then the only place they ever were."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.services import record_save
from portfolio.models import Measure, Proposal

from .models import Consultation, JourneyStep, PainPoint, PanelMember, UserJourney, UserPanel

PANEL_FIELDS = ["life_event", "name", "description", "coordinator", "is_illustrative"]
JOURNEY_FIELDS = ["life_event", "title", "description", "source", "is_illustrative"]
MEMBER_FIELDS = ["name", "email", "phone", "consent_given_on", "consent_purpose", "recruited_by", "is_illustrative"]
MEMBER_AUDITED = ["panel", "consent_given_on", "recruited_by", "is_illustrative"]  # never the name or contact
CONSULTATION_FIELDS = ["date", "method", "topic", "participants", "findings", "is_illustrative"]


def _only(data: Mapping, fields: list[str]) -> dict:
    return {k: v for k, v in data.items() if k in fields}


def _visible_links(by, proposals: Iterable, measures: Iterable) -> tuple[list, list]:
    """The proposals and measures to link, refused unless the user may see each one (nobody links what they cannot
    open, and a link would show what users said to those who see the proposal or measure)."""
    proposal_ids = sorted({getattr(p, "pk", p) for p in proposals or []})
    measure_ids = sorted({getattr(m, "pk", m) for m in measures or []})
    seen_p = set(Proposal.objects.visible_to(by).filter(pk__in=proposal_ids).values_list("pk", flat=True))
    seen_m = set(Measure.objects.visible_to(by).filter(pk__in=measure_ids).values_list("pk", flat=True))
    errors = {}
    if set(proposal_ids) - seen_p:
        errors["proposals"] = _("Choose proposals you can open.")
    if set(measure_ids) - seen_m:
        errors["measures"] = _("Choose measures you can open.")
    if errors:
        raise ValidationError(errors)
    return proposal_ids, measure_ids


# ---- panels, members, consultations ---------------------------------------------------------------------------


def panel_save(*, data: Mapping, by, panel: UserPanel | None = None) -> UserPanel:
    """Create or change a user panel (the office), audited `governance.userpanel.created` / `.changed`."""
    return record_save(obj=panel or UserPanel(), data=_only(data, PANEL_FIELDS), by=by, action="governance.userpanel")


@transaction.atomic
def member_add(*, panel: UserPanel, data: Mapping, by) -> PanelMember:
    """Record a panel member with their consent (the office or the coordinating organisation). The consent's date
    may not lie in the future. The audit row says who recruited whom to which panel, without name or contact."""
    access.require(by, "add_member", panel)
    values = _only(data, MEMBER_FIELDS)
    member = PanelMember(panel=panel, **values)
    given = values.get("consent_given_on")
    if given and given > timezone.localdate():
        raise ValidationError({"consent_given_on": _("Consent cannot be given on a future date.")})
    if not (values.get("email") or values.get("phone")):
        raise ValidationError(_("Give an e-mail address or a phone number, so the member can be reached."))
    member.full_clean()
    member.save()
    audit.record(
        actor=by, action="governance.panelmember.added", obj=member, changes=audit.snapshot(member, MEMBER_AUDITED)
    )
    return member


@transaction.atomic
def member_withdraw_consent(*, member: PanelMember, by, on=None) -> PanelMember:
    """The member withdrew consent: the date is recorded and the e-mail and phone are removed for good (the row was
    their only copy). Audited `governance.panelmember.consent_withdrawn` with the date only."""
    access.require(by, "withdraw_consent", member)
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    access.check_state("withdraw_consent", member)
    on = on or timezone.localdate()
    if on < member.consent_given_on or on > timezone.localdate():
        raise ValidationError(_("The withdrawal must be dated between the consent and today."))
    member.consent_withdrawn_on, member.email, member.phone = on, "", ""
    member.save(update_fields=["consent_withdrawn_on", "email", "phone"])
    audit.record(
        actor=by,
        action="governance.panelmember.consent_withdrawn",
        obj=member,
        changes={"consent_withdrawn_on": on},
    )
    return member


@transaction.atomic
def member_update(*, member: PanelMember, data: Mapping, by) -> PanelMember:
    """Correct a member's details while consent is given (the office or the coordinating organisation; after a
    withdrawal: not now). The same checks as recording one. Audited `governance.panelmember.changed` with the
    non-personal fields' before and after, and only the names of the personal fields that changed, never their
    values. Nothing is written when nothing changed."""
    access.require(by, "change", member)
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    access.check_state("change", member)
    values = {k: v for k, v in _only(data, MEMBER_FIELDS).items() if k != "is_illustrative"}
    before = audit.snapshot(member, MEMBER_AUDITED)
    changed = [name for name, value in values.items() if getattr(member, name) != value]
    for name in changed:
        setattr(member, name, values[name])
    if member.consent_given_on and member.consent_given_on > timezone.localdate():
        raise ValidationError({"consent_given_on": _("Consent cannot be given on a future date.")})
    if not (member.email or member.phone):
        raise ValidationError(_("Give an e-mail address or a phone number, so the member can be reached."))
    member.full_clean()
    if not changed:
        return member
    member.save(update_fields=changed)
    changes = audit.diff(before, audit.snapshot(member, MEMBER_AUDITED))
    personal = sorted(name for name in changed if name not in MEMBER_AUDITED)
    if personal:
        changes["personal_fields_changed"] = personal  # which, never what: the row is the only copy
    audit.record(actor=by, action="governance.panelmember.changed", obj=member, changes=changes)
    return member


def _took_place(consultation: Consultation) -> None:
    """A consultation is recorded after it took place: its date is not in the future."""
    if consultation.date and consultation.date > timezone.localdate():
        raise ValidationError({"date": _("A consultation is recorded after it took place: not a future date.")})


@transaction.atomic
def consultation_record(
    *, panel: UserPanel, data: Mapping, by, proposals: Iterable = (), measures: Iterable = ()
) -> Consultation:
    """Record a consultation of the panel and what users said, linked to the proposals and measures it informs
    (each one the user may see). Audited `governance.consultation.recorded`."""
    access.require(by, "consult", panel)
    proposal_ids, measure_ids = _visible_links(by, proposals, measures)
    values = _only(data, CONSULTATION_FIELDS)
    consultation = Consultation(panel=panel, created_by=by if getattr(by, "pk", None) else None, **values)
    _took_place(consultation)
    consultation.full_clean()
    consultation.save()
    consultation.proposals.set(proposal_ids)
    consultation.measures.set(measure_ids)
    changes = {**audit.snapshot(consultation, ["panel", "date", "method", "topic"]),
               "proposals": proposal_ids, "measures": measure_ids}  # fmt: skip
    audit.record(actor=by, action="governance.consultation.recorded", obj=consultation, changes=changes)
    return consultation


def _kept_hidden_links(consultation: Consultation, by) -> tuple[set, set]:
    """The links of a consultation to proposals and measures the user may not see: a correction by someone who does
    not see them keeps them (nobody removes what they cannot open)."""
    proposals = set(consultation.proposals.values_list("pk", flat=True))
    measures = set(consultation.measures.values_list("pk", flat=True))
    proposals -= set(Proposal.objects.visible_to(by).filter(pk__in=proposals).values_list("pk", flat=True))
    measures -= set(Measure.objects.visible_to(by).filter(pk__in=measures).values_list("pk", flat=True))
    return proposals, measures


CONSULTATION_AUDITED = ["date", "method", "topic", "participants"]


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, data: Mapping, by, proposals: Iterable = (), measures: Iterable = ()
) -> Consultation:
    """Correct a consultation and its links (the office or the panel's coordinating organisation): the same checks
    as recording it; links the user cannot see are kept. Audited `governance.consultation.changed` with what
    changed (the findings' text by name only: it can be long)."""
    access.require(by, "change", consultation)
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    proposal_ids, measure_ids = _visible_links(by, proposals, measures)
    hidden_p, hidden_m = _kept_hidden_links(current, by)
    proposal_ids, measure_ids = sorted(set(proposal_ids) | hidden_p), sorted(set(measure_ids) | hidden_m)
    before = {**audit.snapshot(current, CONSULTATION_AUDITED),
              "proposals": sorted(current.proposals.values_list("pk", flat=True)),
              "measures": sorted(current.measures.values_list("pk", flat=True))}  # fmt: skip
    values = {k: v for k, v in _only(data, CONSULTATION_FIELDS).items() if k != "is_illustrative"}
    findings_changed = "findings" in values and values["findings"] != current.findings
    for name, value in values.items():
        setattr(current, name, value)
    _took_place(current)
    current.full_clean()
    current.save()
    current.proposals.set(proposal_ids)
    current.measures.set(measure_ids)
    after = {**audit.snapshot(current, CONSULTATION_AUDITED), "proposals": proposal_ids, "measures": measure_ids}
    changes = audit.diff(before, after)
    if findings_changed:
        changes["findings"] = "changed"
    if changes:
        audit.record(actor=by, action="governance.consultation.changed", obj=current, changes=changes)
    return current


@transaction.atomic
def consultation_delete(*, consultation: Consultation, by) -> None:
    """Delete a consultation recorded by mistake (the office or the panel's coordinating organisation), with its
    links to proposals and measures. Audited `governance.consultation.deleted` with what it was and what it
    informed; the history triggers keep the row's last state."""
    access.require(by, "delete", consultation)
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    changes = {**audit.snapshot(current, ["panel", *CONSULTATION_AUDITED]),
               "proposals": sorted(current.proposals.values_list("pk", flat=True)),
               "measures": sorted(current.measures.values_list("pk", flat=True))}  # fmt: skip
    audit.record(actor=by, action="governance.consultation.deleted", obj=current, changes=changes)
    current.delete()  # its link rows go with it


# ---- shared user journeys ---------------------------------------------------------------------------------------


def journey_save(*, data: Mapping, by, journey: UserJourney | None = None) -> UserJourney:
    """Create or change a user journey (the office), audited `governance.userjourney.created` / `.changed`."""
    values = _only(data, JOURNEY_FIELDS)
    return record_save(obj=journey or UserJourney(), data=values, by=by, action="governance.userjourney")


def _locked_journey(journey: UserJourney, by) -> UserJourney:
    access.require(by, "change", journey)
    return UserJourney.objects.select_for_update().get(pk=journey.pk)


@transaction.atomic
def step_add(*, journey: UserJourney, data: Mapping, by) -> JourneyStep:
    """Add a step at the end of the journey (as the user meets it), with the agency responsible for it."""
    journey = _locked_journey(journey, by)
    last = journey.steps.aggregate(last=Max("position"))["last"] or 0
    step = JourneyStep(journey=journey, position=last + 1, **_only(data, ["title", "description", "agency"]))
    step.full_clean()
    step.save()
    audit.record(
        actor=by,
        action="governance.userjourney.step_added",
        obj=journey,
        changes={"step": step.title, "position": step.position, "agency": step.agency},
    )
    return step


def _step_of(journey: UserJourney, step: JourneyStep) -> JourneyStep:
    current = JourneyStep.objects.select_for_update().filter(pk=step.pk, journey=journey).first()
    if current is None:
        raise ValidationError(_("The step belongs to another journey."))
    return current


@transaction.atomic
def step_update(*, journey: UserJourney, step: JourneyStep, data: Mapping, by) -> JourneyStep:
    """Change a step's title, description or responsible agency (the office). Audited on the journey:
    `governance.userjourney.step_changed` with what changed; nothing written when nothing changed."""
    journey = _locked_journey(journey, by)
    current = _step_of(journey, step)
    fields = ["title", "description", "agency"]
    before = audit.snapshot(current, fields)
    for name, value in _only(data, fields).items():
        setattr(current, name, value)
    current.full_clean()
    changes = audit.diff(before, audit.snapshot(current, fields))
    if changes:
        current.save()
        changes = {"step": current.pk, **changes}
        audit.record(actor=by, action="governance.userjourney.step_changed", obj=journey, changes=changes)
    return current


@transaction.atomic
def step_delete(*, journey: UserJourney, step: JourneyStep, by) -> None:
    """Delete a step (the office): its pain points go with it, unlinked from the proposals and measures that
    addressed them, and the later steps move up one place so the order has no hole. Audited on the journey:
    `governance.userjourney.step_deleted` with the step, its pain points and the links that were removed."""
    journey = _locked_journey(journey, by)
    current = _step_of(journey, step)
    points = [
        {
            "pain_point": point.pk,
            "description": point.description[:200],
            "proposals": sorted(p.pk for p in point.proposals.all()),
            "measures": sorted(m.pk for m in point.measures.all()),
        }
        for point in current.pain_points.prefetch_related("proposals", "measures").order_by("pk")
    ]
    position = current.position
    changes = {"step": current.title, "position": position, "agency": current.agency, "pain_points": points}
    audit.record(actor=by, action="governance.userjourney.step_deleted", obj=journey, changes=changes)
    for point in current.pain_points.all():
        point.proposals.clear()
        point.measures.clear()
    current.delete()  # its pain points with it
    for later in journey.steps.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])


@transaction.atomic
def pain_point_save(
    *,
    journey: UserJourney,
    data: Mapping,
    by,
    proposals: Iterable = (),
    measures: Iterable = (),
    pain_point: PainPoint | None = None,
) -> PainPoint:
    """Add a pain point to a step of the journey, or change one, with the proposals and measures that address it
    (each one the office may see). Audited on the journey: `governance.userjourney.pain_point_added` / `_changed`."""
    journey = _locked_journey(journey, by)
    proposal_ids, measure_ids = _visible_links(by, proposals, measures)
    values = _only(data, ["step", "description", "source"])
    step = values.get("step") or (pain_point.step if pain_point else None)
    if step is None or step.journey_id != journey.pk:
        raise ValidationError({"step": _("Choose a step of this journey.")})
    if pain_point is not None and pain_point.step.journey_id != journey.pk:
        raise ValidationError(_("The pain point belongs to another journey."))
    point = pain_point or PainPoint()
    for name, value in values.items():
        setattr(point, name, value)
    point.full_clean()
    point.save()
    point.proposals.set(proposal_ids)
    point.measures.set(measure_ids)
    audit.record(
        actor=by,
        action="governance.userjourney.pain_point_" + ("changed" if pain_point else "added"),
        obj=journey,
        changes={"pain_point": point.pk, "step": point.step.title, "proposals": proposal_ids, "measures": measure_ids},
    )
    return point
