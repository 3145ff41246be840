"""Step 1, intake (lytte, oppsøke eller motta): register a proposal as a draft or submit it, edit it with
optimistic locking, submit, withdraw. Attachments, calls for proposals and the edit conflicts (three-way merge) live
in `attachments.py`, `calls.py` and `edit_conflicts.py` and are re-exported here, so the intake area has one entry
point.

Every status change goes through `transitions.proposal_transition`; access is checked here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, audit, recipients
from core.notifications import NotificationKind, notify

from ..choices import Channel, Origin
from ..choices import ProposalStatus as S
from ..models import Proposal
from .attachments import attachment_add, attachment_remove, check_upload  # noqa: F401 (the area's entry point)
from .call_intake import call_answer_problems, call_answers_save
from .calls import call_close, call_create, call_update, late_submission  # noqa: F401
from .edit_conflicts import (  # noqa: F401 (the area's entry point: forms, the API and the import read them here)
    EDIT_FIELDS,
    M2M_FIELDS,
    TEXT_FIELDS,
    Conflict,
    changed_since,
    comparable,
    proposal_values,
    snapshot,
    three_way_merge,
)
from .transitions import proposal_transition

OFFICE_CHANNELS = (Channel.SOUGHT_OUT, Channel.RECEIVED)

# What a draft may lack but a submitted proposal must have (the model already requires title, need, life events).
SUBMIT_REQUIRED = {
    "solution": _("Describe the proposed solution before you submit."),
    "expected_benefits": _("Describe the expected benefits before you submit."),
    "beneficiaries": _("Say who gets the benefits before you submit."),
}


# ---- rules ----------------------------------------------------------------------------------------------------


def submit_problems(values: Mapping) -> dict[str, str]:
    """What is missing before a proposal can be submitted, as {field: message}; `values` is a form's cleaned data
    or `proposal_values(proposal)`. The one place of this rule: the form and the services both ask it."""
    problems = {f: str(msg) for f, msg in SUBMIT_REQUIRED.items() if not str(values.get(f) or "").strip()}
    if not values.get("title") or not str(values["title"]).strip():
        problems["title"] = str(_("Give the proposal a title."))
    if not values.get("need") or not str(values["need"]).strip():
        problems["need"] = str(_("Describe the need, seen from the user's side."))
    if not values.get("life_events"):
        problems["life_events"] = str(_("Choose at least one life event."))
    return problems


def may_register(user) -> bool:
    """Agency staff register proposals for their own organisation; the office for any organisation."""
    return access.can(user, "create", Proposal)


def _check(proposal: Proposal, data: Mapping, *, previous_call_id=None) -> None:
    """The rules of a proposal's content beyond the single fields (the model validates those)."""
    errors = {}
    partners = data.get("partners") or []
    if any(p.pk == proposal.organisation_id for p in partners):
        errors["partners"] = _("The proposing organisation cannot also be one of its partners.")
    call = data.get("call")
    if call is not None and call.pk != previous_call_id and not call.is_open:
        errors["call"] = _("The call “%(call)s” does not take proposals now. Choose an open call, or none.") % {
            "call": call
        }
    if not data.get("life_events"):
        errors["life_events"] = _("Choose at least one life event.")
    try:
        proposal.full_clean(exclude=["organisation", "created_by", "call", "related_measure", "merged_into"])
    except ValidationError as e:
        for field, messages in e.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


def _apply(proposal: Proposal, data: Mapping, by) -> None:
    for field in TEXT_FIELDS:
        if field in data:
            value = data[field]
            setattr(proposal, field, value if field in ("estimated_cost", "call") else (value or "").strip())
    if access.can(by, "register_on_behalf", Proposal) and data.get("channel"):
        if data["channel"] not in OFFICE_CHANNELS:
            raise ValidationError({"channel": _("The office registers proposals it sought out or received.")})
        proposal.channel = data["channel"]
    if access.can(by, "register_on_behalf", Proposal) and "origin" in data:
        if data["origin"] and data["origin"] not in Origin.values:
            raise ValidationError({"origin": _("Choose where the opportunity was found.")})
        # where it was found belongs to what the office sought out or received; an agency's own proposal has none
        proposal.origin = (data["origin"] or "") if proposal.channel in OFFICE_CHANNELS else ""


def _set_m2m(proposal: Proposal, data: Mapping) -> None:
    for field in M2M_FIELDS:
        if field in data:
            getattr(proposal, field).set(data[field] or [])


