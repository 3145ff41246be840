"""The office's editable rubric, reviewer assignments and blind scores (step 3)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel

from ..choices import CriterionAxis


class CriterionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def standard(self):
        """The office's rubric for every proposal (not a call's own criteria)."""
        return self.filter(call__isnull=True)

    def for_call(self, call_id):
        """The criteria a proposal is scored against: the standard rubric and its call's own criteria."""
        return self.filter(models.Q(call__isnull=True) | models.Q(call_id=call_id)) if call_id else self.standard()

    def visible_to(self, user):
        # The rubric is open to every signed-in user: submitters may know how proposals are assessed.
        return access.restrict(self, user, public=True)


def _own(user) -> models.Q:
    return models.Q(reviewer=user)


class ReviewAssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def visible_to(self, user):
        """The office sees every assignment; a reviewer sees their own."""
        return access.restrict(self, user, agency=_own, ministry=_own)


class Criterion(PortalModel):
    """A rubric criterion with a weight and a descriptor for each score 1–5; retired, never deleted."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    axis = models.CharField(_("axis"), max_length=12, choices=CriterionAxis.choices, default=CriterionAxis.POTENTIAL)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    descriptor_1 = models.CharField(_("1 means"), max_length=300, blank=True)
    descriptor_2 = models.CharField(_("2 means"), max_length=300, blank=True)
    descriptor_3 = models.CharField(_("3 means"), max_length=300, blank=True)
    descriptor_4 = models.CharField(_("4 means"), max_length=300, blank=True)
    descriptor_5 = models.CharField(_("5 means"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1)
    call = models.ForeignKey(
        "portfolio.CallForProposals",
        verbose_name=_("call for proposals"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria",
        help_text=_("Empty: the standard rubric. Set: a criterion of this call's proposals only."),
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=10), name="criterion_weight_1_10")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def descriptors(self) -> list[tuple[int, str]]:
        return [(i, getattr(self, f"descriptor_{i}")) for i in range(1, 6)]


class ReviewAssignment(PortalModel):
    """A reviewer invited to score a proposal. Scores stay hidden from other reviewers until each has submitted."""

    proposal = models.ForeignKey("portfolio.Proposal", on_delete=models.PROTECT, related_name="review_assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = ReviewAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="reviewassignment_unique")]
        indexes = [  # "has a submitted review" (the assessment matrix), probed once per proposal on the table
            models.Index(
                fields=["proposal"],
                name="assignment_submitted",
                condition=models.Q(submitted_at__isnull=False, withdrawn_at__isnull=True),
            ),  # fmt: skip
            # "a review still to submit" (the reveal rule, `rules.see_scores_filter`, of the matrix's rows): the few
            # pending assignments, not a scan of every assignment to find them
            models.Index(
                fields=["proposal"],
                name="assignment_pending",
                condition=models.Q(submitted_at__isnull=True, withdrawn_at__isnull=True),
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal}"


class Score(PortalModel):
    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="score_value_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
