"""Innovation proposals, calls for proposals, attachments, threaded messages and step transitions."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from core import access
from core.choices import label_of
from core.models import PortalModel
from lifeevents.models import ministry_life_events

from ..choices import (
    STEP_OF_STATUS,
    Channel,
    LateSubmissions,
    MessageKind,
    Origin,
    ProposalStatus,
    Qualification,
    ShelfReason,
)
from ..workflow import DECIDABLE, DRAFTS, SHELVED, STOPPED

SEARCH_CONFIG = "norwegian"  # PostgreSQL's text search configuration


def proposal_search_document() -> SearchVector:
    """The proposal list's search: title, need and solution (the column `Proposal.search_document`, which PostgreSQL
    keeps, and its GIN index `proposal_search_fts`)."""
    return SearchVector("title", "need", "solution", config=SEARCH_CONFIG)


def proposal_overlap_document() -> SearchVector:
    """The overlap suggestions of step 2: title and need (the GIN index `proposal_overlap_fts`)."""
    return SearchVector("title", "need", config=SEARCH_CONFIG)


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office and administrators: all. Agency staff: their organisation's proposals and those they review.
        Ministry officials: submitted proposals in the life events their ministry owns or takes part in."""
        return access.restrict(self, user, agency=_agency_proposals, ministry=_ministry_proposals)


def _agency_proposals(user) -> models.Q:
    from .scoring import ReviewAssignment  # scoring.py imports this module

    reviewing = ReviewAssignment.objects.active().filter(reviewer=user).values("proposal_id")  # not withdrawn ones
    return models.Q(organisation_id=user.organisation_id) | models.Q(pk__in=reviewing)


def _ministry_proposals(user) -> models.Q:
    in_scope = Proposal.life_events.through.objects.filter(lifeevent_id__in=ministry_life_events(user))
    return models.Q(pk__in=in_scope.values("proposal_id")) & ~models.Q(status__in=DRAFTS)


class CallForProposalsQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Calls are the office's published questions: every signed-in user may read them.
        return access.restrict(self, user, public=True)

    def open(self, today=None):
        """Calls that take proposals today: opened, deadline not passed, not closed early (see `is_open`)."""
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.filter(closed_at__isnull=True, opens_at__lte=today, deadline__gte=today)


