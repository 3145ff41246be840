"""The admin's actions on the portfolio's case records: each calls the service that the portal's pages call, so the
policy, the workflow and the audit trail are the same (core/adminkit.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.adminkit import service_action

from .choices import BuildingBlockStage, MeasureKind, MeasureStatus
from .services import harmonise, intake, measures, scoring, shelf


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class MoveForm(forms.Form):
    field = forms.ChoiceField(
        label=_("What moves"),
        choices=[("kind", _("Maturity ladder")), ("stage", _("Building-block stage")), ("status", _("Status"))],
    )
    to = forms.ChoiceField(
        label=_("To"),
        choices=[
            (_("Maturity ladder"), MeasureKind.choices),
            (_("Building-block stage"), BuildingBlockStage.choices),
            (_("Status"), [c for c in MeasureStatus.choices if c[0] != MeasureStatus.TERMINATED]),
        ],
    )
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class TerminateForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=list(measures.REASON_CODES.items()))
    reason = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


proposal_triage = service_action(
    "proposal_triage",
    description=_("Take into triage (step 2)"),
    form_class=None,
    run=lambda *, obj, data, by: harmonise.proposal_triage(proposal=obj, by=by),
)
proposal_withdraw = service_action(
    "proposal_withdraw",
    description=_("Withdraw, with a reason"),
    form_class=ReasonForm,
    run=lambda *, obj, data, by: intake.proposal_withdraw(proposal=obj, reason=data["reason"], by=by),
)
proposal_revive = service_action(
    "proposal_revive",
    description=_("Revive from the shelf, with a reason"),
    form_class=ReasonForm,
    run=lambda *, obj, data, by: shelf.proposal_revive(proposal=obj, reason=data["reason"], by=by),
)
measure_move = service_action(
    "measure_move",
    description=_("Move (ladder, stage or status), with evidence"),
    form_class=MoveForm,
    run=lambda *, obj, data, by: measures.measure_move(
        measure=obj, field=data["field"], to=data["to"], evidence=data["evidence"], by=by
    ),
)
measure_terminate = service_action(
    "measure_terminate",
    description=_("Terminate, with a reason"),
    form_class=TerminateForm,
    run=lambda *, obj, data, by: measures.measure_terminate(
        measure=obj, reason_code=data["reason_code"], reason=data["reason"], by=by
    ),
)
reviewer_withdraw = service_action(
    "reviewer_withdraw",
    description=_("Withdraw the reviewer, with a reason"),
    form_class=ReasonForm,
    run=lambda *, obj, data, by: scoring.reviewer_withdraw(assignment=obj, reason=data["reason"], by=by),
)
