"""A call's own intake: the questions the office adds to a call for proposals (text, choice, number, file) and a
proposal's answers to them. The call's extra rubric criteria are `Criterion` rows with `call` set (scoring.py).

A question is never changed once a proposal has answered it (the office adds a new one instead, and may retire the
old); an answer's text is searched with the proposals (`call_answer_search_document`, its GIN index below)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel

from .proposals import SEARCH_CONFIG

MAX_QUESTIONS = 20  # per call
MAX_CHOICES = 20  # per choice question


def call_answer_search_document() -> SearchVector:
    """The proposal list's search in the answers to the calls' questions (the GIN index `callanswer_text_fts`)."""
    return SearchVector("text", config=SEARCH_CONFIG)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One of a list of choices")
    NUMBER = "number", _("Number")
    FILE = "file", _("File")


class CallQuestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The questions are part of the published call: every signed-in user may read them.
        return access.restrict(self, user, public=True)

    def active(self):
        return self.filter(is_active=True)


class CallQuestion(PortalModel):
    call = models.ForeignKey(
        "portfolio.CallForProposals", verbose_name=_("call for proposals"), on_delete=models.PROTECT,
        related_name="questions",
    )  # fmt: skip
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("required to submit"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)  # ["Ja", "Nei", "Vet ikke"]
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0, validators=[MaxValueValidator(999)])
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CallQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("question of a call")
        verbose_name_plural = _("questions of a call")

    def __str__(self) -> str:
        return self.label

    @property
    def field_name(self) -> str:
        """The question's field in the intake form."""
        return f"call_q{self.pk}"


class CallAnswer(PortalModel):
    """A proposal's answer to one of its call's questions: `text` for text and choice, `number`, or `attachment`
    (stored through the attachments service, with its checks)."""

    proposal = models.ForeignKey("portfolio.Proposal", on_delete=models.PROTECT, related_name="call_answers")
    question = models.ForeignKey(CallQuestion, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    number = models.DecimalField(_("number"), max_digits=16, decimal_places=2, null=True, blank=True)
    attachment = models.ForeignKey(
        "portfolio.Attachment", verbose_name=_("file"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer to a call's question")
        verbose_name_plural = _("answers to a call's questions")
        constraints = [models.UniqueConstraint(fields=["proposal", "question"], name="callanswer_one_per_question")]
        indexes = [GinIndex(call_answer_search_document(), name="callanswer_text_fts")]

    def __str__(self) -> str:
        return f"{self.question}: {self.display}"

    @property
    def display(self) -> str:
        """The answer as the pages and the exports show it (an answer withheld from the reader by
        `portfolio.redaction.redact_answers`: the legal basis of its exemption)."""
        if getattr(self, "withheld", ""):
            return self.withheld
        if self.question.kind == QuestionKind.NUMBER:
            return "" if self.number is None else format(self.number.normalize(), "f")
        if self.question.kind == QuestionKind.FILE:
            return self.attachment.original_name if self.attachment_id else ""
        return self.text