class CallForProposals(PortalModel):
    """The office asks for proposals on a question, for a life event or mission, by a deadline."""

    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    life_event = models.ForeignKey(
        "lifeevents.LifeEvent", verbose_name=_("life event"), null=True, blank=True, on_delete=models.PROTECT
    )
    mission = models.ForeignKey(
        "portfolio.Mission", verbose_name=_("mission"), null=True, blank=True, on_delete=models.PROTECT
    )
    opens_at = models.DateField(_("opens"))
    deadline = models.DateField(_("deadline"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    late_submissions = models.CharField(
        _("late submissions"),
        max_length=20,
        choices=LateSubmissions.choices,
        default=LateSubmissions.REFUSE,
        help_text=_("What happens to a draft answering this call that is submitted after the deadline."),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CallForProposalsQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_at")), name="call_deadline_after_open"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """The same rule as `CallForProposals.objects.open()`, for one loaded call."""
        from django.utils import timezone

        today = timezone.localdate()
        return self.closed_at is None and self.opens_at <= today <= self.deadline


class Proposal(PortalModel):
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("the need, seen from the user's side"))
    solution = models.TextField(_("proposed solution"), blank=True)
    expected_benefits = models.TextField(_("expected benefits"), blank=True)
    beneficiaries = models.TextField(_("who gets the benefits"), blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost (NOK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.SUBMITTED)
    origin = models.CharField(_("where it was found"), max_length=20, choices=Origin.choices, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("proposing organisation"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="proposals"
    )
    partners = models.ManyToManyField(
        "core.Organisation", verbose_name=_("partner organisations"), blank=True, related_name="partner_proposals"
    )
    life_events = models.ManyToManyField(
        "lifeevents.LifeEvent", verbose_name=_("life events"), related_name="proposals"
    )
    missions = models.ManyToManyField(
        "portfolio.Mission", verbose_name=_("missions"), blank=True, related_name="proposals"
    )
    call = models.ForeignKey(
        CallForProposals,
        verbose_name=_("call for proposals"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField(_("in this status since"), auto_now_add=True)
    qualification = models.CharField(_("qualification"), max_length=20, choices=Qualification.choices, blank=True)
    qualification_reason = models.TextField(_("reason"), blank=True)
    shelf_reason = models.CharField(
        _("reason code"), max_length=20, choices=ShelfReason.choices, blank=True, help_text=_("Why it is on the shelf.")
    )
    submitted_late = models.BooleanField(_("submitted after the call's deadline"), default=False)
    awaiting_answer_since = models.DateTimeField(_("waiting for the submitter's answer since"), null=True, blank=True)
    related_measure = models.ForeignKey(
        "portfolio.Measure",
        verbose_name=_("related measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="related_proposals",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    # What a merge added to the target (pks of partners, life events, missions it did not have): an undone merge
    # takes exactly these back out. Empty when not merged.
    merge_added = models.JSONField(default=dict, blank=True, editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilitated_proposals",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("The id in the system it was imported from."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The list's search document, stored by PostgreSQL on every write (a generated column) and searched through its
    # GIN index: a filter on it is cheap enough for the planner to check row by row in the list's order, where
    # to_tsvector over the texts of every row walked past is not. Only filtered on, never shown.
    search_document = models.GeneratedField(
        expression=proposal_search_document(), output_field=SearchVectorField(), db_persist=True
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            # The list's default order and its paging
            models.Index(fields=["-created_at", "-id"], name="proposal_created_pk"),
            # Django's icontains on the title (the admin's search), through pg_trgm
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="proposal_title_upper_trgm"),
            # Full text: the list's search and the overlap suggestions (the queries use the same functions)
            GinIndex(fields=["search_document"], name="proposal_search_fts"),
            GinIndex(proposal_overlap_document(), name="proposal_overlap_fts"),
            # The newest moved of a step, read from the index alone (board, assessment matrix)
            models.Index(fields=["status", "-status_changed_at", "-id"], name="proposal_status_moved"),
            # The shelf: the newest shelved, across its three statuses, without sorting them all
            models.Index(
                fields=["-status_changed_at", "-id"],
                name="proposal_shelf",
                condition=models.Q(status__in=SHELVED),
            ),  # fmt: skip
            # The assessment matrix: the newest moved on the table (steps 3 and 4), read in order until it has enough
            models.Index(
                fields=["-status_changed_at", "-id"],
                name="proposal_decidable",
                condition=models.Q(status__in=DECIDABLE),
            ),  # fmt: skip
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_cost__isnull=True) | models.Q(estimated_cost__gte=0),
                name="proposal_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="proposal_not_merged_into_self"
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~models.Q(external_id=""), name="proposal_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def step(self) -> int | None:
        return STEP_OF_STATUS.get(self.status)

    @property
    def status_tone(self) -> str:
        """The colour of the status tag: a draft is neutral, a stopped proposal a warning (portfolio.workflow)."""
        if self.status == ProposalStatus.DRAFT:
            return "neutral"
        return "warning" if self.status in STOPPED else "info"

    def get_status_display(self):
        return label_of(ProposalStatus, self.status)

    def get_shelf_reason_display(self):
        return label_of(ShelfReason, self.shelf_reason)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:proposal_detail", kwargs={"pk": self.pk})


def attachment_path(instance, filename: str) -> str:
    # Stored under MEDIA_ROOT (outside the web root) with a random name; served only through a checked view.
    import uuid

    return f"attachments/{instance.proposal_id}/{uuid.uuid4().hex}"


class Attachment(PortalModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Message(PortalModel):
    """Threaded questions and answers between the office and the submitter, and the office's internal notes."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="messages")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies")
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.body[:80]


class Transition(PortalModel):
    """Who moved a proposal from one status to another, when and why (the timeline and the board's ageing)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    to_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
