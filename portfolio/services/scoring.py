"""Step 3, assess: the office's rubric, reviewer assignments and blind scores with optimistic locking.

Who may see other reviewers' scores is one rule in `core/access.py` ("see_scores"); the reads are in
`portfolio/queries/scoring.py`.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, audit, recipients
from core.models import Role
from core.notifications import NotificationKind, notify

from ..choices import ProposalStatus
from ..models import Criterion, Proposal, ReviewAssignment, Score
from ..rubric import DEFAULT_CRITERIA

CRITERION_FIELDS = ["name", "description", "axis", "weight", *[f"descriptor_{i}" for i in range(1, 6)]]
CRITERION_FIELDS += ["sort_order", "is_active"]
REVIEWER_ROLES = (Role.PORTFOLIO_OFFICE, Role.AGENCY_STAFF)


class Conflict(ValidationError):
    """Someone else saved the same object since it was loaded; `current` is the object as it is now."""

    def __init__(self, message, *, current):
        super().__init__(message, code="conflict")
        self.current = current


# ---- the rubric -------------------------------------------------------------------------------------------


def default_criteria() -> list[dict]:
    """The standard rubric as Criterion field values. The data is `portfolio/rubric.py` (in Norwegian like the rest
    of the reference data); this is the one way code reads it."""
    return [
        {
            "name": name,
            "axis": axis,
            "weight": weight,
            "description": description,
            "sort_order": order,
            **{f"descriptor_{i}": text for i, text in enumerate(descriptors, start=1)},
        }
        for order, (name, axis, weight, description, descriptors) in enumerate(DEFAULT_CRITERIA, start=1)
    ]


@transaction.atomic
def rubric_install_defaults(*, by=None) -> list[Criterion]:
    """Create the standard criteria that do not exist yet (idempotent); `by` is None for the demo loader."""
    criteria = []
    for data in default_criteria():
        criterion, created = Criterion.objects.get_or_create(name=data["name"], defaults=data)
        if created:
            audit.record(actor=by, action="portfolio.criterion.created", obj=criterion, changes=data)
        criteria.append(criterion)
    return criteria


@transaction.atomic
def criterion_create(*, data: dict, by) -> Criterion:
    access.require(by, "create", Criterion)
    criterion = Criterion(**{k: v for k, v in data.items() if k in CRITERION_FIELDS})
    criterion.full_clean()
    criterion.save()
    audit.record(
        actor=by,
        action="portfolio.criterion.created",
        obj=criterion,
        changes=audit.snapshot(criterion, CRITERION_FIELDS),
    )
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, data: dict, version: int, by) -> Criterion:
    """Edit a criterion; retiring it is `is_active=False` (criteria are never deleted, scores keep theirs)."""
    access.require(by, "change", criterion)
    current = Criterion.objects.select_for_update().get(pk=criterion.pk)
    if current.version != version:
        raise Conflict(
            _(
                "Someone else changed this criterion while you were editing it. Their version is shown; your "
                "changes are still in the form: save again to replace theirs."
            ),
            current=current,
        )
    before = audit.snapshot(current, CRITERION_FIELDS)
    for key in CRITERION_FIELDS:
        if key in data:
            setattr(current, key, data[key])
    current.full_clean()
    current.version += 1
    current.save(update_fields=[*CRITERION_FIELDS, "version"])
    audit.record(
        actor=by,
        action="portfolio.criterion.changed",
        obj=current,
        changes=audit.diff(before, audit.snapshot(current, CRITERION_FIELDS)),
    )
    return current


# ---- reviewers --------------------------------------------------------------------------------------------


@transaction.atomic
def reviewer_assign(*, proposal: Proposal, reviewer, due_date=None, by) -> ReviewAssignment:
    """The office invites a reviewer (an office member or an invited user, never from the proposing organisation)
    to a proposal in step 3; the reviewer gets an e-mail when the assignment is committed."""
    access.require(by, "assign_reviewer", proposal)
    if proposal.status != ProposalStatus.ASSESSING:
        raise ValidationError(_("Reviewers can only be assigned while the proposal is in step 3, assessment."))
    if not reviewer.is_active or reviewer.role not in REVIEWER_ROLES:
        raise ValidationError({"reviewer": _("Only portfolio office members and agency staff can review proposals.")})
    if reviewer.organisation_id is not None and reviewer.organisation_id == proposal.organisation_id:
        raise ValidationError({"reviewer": _("A reviewer cannot come from the organisation that made the proposal.")})
    if due_date and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})
    assignment = ReviewAssignment.objects.select_for_update().filter(proposal=proposal, reviewer=reviewer).first()
    if assignment is not None and assignment.withdrawn_at is None:
        raise ValidationError({"reviewer": _("%(name)s is already a reviewer of this proposal.") % {"name": reviewer}})
    if assignment is None:
        assignment = ReviewAssignment.objects.create(
            proposal=proposal, reviewer=reviewer, assigned_by=by, due_date=due_date
        )
    else:  # invited again after a withdrawal: scores kept, to be submitted again
        assignment.withdrawn_at, assignment.submitted_at, assignment.due_date = None, None, due_date
        assignment.assigned_by, assignment.reminded_at = by, None
        assignment.save(update_fields=["withdrawn_at", "submitted_at", "due_date", "assigned_by", "reminded_at"])
    audit.record(
        actor=by,
        action="portfolio.reviewer.assigned",
        obj=proposal,
        changes={"reviewer": [None, str(reviewer)], "due_date": [None, due_date]},
    )
    transaction.on_commit(partial(_send_review_mail, assignment.pk, "assigned"))
    return assignment


@transaction.atomic
def reviewer_withdraw(*, assignment: ReviewAssignment, reason: str = "", by) -> ReviewAssignment:
    access.require(by, "withdraw", assignment)
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.withdrawn_at is not None:
        raise ValidationError(_("This reviewer has already been withdrawn."))
    assignment.withdrawn_at = timezone.now()
    assignment.save(update_fields=["withdrawn_at"])
    audit.record(
        actor=by,
        action="portfolio.reviewer.withdrawn",
        obj=assignment.proposal,
        changes={"reviewer": [str(assignment.reviewer), None]},
        note=reason,
    )
    return assignment


@transaction.atomic
def review_remind(*, assignment: ReviewAssignment) -> bool:
    """Send the "review falls due" e-mail once per assignment (the reminder task calls this); False if not due."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.reminded_at or assignment.submitted_at or assignment.withdrawn_at:
        return False
    assignment.reminded_at = timezone.now()
    assignment.save(update_fields=["reminded_at"])
    audit.record(
        actor=None, action="portfolio.reviewer.reminded", obj=assignment, changes={"due_date": assignment.due_date}
    )
    transaction.on_commit(partial(_send_review_mail, assignment.pk, "due"))
    return True


