"""The office's quality check of a mission against the five criteria of Digdir's case «Missions i livshendelsene»
(Stimulab): each criterion judged met, partly met or not met with a note, and the mission's scope judged too broad,
right or too narrow («En mission-formulering kan fort bli alt for overordnet, eller alt for smått/detaljert»).
A review is never edited: a new review is a new row, so the mission page shows the latest and the history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel

from .missions import Mission


class Judgement(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class MissionScope(models.TextChoices):
    TOO_BROAD = "too_broad", _("Too broad")
    RIGHT = "right", _("About right")
    TOO_NARROW = "too_narrow", _("Too narrow")


# The five criteria, in the case's order: (field prefix, name, what the office asks).
CRITERIA = [
    ("bold", _("Bold and inspiring"), _("Bold and inspiring, with wide relevance to society.")),
    ("direction", _("A clear direction"), _("Targeted, measurable and time-bound.")),
    ("realistic", _("Ambitious but realistic"), _("Ambitious, yet possible to reach.")),
    ("across", _("Across disciplines, sectors and actors"), _("Needs many disciplines, sectors and actors.")),
    ("bottom_up", _("Open to many solutions"), _("Open to many bottom-up solutions.")),
]


class MissionReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Whoever may see the mission may read its reviews: missions are readable by every signed-in user.
        return self.filter(mission__in=Mission.objects.visible_to(user))


def _judgement(label):
    return models.CharField(label, max_length=10, choices=Judgement.choices)


def _note(label):
    return models.TextField(label, blank=True)


class MissionReview(PortalModel):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)
    bold = _judgement(_("Bold and inspiring"))
    bold_note = _note(_("Note on bold and inspiring"))
    direction = _judgement(_("A clear direction"))
    direction_note = _note(_("Note on a clear direction"))
    realistic = _judgement(_("Ambitious but realistic"))
    realistic_note = _note(_("Note on ambitious but realistic"))
    across = _judgement(_("Across disciplines, sectors and actors"))
    across_note = _note(_("Note on across disciplines, sectors and actors"))
    bottom_up = _judgement(_("Open to many solutions"))
    bottom_up_note = _note(_("Note on open to many solutions"))
    scope = models.CharField(_("scope"), max_length=10, choices=MissionScope.choices)
    summary = models.TextField(_("summary"), blank=True)

    objects = MissionReviewQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "-reviewed_at", "-pk"]
        verbose_name = _("mission review")
        verbose_name_plural = _("mission reviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=["too_broad", "right", "too_narrow"]), name="missionreview_scope_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission}: {self.reviewed_at:%Y-%m-%d}" if self.reviewed_at else str(self.mission)

    def judgements(self) -> list[dict]:
        """The five criteria with this review's judgement and note, in the case's order."""
        return [
            {
                "key": key,
                "name": name,
                "question": question,
                "judgement": getattr(self, key),
                "display": getattr(self, f"get_{key}_display")(),
                "note": getattr(self, f"{key}_note"),
            }
            for key, name, question in CRITERIA
        ]

    @property
    def met_count(self) -> int:
        """How many of the five criteria the review judged met."""
        return sum(getattr(self, key) == Judgement.MET for key, _name, _question in CRITERIA)

    @property
    def off_scope(self) -> bool:
        return self.scope in (MissionScope.TOO_BROAD, MissionScope.TOO_NARROW)
