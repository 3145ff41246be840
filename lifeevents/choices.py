from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    START = "start", _("Start together")
    SHAPE = "shape", _("Shape together")
    DELIVER = "deliver", _("Deliver together")


class ParticipationRole(models.TextChoices):
    OWNER_MINISTRY = "owner_ministry", _("Owner ministry")
    EXECUTING_AGENCY = "executing_agency", _("Executing agency")
    COLLABORATOR = "collaborator", _("Collaborating actor")


class Involvement(models.TextChoices):
    INFORMED = "informed", _("Informed")
    CONSULTED = "consulted", _("Consulted")
    INVOLVED = "involved", _("Involved in the work")
    CO_OWNER = "co_owner", _("Co-owner")


class FundingCoverage(models.TextChoices):
    """Is the work on the life event as a whole funded? (DFØ's Table 4: Nei / Delvis / Ja)."""

    UNKNOWN = "", _("Not stated")
    NONE = "none", _("No")
    PARTIAL = "partial", _("Partly")
    FULL = "full", _("Yes")


class PlanningMode(models.TextChoices):
    """How a life event plans its work: a classic roadmap, or in generations (governance/generation_models.py)."""

    ROADMAP = "roadmap", _("Roadmap")
    GENERATIONS = "generations", _("Generations")
