"""One event model per tracked case record, written by PostgreSQL triggers (django-pghistory).

Only the fields that say where a record stands in its workflow and who holds it are snapshotted, so that a new text
field or a changed label of a case record needs no migration here. Event fields keep no choices, labels, defaults or
lengths (PGHISTORY_EXCLUDE_FIELD_KWARGS in config/settings.py) for the same reason. Adding or renaming a tracked field
does need one: `makemigrations history`, which `make lint` checks for.
"""

import pghistory

from core.models import User
from governance.models import (
    AgreementFunding,
    AgreementParty,
    AgreementResponse,
    AgreementVersion,
    CollaborationAgreement,
    Consultation,
    Decision,
    Funding,
    Generation,
    GovernanceBody,
    PanelMember,
)
from portfolio.models import (
    AccessRequest,
    Attachment,
    Benefit,
    BenefitRealisation,
    Exemption,
    LearningEntry,
    Measure,
    Mission,
    MissionTarget,
    Proposal,
    Score,
)
from reports.models import StatusReport

# model → the fields snapshotted on every insert, update and delete (the update event fires when one of them changes)
TRACKED = {
    Proposal: ["title", "status", "qualification", "shelf_reason", "facilitator", "merged_into", "version"],
    Measure: ["title", "status", "stage", "owner", "version"],
    Decision: ["proposal", "measure", "outcome", "status", "date", "superseded_by", "decided_by"],
    Score: ["assignment", "criterion", "value", "version"],
    Attachment: ["proposal", "original_name", "sha256", "removed_at"],
    StatusReport: ["round", "measure", "state", "traffic", "progress", "version", "submitted_at"],
    LearningEntry: ["measure", "author", "spawned_proposal"],
    Benefit: ["measure", "indicator", "baseline", "expected_value", "expected_date", "owner", "cost_bearer"],
    BenefitRealisation: ["benefit", "date", "value"],
    Mission: ["title", "deadline", "portfolio_start", "portfolio_end"],
    MissionTarget: ["mission", "indicator", "baseline", "target_value", "target_date"],
    Funding: ["source", "measure", "life_event", "year", "amount", "status"],
    GovernanceBody: ["name", "kind"],
    User: ["username", "organisation", "role", "is_active", "is_staff", "is_superuser"],
    # Personal data is never snapshotted: a member's name, e-mail and phone stay in the member's row alone, so that
    # withdrawing consent removes the contact details for good (governance/panels.py)
    PanelMember: ["panel", "consent_given_on", "consent_withdrawn_on", "recruited_by"],
    Consultation: ["panel", "date", "method", "topic"],
    # Public access (offentleglova): what is exempt, on which basis, until when, and when it was lifted; the access
    # request's journal entry without the requester's name or e-mail (anyone may ask anonymously)
    Exemption: ["proposal", "measure", "field", "attachment", "legal_basis", "provision", "review_date", "lifted_at"],
    AccessRequest: ["proposal", "measure", "received_on", "outcome", "refusal_basis", "answered_on"],
    # Collaboration agreements (governance/agreement_models.py): the agreement, each version's state and estimate,
    # its parties, their funding commitments (and the funding row written from each), and each party's answer, by
    # whom; never the answering person's typed name (`by_name`). An agreement holds no panel member or contact details.
    CollaborationAgreement: ["life_event", "phase", "title"],
    AgreementVersion: [
        "agreement",
        "number",
        "status",
        "next_phase_months",
        "next_phase_cost",
        "next_phase_person_years",
        "sent_at",
        "in_force_at",
    ],
    AgreementParty: ["version", "organisation"],
    AgreementFunding: ["version", "party", "year", "amount", "funding"],
    AgreementResponse: ["party", "kind", "by"],
    # Generations (governance/generation_models.py): a life event's plan in generations, each with its years and state
    Generation: ["life_event", "number", "name", "state", "start_year", "end_year"],
}


def _event_model(model, fields):
    return pghistory.create_event_model(
        model,
        pghistory.InsertEvent(),  # trackers are bound to one event model: new ones for each
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        fields=fields,
        obj_field=pghistory.ObjForeignKey(related_name="history_events"),
        model_name=f"{model.__name__}Event",
        app_label="history",
        abstract=False,
    )


ProposalEvent = _event_model(Proposal, TRACKED[Proposal])
MeasureEvent = _event_model(Measure, TRACKED[Measure])
DecisionEvent = _event_model(Decision, TRACKED[Decision])
ScoreEvent = _event_model(Score, TRACKED[Score])
AttachmentEvent = _event_model(Attachment, TRACKED[Attachment])
StatusReportEvent = _event_model(StatusReport, TRACKED[StatusReport])
LearningEntryEvent = _event_model(LearningEntry, TRACKED[LearningEntry])
BenefitEvent = _event_model(Benefit, TRACKED[Benefit])
BenefitRealisationEvent = _event_model(BenefitRealisation, TRACKED[BenefitRealisation])
MissionEvent = _event_model(Mission, TRACKED[Mission])
MissionTargetEvent = _event_model(MissionTarget, TRACKED[MissionTarget])
FundingEvent = _event_model(Funding, TRACKED[Funding])
GovernanceBodyEvent = _event_model(GovernanceBody, TRACKED[GovernanceBody])
UserEvent = _event_model(User, TRACKED[User])
PanelMemberEvent = _event_model(PanelMember, TRACKED[PanelMember])
ConsultationEvent = _event_model(Consultation, TRACKED[Consultation])
ExemptionEvent = _event_model(Exemption, TRACKED[Exemption])
AccessRequestEvent = _event_model(AccessRequest, TRACKED[AccessRequest])
CollaborationAgreementEvent = _event_model(CollaborationAgreement, TRACKED[CollaborationAgreement])
AgreementVersionEvent = _event_model(AgreementVersion, TRACKED[AgreementVersion])
AgreementPartyEvent = _event_model(AgreementParty, TRACKED[AgreementParty])
AgreementFundingEvent = _event_model(AgreementFunding, TRACKED[AgreementFunding])
AgreementResponseEvent = _event_model(AgreementResponse, TRACKED[AgreementResponse])
GenerationEvent = _event_model(Generation, TRACKED[Generation])
