from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    """Where a proposal is. The five steps are SUBMITTED (1) → HARMONISING (2) → ASSESSING (3) → DECIDING (4) →
    DECIDED (5, the learning loop); the others are off the main line (withdrawn, merged, not qualified, the shelf)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("1 Received")
    HARMONISING = "harmonising", _("2 Harmonise and qualify")
    ASSESSING = "assessing", _("3 Assess potential and complexity")
    DECIDING = "deciding", _("4 Decision and steering dialogue")
    DECIDED = "decided", _("5 Learning loop")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged")
    NOT_QUALIFIED = "not_qualified", _("Not qualified")
    DEFERRED = "deferred", _("Deferred")
    REJECTED = "rejected", _("Rejected")


STEP_OF_STATUS = {
    ProposalStatus.SUBMITTED: 1,
    ProposalStatus.HARMONISING: 2,
    ProposalStatus.ASSESSING: 3,
    ProposalStatus.DECIDING: 4,
    ProposalStatus.DECIDED: 5,
}


class ShelfReason(models.TextChoices):
    """Why a proposal was deferred or rejected (the shelf's reason code; the rationale says the rest)."""

    NO_FUNDING = "no_funding", _("No funding")
    OVERLAP = "overlap", _("Overlaps other work")
    NOT_MATURE = "not_mature", _("Not mature enough")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    OTHER = "other", _("Other reason")


class LateSubmissions(models.TextChoices):
    """What a call does with a draft submitted after its deadline."""

    REFUSE = "refuse", _("Refuse them")
    ACCEPT_MARKED = "accept_marked", _("Accept them, marked late for the office")


class Channel(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted by an agency")
    SOUGHT_OUT = "sought_out", _("Sought out by the portfolio office")
    RECEIVED = "received", _("Received from a partner, workshop or user panel")


class Origin(models.TextChoices):
    """Where the office found an opportunity it sought out or received (issue 23: seeking, not only receiving)."""

    INTERVIEW = "interview", _("Interviews")
    USER_PANEL = "user_panel", _("A user panel")
    FIELD_WORK = "field_work", _("Field work")
    LEARNING = "learning", _("Another measure's or life event's learning")
    BENEFIT_REVIEW = "benefit_review", _("A benefit review")
    OTHER = "other", _("Elsewhere")


class Qualification(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate of another proposal")
    EXTENDS = "extends", _("Extends an existing measure")
    COMPLEMENTS = "complements", _("Complements an existing measure")
    NEW_CANDIDATE = "new_candidate", _("New candidate")
    NOT_QUALIFIED = "not_qualified", _("Not qualified")


class MessageKind(models.TextChoices):
    QUESTION = "question", _("Question to the submitter")
    ANSWER = "answer", _("Answer")
    INTERNAL = "internal", _("Internal note (portfolio office only)")


class CriterionAxis(models.TextChoices):
    POTENTIAL = "potential", _("Innovation potential")
    COMPLEXITY = "complexity", _("Complexity")
    OTHER = "other", _("Other")


class MeasureKind(models.TextChoices):
    """The maturity ladder: experiment → demonstrator → national implementation; projects sit beside it."""

    EXPERIMENT = "experiment", _("Experiment")
    PROJECT = "project", _("Project")
    DEMONSTRATOR = "demonstrator", _("Demonstrator")
    NATIONAL = "national", _("National implementation")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class BuildingBlockStage(models.TextChoices):
    COLLECTION = "collection", _("Collection")
    EXPLORATION = "exploration", _("Exploration and enrichment")
    SANDBOX = "sandbox", _("Sandbox")
    LAUNCH = "launch", _("Launch")


class DependencyKind(models.TextChoices):
    DEPENDS_ON = "depends_on", _("Depends on")
    CONSTRAINS = "constrains", _("Constrains (føring)")
    OVERLAPS = "overlaps", _("Overlaps")
