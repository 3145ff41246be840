"""What the API shows of each record, and the input of its writes (checked here for shape; the rules are the
services'). Relations are primary keys, offered only from what the user may see (as `ScopedFormMixin` does)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Organisation
from governance.models import Decision
from lifeevents.models import LifeEvent
from portfolio.choices import Channel
from portfolio.models import Attachment, Benefit, CallAnswer, CallForProposals, Measure, Mission, Proposal
from portfolio.models.call_intake import QuestionKind
from portfolio.redaction import redact, redact_answers
from portfolio.services.call_intake import questions_of
from reports.choices import JobStatus
from reports.models import GeneratedReport, ReportingRound, StatusReport


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id", "name", "short_name", "kind", "orgnr", "parent", "register_name", "organisation_form",
            "organisation_form_name", "sector_code", "sector_name", "parent_orgnr",
        ]  # fmt: skip


class LifeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = LifeEvent
        fields = ["id", "slug", "name_nb", "name_nn", "name_en", "owner_ministry", "description", "funding_status"]


class MissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mission
        fields = [
            "id",
            "title",
            "statement",
            "narrative",
            "deadline",
            "life_events",
            "portfolio_start",
            "portfolio_end",
        ]


def _reader(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)  # no request: the public's view (portfolio/redaction.py)


def _with_answers(proposals) -> None:
    """Each redacted proposal's answers to its call's questions as its reader may read them (`call_answer_list`, one
    query for the page; an exempt answer gives its legal basis, portfolio/redaction.py)."""
    proposals = [p for p in proposals if isinstance(p, Proposal) and not hasattr(p, "call_answer_list")]
    if not proposals:
        return
    found = CallAnswer.objects.filter(proposal__in=[p.pk for p in proposals]).select_related("question", "attachment")
    by_proposal: dict[int, list] = {}
    for answer in found.order_by("question__sort_order", "question_id"):
        by_proposal.setdefault(answer.proposal_id, []).append(answer)
    for proposal in proposals:
        proposal.call_answer_list = redact_answers(proposal, by_proposal.get(proposal.pk, []))


class RedactedListSerializer(serializers.ListSerializer):
    """A page of records, their exempt parts redacted for the reader in one query (portfolio/redaction.py)."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        redact(_reader(self), *items)
        _with_answers(items)
        return super().to_representation(items)


class RedactedMixin:
    """Proposals and measures as the reader may see them: an exempt part gives its legal basis, not its value."""

    def to_representation(self, instance):
        if not hasattr(instance, "withheld"):
            redact(_reader(self), instance)
        _with_answers([instance])
        return super().to_representation(instance)


class MeasureSerializer(RedactedMixin, serializers.ModelSerializer):
    class Meta:
        model = Measure
        list_serializer_class = RedactedListSerializer
        fields = [
            "id", "title", "description", "kind", "status", "stage", "owner", "participants", "life_events",
            "missions", "budget", "start_date", "end_date", "next_review_date", "origin_proposal", "version",
        ]  # fmt: skip


class BenefitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Benefit
        fields = [
            "id", "measure", "description", "indicator", "unit", "baseline", "expected_value", "expected_date",
            "owner", "cost_bearer", "is_disbenefit", "annual_value_nok", "annual_cost_nok",
        ]  # fmt: skip


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id", "date", "subject", "outcome", "rationale", "status", "proposal", "measure", "defer_until",
            "body", "acting_agency", "ministries", "allocation_year", "superseded_by",
        ]  # fmt: skip


class CallAnswerSerializer(serializers.Serializer):
    """A proposal's answer to one of its call's own questions. Exempt from public access and withheld from the
    reader: `withheld` gives the legal basis, and the answer's value (text, number, file) is left out."""

    question = serializers.IntegerField(source="question_id", help_text="The call's question answered.")
    label = serializers.CharField(source="question.label", help_text="The question.")
    kind = serializers.ChoiceField(source="question.kind", choices=QuestionKind.choices)
    text = serializers.CharField(help_text='The answer to a text or choice question ("" otherwise).')
    number = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True,
                                      help_text="The answer to a number question.")  # fmt: skip
    file = serializers.IntegerField(source="attachment_id", allow_null=True,
                                    help_text="The attachment answering a file question (its id).")  # fmt: skip
    file_name = serializers.SerializerMethodField()
    withheld = serializers.SerializerMethodField()

    def get_file_name(self, answer) -> str | None:
        return answer.attachment.original_name if answer.attachment_id else None

    def get_withheld(self, answer) -> str | None:
        """«Exempt from public access (offl. § 13 …)» when the answer is withheld from the reader, else null."""
        return answer.withheld or None


class ProposalSerializer(RedactedMixin, serializers.ModelSerializer):
    call_answers = serializers.SerializerMethodField(
        help_text="The answers to the questions of the proposal's call, as the reader may read them."
    )

    class Meta:
        model = Proposal
        list_serializer_class = RedactedListSerializer
        fields = [
            "id", "title", "need", "solution", "expected_benefits", "beneficiaries", "estimated_cost", "channel",
            "organisation", "partners", "life_events", "missions", "call", "call_answers", "status", "submitted_at",
            "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(CallAnswerSerializer(many=True))
    def get_call_answers(self, proposal):
        return CallAnswerSerializer(getattr(proposal, "call_answer_list", []), many=True).data


def _scoped(model, request):
    return model.objects.visible_to(request.user) if request is not None else model.objects.none()


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CallAnswerWriteSerializer(serializers.Serializer):
    """An answer to one of the call's questions: `value` for a text, choice or number question (null or "" removes
    the answer), `file` for a file question: the id of an attachment of the proposal (upload it on the proposal's
    page first)."""

    question = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    value = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=5000)
    file = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)