# ---- services -------------------------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, data: Mapping, by, submit: bool = False) -> Proposal:
    """Register a proposal as a draft (or submit it at once). Agency staff register for their own organisation
    (channel "submitted"); the office registers on behalf of an organisation (`data["organisation"]`), with the
    channel it came through (sought out or received)."""
    if access.can(by, "register_on_behalf", Proposal):
        organisation = data.get("organisation")
        if organisation is None:
            raise ValidationError({"organisation": _("Choose the organisation the proposal comes from.")})
        channel = data.get("channel") or Channel.SOUGHT_OUT
    else:
        organisation, channel = by.organisation, Channel.SUBMITTED
    proposal = Proposal(organisation=organisation, channel=channel, created_by=by, status=S.DRAFT)
    access.require(by, "create", proposal)  # a draft for this organisation
    _apply(proposal, data, by)
    _check(proposal, data)
    proposal.save()
    _set_m2m(proposal, data)
    audit.record(actor=by, action="portfolio.proposal.created", obj=proposal, changes=snapshot(proposal))
    call_answers_save(proposal=proposal, answers=data.get("call_answers") or {}, by=by)
    if submit:
        _submit(proposal, by)
    return proposal


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, data: Mapping, version: int, by, submit: bool = False, base: Mapping | None = None
) -> Proposal:
    """Save an edit (and, with `submit`, submit the draft in the same transaction). `version` is the proposal's
    version when the form was loaded, `base` its values then (`comparable`). If someone saved in between, only the
    fields this user changed are applied over theirs (`three_way_merge`); a field both changed differently stops
    the save with `Conflict`, as does a stale edit without `base`. A save that changes nothing changes nothing."""
    access.require(by, "change", proposal)
    current = _lock(proposal)
    access.require(by, "change", current)  # it may have been submitted or withdrawn meanwhile
    access.check_state("change", current)  # decided or shelved: no longer edited, whoever asks
    if current.version != version and base is not None:
        data, version = three_way_merge(current, data, base, version), current.version
    if current.version != version:
        changes, people = changed_since(current, version)
        raise Conflict(
            _(
                "Someone else saved this proposal while you were editing it. Their version is shown below; your "
                "changes are still in the form and nothing was saved. Save again to replace theirs."
            ),
            current=current,
            changes=changes,
            by=people,
        )
    before, previous_call_id = snapshot(current), current.call_id
    _apply(current, data, by)
    _check(current, data, previous_call_id=previous_call_id)
    current.save(update_fields=[*TEXT_FIELDS, "channel", "updated_at"])
    _set_m2m(current, data)
    call_answers_save(proposal=current, answers=data.get("call_answers") or {}, by=by)
    if current.status != S.DRAFT:  # once submitted, the content must stay complete (raising rolls it all back)
        problems = submit_problems(proposal_values(current))
        if problems:
            raise ValidationError(problems)
    changes = audit.diff(before, snapshot(current))
    if changes:
        current.version += 1
        current.save(update_fields=["version"])
        changes["version"] = [version, current.version]
        audit.record(actor=by, action="portfolio.proposal.changed", obj=current, changes=changes)
    if submit:
        access.require(by, "submit", current)
        if current.status != S.DRAFT:
            raise ValidationError(_("Only a draft can be submitted; this proposal has already been sent."))
        _submit(current, by)
    return current


def _submit(proposal: Proposal, by) -> None:
    problems = submit_problems(proposal_values(proposal)) | call_answer_problems(proposal)
    if problems:
        raise ValidationError(problems)
    if late_submission(proposal):  # refuses, with the reason, when the call takes no late proposals
        proposal.submitted_late = True
        proposal.save(update_fields=["submitted_late", "updated_at"])
        audit.record(
            actor=by, action="portfolio.proposal.submitted_late", obj=proposal, changes={"submitted_late": True}
        )
    proposal_transition(proposal=proposal, to=S.SUBMITTED, by=by)
    transaction.on_commit(partial(send_submitted_mail, proposal.pk))


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by) -> Proposal:
    """draft → submitted (step 1, received), when the content is complete; the office is told by e-mail."""
    access.require(by, "submit", proposal)
    current = _lock(proposal)
    access.require(by, "submit", current)
    if current.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be submitted; this proposal has already been sent."), code="sent")
    _submit(current, by)
    return current


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, reason: str, by) -> Proposal:
    """The proposing organisation (or the office) withdraws a proposal, with a reason. It is never deleted: it stays
    readable, with its timeline, as a withdrawn proposal."""
    access.require(by, "withdraw", proposal)
    current = _lock(proposal)
    access.require(by, "withdraw", current)
    proposal_transition(proposal=current, to=S.WITHDRAWN, by=by, reason=reason)
    return current


# ---- e-mail ---------------------------------------------------------------------------------------------------


def send_submitted_mail(proposal_pk: int) -> None:
    """Tell the portfolio office that a proposal was submitted (one message per person, in the site's language)."""
    proposal = Proposal.objects.select_related("organisation", "call", "created_by").get(pk=proposal_pk)
    submitter = proposal.transitions.filter(to_status=S.SUBMITTED).select_related("by").last()
    to = recipients.office_staff(proposal, exclude=submitter.by if submitter else None)
    if not to:
        return
    path = reverse("portfolio:proposal_detail", kwargs={"pk": proposal.pk})
    url = settings.SITE_URL + path
    with translation.override(settings.LANGUAGE_CODE):
        params = {"title": proposal.title, "organisation": proposal.organisation, "url": url}
        subject = gettext("New proposal: “%(title)s” from %(organisation)s") % params
        body = gettext("%(organisation)s has submitted the proposal “%(title)s”.") % params
        if proposal.call_id:
            body += "\n" + gettext("It answers the call for proposals “%(call)s”.") % {"call": proposal.call}
        body += "\n\n" + proposal.need[:1000] + "\n\n" + gettext("Take it into triage here: %(url)s") % params
    notify(users=to, kind=NotificationKind.NEW_PROPOSAL, subject=subject, body=body, url=path)
