"""The API's views: thin, like the pages'. Lists start from `visible_to(user)`; a single object is fetched with
`access.get_for_user` (invisible → 404, not allowed → 403); every write calls the service the pages call."""

from __future__ import annotations

import django_filters
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import access
from core.models import Organisation, validate_orgnr
from governance.models import Decision
from lifeevents.models import LifeEvent
from portfolio.filters import ProposalFilter
from portfolio.models import Benefit, Measure, Mission, Proposal
from portfolio.services import intake
from reports.choices import CONTENT_TYPES, JobStatus
from reports.models import GeneratedReport, ReportingRound, StatusReport
from reports.services import rounds

from . import serializers as s
from .conditional import conditional_list, matched_version, with_etag

IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True, description="The ETag of the version you read."
)
STALE = {
    status.HTTP_412_PRECONDITION_FAILED: OpenApiResponse(description="Changed since it was read: the current one."),
    428: OpenApiResponse(description="If-Match is missing."),
}


class ReadOnly(viewsets.GenericViewSet, mixins.ListModelMixin):
    """List what the user may see; one object through the access policy, with its version as ETag."""

    model = None
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self):
        obj = access.get_for_user(self.request.user, self.model, self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        response = Response(self.get_serializer(obj).data)
        return with_etag(response, obj) if hasattr(obj, "version") else response

    def list(self, request, *args, **kwargs):
        """The page of what the user may see, with a weak ETag of it; `If-None-Match` with it answers 304."""
        return conditional_list(request, super().list(request, *args, **kwargs))


class OrganisationFilter(django_filters.FilterSet):
    orgnr = django_filters.CharFilter(validators=[validate_orgnr], help_text="Nine digits (MOD11-checked).")

    class Meta:
        model = Organisation
        fields = ["kind", "parent", "orgnr"]


class OrganisationViewSet(ReadOnly):
    """The actors, with their values from Enhetsregisteret."""

    model = Organisation
    serializer_class = s.OrganisationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = OrganisationFilter


@extend_schema_view(list=extend_schema(summary="Life events"))
class LifeEventViewSet(ReadOnly):
    model = LifeEvent
    serializer_class = s.LifeEventSerializer


class MissionViewSet(ReadOnly):
    model = Mission
    serializer_class = s.MissionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["life_events"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("life_events")


class MeasureViewSet(ReadOnly):
    model = Measure
    serializer_class = s.MeasureSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["status", "kind", "owner", "life_events"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("participants", "life_events", "missions")


class BenefitViewSet(ReadOnly):
    """Benefits belong to their measure: visible when the measure is."""

    model = Benefit
    serializer_class = s.BenefitSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["measure", "owner", "is_disbenefit"]

    def get_queryset(self):
        return Benefit.objects.filter(measure__in=Measure.objects.visible_to(self.request.user).values("pk"))

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj


class DecisionViewSet(ReadOnly):
    model = Decision
    serializer_class = s.DecisionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["outcome", "status", "proposal", "measure"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("ministries")


class ReportingRoundViewSet(ReadOnly):
    model = ReportingRound
    serializer_class = s.ReportingRoundSerializer


class DocumentViewSet(ReadOnly):
    """Generated report documents (PDF, Excel, CSV) and their files."""

    model = GeneratedReport
    serializer_class = s.GeneratedReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["round", "kind", "life_event", "status"]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The document.")})
    @action(detail=True, methods=["get"], url_path="download")
    def download(self, request, pk=None):
        document = access.get_for_user(request.user, GeneratedReport, pk, "download")
        if document.status != JobStatus.DONE or not document.file:
            raise Http404
        kind = CONTENT_TYPES[document.kind]
        response = FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.filename, content_type=kind
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ProposalViewSet(ReadOnly, mixins.CreateModelMixin):
    """Proposals: the list with the page's filters; drafts registered, changed and submitted through the intake
    services (the same rules, workflow and audit trail as the pages)."""

    model = Proposal
    serializer_class = s.ProposalSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProposalFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("partners", "life_events", "missions")

    def get_serializer_class(self):
        return {"create": s.ProposalCreateSerializer, "partial_update": s.ProposalWriteSerializer}.get(
            self.action, s.ProposalSerializer
        )

    def _answer(self, proposal, code=status.HTTP_200_OK):
        proposal = Proposal.objects.prefetch_related("partners", "life_events", "missions").get(pk=proposal.pk)
        data = s.ProposalSerializer(proposal, context=self.get_serializer_context()).data  # redacted for the reader
        return with_etag(Response(data, status=code), proposal)

    @extend_schema(request=s.ProposalCreateSerializer, responses={201: s.ProposalSerializer})
    def create(self, request, *args, **kwargs):
        access.require(request.user, "create", Proposal)
        data = self._valid(request.data)
        submit = data.pop("submit", False)
        return self._answer(intake.proposal_create(data=data, by=request.user, submit=submit), status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ProposalWriteSerializer, responses={200: s.ProposalSerializer, **STALE}, parameters=[IF_MATCH]
    )
    def partial_update(self, request, *args, **kwargs):
        proposal = access.get_for_user(request.user, Proposal, kwargs["pk"], "change")
        version = matched_version(request, proposal)
        data = {**_current_values(proposal), **self._valid(request.data, partial=True, proposal=proposal)}
        return self._answer(intake.proposal_update(proposal=proposal, data=data, version=version, by=request.user))

    @extend_schema(request=None, responses={200: s.ProposalSerializer, **STALE}, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        proposal = access.get_for_user(request.user, Proposal, pk, "submit")
        matched_version(request, proposal)
        return self._answer(intake.proposal_submit(proposal=proposal, by=request.user))

    @extend_schema(request=s.WithdrawSerializer, responses={200: s.ProposalSerializer, **STALE}, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a proposal, with a reason the office sees (the workflow's move, as from its page)."""
        proposal = access.get_for_user(request.user, Proposal, pk, "withdraw")
        matched_version(request, proposal)
        serializer = s.WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return self._answer(intake.proposal_withdraw(proposal=proposal, reason=reason, by=request.user))

    def _valid(self, data, partial=False, proposal=None) -> dict:
        context = {**self.get_serializer_context(), "proposal": proposal}  # its call's questions, its attachments
        serializer = self.get_serializer_class()(data=data, partial=partial, context=context)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


def _current_values(proposal) -> dict:
    """The saved values a partial change starts from (the service checks the whole proposal). An agency's
    channel is not the office's to choose, so it is left out, as the edit form leaves it out."""
    values = intake.proposal_values(proposal)
    if values["channel"] not in intake.OFFICE_CHANNELS:
        values.pop("channel")
    return values


class StatusReportViewSet(ReadOnly, mixins.CreateModelMixin):
    """Status reports of the measures in a reporting round, saved and submitted through the rounds' services."""

    model = StatusReport
    serializer_class = s.StatusReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["round", "measure", "state"]

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return s.StatusReportWriteSerializer
        return s.StatusReportSerializer

    def get_serializer(self, *args, **kwargs):
        if self.action == "create":
            kwargs["creating"] = True
        return super().get_serializer(*args, **kwargs)

    def _answer(self, report, code=status.HTTP_200_OK):
        return with_etag(Response(s.StatusReportSerializer(report).data, status=code), report)

    @extend_schema(responses={201: s.StatusReportSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        round, measure = data.pop("round"), data.pop("measure")
        if StatusReport.objects.filter(round=round, measure=measure).exists():
            raise serializers.ValidationError(
                {"measure": _("This measure already has a status report in this round: change that one.")}
            )
        report = rounds.status_report_save(round=round, measure=measure, data=data, version=None, by=request.user)
        return self._answer(report, status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.StatusReportSerializer, **STALE}, parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        report = access.get_for_user(request.user, StatusReport, kwargs["pk"], "change")
        version = matched_version(request, report)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        report = rounds.status_report_save(
            round=report.round, measure=report.measure, data=dict(serializer.validated_data), version=version,
            by=request.user,
        )  # fmt: skip
        return self._answer(report)

    @extend_schema(request=None, responses={200: s.StatusReportSerializer, **STALE}, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = access.get_for_user(request.user, StatusReport, pk, "submit")
        version = matched_version(request, report)
        return self._answer(rounds.status_report_submit(report=report, version=version, by=request.user))