class ProposalWriteSerializer(serializers.Serializer):
    """A draft's content. On create, the office also names the organisation and the channel. `call_answers` answers
    the questions of the proposal's call (the call sent, or the one it has): only those sent are changed."""

    title = serializers.CharField(max_length=200, required=False)
    need = serializers.CharField(required=False, allow_blank=True)
    solution = serializers.CharField(required=False, allow_blank=True)
    expected_benefits = serializers.CharField(required=False, allow_blank=True)
    beneficiaries = serializers.CharField(required=False, allow_blank=True)
    estimated_cost = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=0, required=False, allow_null=True
    )
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none(), required=False)
    life_events = serializers.PrimaryKeyRelatedField(queryset=LifeEvent.objects.none(), many=True, required=False)
    missions = serializers.PrimaryKeyRelatedField(queryset=Mission.objects.none(), many=True, required=False)
    partners = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none(), many=True, required=False)
    call = serializers.PrimaryKeyRelatedField(queryset=CallForProposals.objects.none(), required=False, allow_null=True)
    call_answers = CallAnswerWriteSerializer(many=True, required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["organisation"].queryset = _scoped(Organisation, request)
        self.fields["life_events"].child_relation.queryset = _scoped(LifeEvent, request)
        self.fields["missions"].child_relation.queryset = _scoped(Mission, request)
        self.fields["partners"].child_relation.queryset = _scoped(Organisation, request)
        self.fields["call"].queryset = _scoped(CallForProposals, request)

    def validate(self, attrs):
        """The answers as the intake services take them ({question id: value}): each to a question the proposal's
        call asks, a file question by an attachment of the proposal (not removed), the others by their value. The
        values themselves (a choice, a number, a required question before submitting) are the services' to check."""
        if "call_answers" not in attrs:
            return attrs
        proposal = self.context.get("proposal")  # None when creating
        call = attrs["call"] if "call" in attrs else getattr(proposal, "call", None)
        questions = {q.pk: q for q in questions_of(getattr(call, "pk", None))}
        answers, errors = {}, {}
        for item in attrs["call_answers"]:
            question = questions.get(item["question"])
            key = str(item["question"])
            if question is None:
                errors[key] = [_("The proposal's call does not ask this question.")]
            elif key in errors or question.pk in answers:
                errors[key] = [_("Answer each question once.")]
            elif question.kind == QuestionKind.FILE:
                if "value" in item:
                    errors[key] = [_("Answer a file question with the id of an attachment of the proposal.")]
                elif item.get("file") is not None:
                    attachment = Attachment.objects.filter(
                        pk=item["file"], proposal_id=getattr(proposal, "pk", None), removed_at__isnull=True
                    ).first()
                    if attachment is None:
                        errors[key] = [_("The proposal has no such attachment. Upload the file on its page first.")]
                    answers[question.pk] = attachment
            elif "file" in item:
                errors[key] = [_("Only a file question is answered with a file.")]
            else:
                answers[question.pk] = item.get("value")
        if errors:
            raise serializers.ValidationError({"call_answers": errors})
        attrs["call_answers"] = answers
        return attrs


class ProposalCreateSerializer(ProposalWriteSerializer):
    title = serializers.CharField(max_length=200)
    need = serializers.CharField()
    life_events = serializers.PrimaryKeyRelatedField(queryset=LifeEvent.objects.none(), many=True)
    submit = serializers.BooleanField(default=False, help_text="Submit at once instead of keeping a draft.")


class StatusReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusReport
        fields = [
            "id", "round", "measure", "state", "traffic", "progress", "phase", "spent", "budget", "indicator_values",
            "risks", "needs_from_ministries", "comment", "submitted_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class ReportingRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingRound
        fields = ["id", "title", "life_event", "deadline", "status", "opened_at", "closed_at"]


class StatusReportWriteSerializer(serializers.ModelSerializer):
    """The fields an agency reports; the service validates the rest (open round, owner organisation)."""

    class Meta:
        model = StatusReport
        fields = [
            "traffic", "progress", "phase", "spent", "budget", "indicator_values", "risks", "needs_from_ministries",
            "comment",
        ]  # fmt: skip
        extra_kwargs = {f: {"required": False} for f in fields}

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:  # a new report names its round and measure, from those the user may see
            request = self.context.get("request")
            self.fields["round"] = serializers.PrimaryKeyRelatedField(queryset=_scoped(ReportingRound, request))
            self.fields["measure"] = serializers.PrimaryKeyRelatedField(queryset=_scoped(Measure, request))

    def validate_indicator_values(self, value):
        plain = (str, int, float, type(None))
        if (
            not isinstance(value, dict)
            or len(value) > 200
            or not all(isinstance(v, plain) and "\x00" not in f"{k}{v}" for k, v in value.items())
        ):
            raise serializers.ValidationError(_("Give the indicator values as an object: indicator → value."))
        return value


class GeneratedReportSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedReport
        fields = [
            "id", "round", "kind", "life_event", "parameters", "version", "is_restricted", "status", "progress",
            "filename", "size", "sha256", "data_as_of", "requested_at", "finished_at", "download",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download(self, obj) -> str | None:
        from rest_framework.reverse import reverse

        if obj.status != JobStatus.DONE or not obj.file:
            return None
        return reverse("api:document-download", kwargs={"pk": obj.pk}, request=self.context.get("request"))