def _send_review_mail(assignment_pk: int, kind: str) -> None:
    assignment = ReviewAssignment.objects.select_related("proposal", "reviewer").get(pk=assignment_pk)
    path = reverse("portfolio:proposal_scoring", kwargs={"pk": assignment.proposal_id})
    url = settings.SITE_URL + path
    with translation.override(settings.LANGUAGE_CODE):
        due = date_format(assignment.due_date, "SHORT_DATE_FORMAT") if assignment.due_date else "—"
        params = {"title": assignment.proposal.title, "url": url, "due": due}
        if kind == "assigned":
            subject = gettext("You are asked to assess “%(title)s”") % params
            body = (
                gettext(
                    "You have been asked to assess the proposal “%(title)s”.\nDue: %(due)s\n\nScore it here: %(url)s"
                )
                % params
            )
        else:
            subject = gettext("Your assessment of “%(title)s” falls due") % params
            body = (
                gettext("Your assessment of the proposal “%(title)s” is due %(due)s.\n\nScore it here: %(url)s")
                % params
            )
    notify(users=recipients.reviewer_of(assignment), kind=NotificationKind.REVIEW, subject=subject, body=body, url=path)


# ---- scores -----------------------------------------------------------------------------------------------


def _lock_own_assignment(assignment: ReviewAssignment, by) -> ReviewAssignment:
    access.require(by, "score", assignment.proposal)
    if assignment.reviewer_id != by.pk:
        raise PermissionDenied
    locked = ReviewAssignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    if locked.submitted_at is not None:
        raise ValidationError(_("You have submitted your assessment; the scores can no longer be changed."))
    if locked.proposal.status != ProposalStatus.ASSESSING:
        raise ValidationError(_("The proposal is no longer being assessed."))
    return locked


@transaction.atomic
def score_save(
    *, assignment: ReviewAssignment, criterion: Criterion, value: int, comment: str = "", version: int, by
) -> Score:
    """Save one score. `version` is the score's version when the form was loaded (0 for a new one); when someone
    saved it in between, `Conflict` carries their score and nothing is overwritten."""
    assignment = _lock_own_assignment(assignment, by)
    if not criterion.is_active:
        raise ValidationError(_("This criterion is no longer in use."))
    if criterion.call_id not in (None, assignment.proposal.call_id):
        raise ValidationError(_("This criterion belongs to another call's rubric."))
    if value not in range(1, 6):
        raise ValidationError({"value": _("Choose a score from 1 to 5.")})
    score = Score.objects.filter(assignment=assignment, criterion=criterion).first()
    if (score.version if score else 0) != version:
        raise Conflict(
            _(
                "This score was saved in another window or by someone else since you opened the page. "
                "The saved score is shown below; choose again to replace it."
            ),
            current=score,
        )
    before = audit.snapshot(score, ["value", "comment"]) if score else {}
    if score is None:
        score = Score.objects.create(assignment=assignment, criterion=criterion, value=value, comment=comment)
    else:
        score.value, score.comment, score.version = value, comment, score.version + 1
        score.save(update_fields=["value", "comment", "version", "updated_at"])
    audit.record(
        actor=by,
        action="portfolio.score.saved",
        obj=score,
        changes=audit.diff(before, {"value": value, "comment": comment}),
    )
    return score


@transaction.atomic
def score_submit(*, assignment: ReviewAssignment, by, scores=()) -> ReviewAssignment:
    """Submit the assessment: every criterion in use must have a score; the scores are then locked. `scores` are
    the choices sent with the submit, [(criterion, {"value", "comment", "version"}), …]: they are saved first, in
    the same transaction, so a reviewer who ticked every score and pressed Submit loses nothing; if one cannot be
    saved or a criterion is still missing, nothing is saved or submitted."""
    for criterion, data in scores:
        score_save(assignment=assignment, criterion=criterion, by=by, **data)
    assignment = _lock_own_assignment(assignment, by)
    missing = Criterion.objects.active().for_call(assignment.proposal.call_id).exclude(scores__assignment=assignment)
    if missing.exists():
        names = ", ".join(c.name for c in missing)
        raise ValidationError(_("Score every criterion before you submit. Missing: %(names)s.") % {"names": names})
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["submitted_at"])
    audit.record(actor=by, action="portfolio.review.submitted", obj=assignment.proposal, changes={"reviewer": str(by)})
    return assignment
