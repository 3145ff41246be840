from django.db import models
from django.utils.translation import gettext_lazy as _


class MentionValue(models.TextChoices):
    """How an allocation letter speaks of a life event (DFØ's Table 3)."""

    MENTIONED = "mentioned", _("Mentioned")
    ASSIGNMENT = "assignment", _("Assignment")
    NOTICE = "notice", _("Notice of assignment")
    NO = "no", _("Not mentioned")
    NO_RELATED = "no_related", _("Not mentioned, but related work is (Nei)*")


class FundingSourceKind(models.TextChoices):
    STIMULAB = "stimulab", _("StimuLab")
    COFUNDING = "cofunding", _("Co-funding scheme (Medfinansieringsordningen)")
    ALLOCATION = "allocation", _("Operating funds in the allocation letter")
    EXTRA_APPROPRIATION = "extra", _("Extra appropriation from the Storting")
    OWN_BUDGET = "own", _("Own budget")
    OTHER = "other", _("Other")


class FundingStatus(models.TextChoices):
    NONE = "none", _("None")
    PARTIAL = "partial", _("Partial")
    FULL = "full", _("Full")
    APPLIED = "applied", _("Applied for")


class BodyKind(models.TextChoices):
    PORTFOLIO_OFFICE = "portfolio_office", _("Portfolio office")
    CORE_GROUP = "core_group", _("Core group")
    CROSS_MINISTERIAL = "cross_ministerial", _("Cross-ministerial group")
    STEERING_GROUP = "steering_group", _("Steering group")
    MISSION_PLATFORM = "mission_platform", _("Mission platform")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CHAIR = "chair", _("Chair")
    ORCHESTRATOR = "orchestrator", _("Orchestrator")
    SECRETARIAT = "secretariat", _("Secretariat")


class DecisionOutcome(models.TextChoices):
    START_EXPERIMENT = "start_experiment", _("Start as an experiment")
    ADD_MEASURE = "add_measure", _("Add to the portfolio as a measure")
    MERGE = "merge", _("Merge")
    DEFER = "defer", _("Defer")
    REJECT = "reject", _("Reject")
    ESCALATE = "escalate", _("Escalate to the ministries")
    CHANGE_MEASURE = "change_measure", _("Change the measure")
    OTHER = "other", _("Other decision")


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AWAITING_STEERING = "awaiting", _("Awaiting the steering dialogue")
    SUPERSEDED = "superseded", _("Superseded")


class SteeringResponseKind(models.TextChoices):
    """A ministry's answer to an escalated decision in its steering dialogue."""

    ACCEPTED = "accepted", _("Accepted into the allocation letter")
    DECLINED = "declined", _("Declined")
    MORE_INFORMATION = "more_info", _("Needs more information")
