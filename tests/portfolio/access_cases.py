"""Access-matrix cases of the portfolio app (format: tests/access_matrix.py). Each area appends its own block."""

from tests.access_matrix import Case, Personas

CASES: list[Case] = []


# ---- scoring (step 3: assess) — rubric, work queue, matrix, scoring page, htmx score endpoint, reviewers --------


def _scoring_setup(personas: Personas) -> dict:
    """A NAV proposal in assessment, in a life event ASD owns, with Skatteetaten's user as invited reviewer and
    one criterion in use."""
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import CriterionFactory, ProposalFactory, ReviewAssignmentFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    proposal = ProposalFactory(organisation=personas.agency.organisation, status="assessing", life_events=[life_event])
    criterion = CriterionFactory(name="Matrise-kriterium")
    assignment = ReviewAssignmentFactory(proposal=proposal, reviewer=personas.other_agency, assigned_by=personas.office)
    return {"pk": proposal.pk, "_criterion_pk": criterion.pk, "_assignment_pk": assignment.pk}


def _scoring_kwargs(*keys):
    def setup(personas: Personas) -> dict:
        made = _scoring_setup(personas)
        return {k.lstrip("_"): made[k] for k in ("pk", *keys)}

    return setup


def _criterion_kwargs(personas: Personas) -> dict:
    from tests.factories.portfolio import CriterionFactory

    return {"pk": CriterionFactory(name="Matrise-kriterium").pk}


def _nothing(personas: Personas) -> dict:
    return {}


_ALL = {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 200, "admin": 200}
_OFFICE = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 403, "admin": 200}

CASES += [
    Case("portfolio:rubric", _nothing, _ALL),
    Case("portfolio:criterion_create", _nothing, _OFFICE),
    Case("portfolio:criterion_edit", _criterion_kwargs, _OFFICE),
    Case("portfolio:review_queue", _nothing, _ALL),
    Case("portfolio:assessment_matrix", _nothing, _OFFICE),
    Case(
        "portfolio:proposal_scoring",
        _scoring_kwargs(),
        {"anonymous": 302, "agency": 403, "other_agency": 200, "office": 200, "ministry": 403, "admin": 200},
        note="the proposing agency and the ministry see the proposal but not its assessment; the reviewer does",
    ),
    Case(
        "portfolio:score_save",
        _scoring_kwargs("_criterion_pk"),
        {"anonymous": 302, "agency": 403, "other_agency": 422, "office": 403, "ministry": 403, "admin": 403},
        method="post",
        data={},
        note="only the assigned reviewer scores (422: empty form)",
    ),
    Case(
        "portfolio:score_submit",
        _scoring_kwargs(),
        {"anonymous": 302, "agency": 403, "other_agency": 422, "office": 403, "ministry": 403, "admin": 403},
        method="post",
        note="only the assigned reviewer submits (422: a criterion is not scored)",
    ),
    Case(
        "portfolio:reviewer_assign",
        _scoring_kwargs(),
        {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 422, "ministry": 403, "admin": 422},
        method="post",
        data={},
        note="the office assigns (422: no reviewer chosen)",
    ),
    Case(
        "portfolio:reviewer_withdraw",
        _scoring_kwargs("_assignment_pk"),
        {"anonymous": 302, "agency": 404, "other_agency": 403, "office": 302, "ministry": 404, "admin": 302},
        method="post",
        note="assignments are visible to the office and to the reviewer themself",
    ),
]
# ---- end of scoring ----------------------------------------------------------------------------------------------


# ---- lifecycle (steps 4–5: decide, steer, learn) — board, shelf, decisions, measures, learning (H4) ---------------


def _lifecycle_setup(personas: Personas, *, status: str = "deciding") -> dict:
    """A NAV proposal in `status` and a NAV measure with one learning entry, both in a life event ASD owns."""
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import LearningEntryFactory, MeasureFactory, ProposalFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    proposal = ProposalFactory(organisation=personas.agency.organisation, status=status, life_events=[life_event])
    measure = MeasureFactory(owner=personas.agency.organisation, life_events=[life_event])
    entry = LearningEntryFactory(measure=measure, author=personas.office)
    return {"proposal": proposal, "measure": measure, "entry": entry}


def _proposal_pk(status: str = "deciding"):
    def setup(personas: Personas) -> dict:
        return {"pk": _lifecycle_setup(personas, status=status)["proposal"].pk}

    return setup


def _measure_pk(personas: Personas) -> dict:
    return {"pk": _lifecycle_setup(personas)["measure"].pk}


def _entry_kwargs(personas: Personas) -> dict:
    made = _lifecycle_setup(personas)
    return {"pk": made["measure"].pk, "entry_pk": made["entry"].pk}


def _escalated_decision(personas: Personas) -> dict:
    from tests.factories.governance import DecisionFactory

    made = _lifecycle_setup(personas)
    decision = DecisionFactory(proposal=made["proposal"], outcome="escalate", status="awaiting")
    decision.ministries.add(personas.ministry.organisation)
    return {"pk": decision.pk}


def _escalated_decision_with_brief(personas: Personas) -> dict:
    """An escalated decision whose brief the worker has made (version 1, stored)."""
    from django.core.files.base import ContentFile

    from governance.models import DecisionBrief

    kwargs = _escalated_decision(personas)
    brief = DecisionBrief(decision_id=kwargs["pk"], status="done")
    brief.file.save(f"brief-{kwargs['pk']}.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return kwargs


_VISIBLE = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
_OFFICE_ACTS = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 422, "ministry": 403, "admin": 422}

CASES += [
    Case("portfolio:board", _nothing, _OFFICE, note="the office's board"),
    Case("portfolio:shelf", _nothing, _ALL, note="everyone sees the shelf items visible to them"),
    Case(
        "decisions:proposal_decide",
        _proposal_pk(),
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200},
    ),
    Case("decisions:proposal_decide", _proposal_pk(), _OFFICE_ACTS, method="post", data={}, note="422: empty form"),
    Case(
        "portfolio:proposal_revive",
        _proposal_pk("rejected"),
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302},
        method="post",
        data={"reason": "Ny kunnskap"},
    ),
    Case("portfolio:proposal_timeline", _proposal_pk(), _VISIBLE),
    Case("decisions:decision_brief", _escalated_decision_with_brief, _VISIBLE, note="the one-page PDF brief"),
    Case(
        "decisions:decision_brief_order",
        _escalated_decision,
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302},
        method="post",
        note="the office has a new version of the brief made (by the worker)",
    ),
    Case("decisions:decision_detail", _escalated_decision, _VISIBLE, note="the decision and the ministries' answers"),
    Case(
        "portfolio:proposal_public",
        _proposal_pk(),
        {"anonymous": 302, "agency": 302, "other_agency": 200, "office": 302, "ministry": 302, "admin": 302},
        note="a submitted proposal's public part; who may open the proposal goes to its page",
    ),
    Case(
        "decisions:decision_respond",
        _escalated_decision,
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 403, "ministry": 422, "admin": 403},
        method="post",
        data={},
        note="only a ministry the decision names answers; 422: empty form",
    ),
    Case("portfolio:measure_list", _nothing, _ALL),
    Case("portfolio:measure_detail", _measure_pk, _VISIBLE),
    Case("portfolio:measure_move", _measure_pk, _OFFICE_ACTS, method="post", data={}, note="422: empty form"),
    Case("portfolio:measure_terminate", _measure_pk, _OFFICE_ACTS, method="post", data={}, note="422: empty form"),
    Case(
        "portfolio:measure_revive",
        _measure_pk,
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 409, "ministry": 403, "admin": 409},
        method="post",
        data={},
        note="409: a running measure is not revived (the policy's state)",
    ),
    Case(
        "portfolio:learning_add",
        _measure_pk,
        {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200},
        note="the owner's staff and the office add learning; the ministry reads",
    ),
    Case(
        "portfolio:learning_start_proposal",
        _entry_kwargs,
        {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302},
        method="post",
    ),
]
# ---- end of lifecycle ----------------------------------------------------------------------------------------------


# ---- harmonise (proposal list and page, step 2: triage, facilitator, qualify, messages, overlap) -----------------


def _harmonise_setup(personas: Personas, *, status: str = "submitted") -> dict:
    """A NAV proposal (registered by `agency`) in a life event ASD owns, and a question on it from the office."""
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import MessageFactory, ProposalFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    proposal = ProposalFactory(
        organisation=personas.agency.organisation, created_by=personas.agency, status=status, life_events=[life_event]
    )
    question = MessageFactory(proposal=proposal, kind="question", author=personas.office)
    return {"pk": proposal.pk, "_question": question.pk}


def _harmonise_pk(status: str = "submitted"):
    def setup(personas: Personas) -> dict:
        return {"pk": _harmonise_setup(personas, status=status)["pk"]}

    return setup


def _answer_data(personas: Personas) -> dict:
    return {"kind": "answer", "body": "Svar fra etaten"}


_SEEN = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
_OFFICE_POST = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302}
_OFFICE_422 = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 422, "ministry": 403, "admin": 422}
_OFFICE_409 = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 409, "ministry": 403, "admin": 409}

CASES += [
    Case("portfolio:proposal_list", _nothing, _ALL, note="each persona sees the proposals visible to them"),
    Case("portfolio:proposal_detail", _harmonise_pk(), _SEEN),
    Case(
        "portfolio:proposal_detail",
        _harmonise_pk("draft"),
        {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200},
        note="ministries do not see drafts",
    ),
    Case("portfolio:proposal_triage", _harmonise_pk(), _OFFICE_POST, method="post"),
    Case(
        "portfolio:proposal_triage",
        _harmonise_pk("assessing"),
        _OFFICE_409,
        method="post",
        note="409: only a submitted proposal can be taken into triage (the policy's state)",
    ),
    Case(
        "portfolio:facilitator_assign",
        _harmonise_pk("harmonising"),
        _OFFICE_422,
        method="post",
        data={},
        note="422: no facilitator chosen",
    ),
    Case(
        "portfolio:facilitator_assign",
        _harmonise_pk("harmonising"),
        _OFFICE_POST,
        method="post",
        data=lambda personas: {"facilitator": personas.office.pk},
        note="the office member (Digdir) may facilitate a NAV proposal",
    ),
    Case(
        "portfolio:proposal_qualify",
        _harmonise_pk("harmonising"),
        _OFFICE_422,
        method="post",
        data={},
        note="422: empty form",
    ),
    Case(
        "portfolio:proposal_unmerge",
        _harmonise_pk("merged"),
        _OFFICE_409,
        method="post",
        data={},
        note="409: merged without a proposal to take it out of (the policy's state)",
    ),
    Case(
        "portfolio:message_post",
        _harmonise_pk(),
        {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302},
        method="post",
        data=_answer_data,
        note="the proposing organisation's staff and the office answer",
    ),
    Case(
        "portfolio:message_post",
        _harmonise_pk(),
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302},
        method="post",
        data={"kind": "internal", "body": "Internt notat"},
        note="only the office writes internal notes",
    ),
    Case(
        "portfolio:message_post",
        _harmonise_pk(),
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 422, "ministry": 403, "admin": 422},
        method="post",
        data={"kind": "question", "body": ""},
        note="422: empty question",
    ),
    Case(
        "portfolio:overlap_suggest",
        _nothing,
        {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 403, "admin": 200},
        note="those who may register proposals; results limited to what each may see",
    ),
]
# ---- end of harmonise ----------------------------------------------------------------------------------------------


# ---- intake (step 1: the intake form, submit, withdraw, attachments, calls for proposals) -------------------------


def _intake_setup(personas: Personas, *, status: str = "draft", complete: bool = True, attachment: bool = False):
    """A NAV proposal registered by `agency`, in a life event ASD owns (a draft is invisible to the ministry)."""
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import AttachmentFactory, ProposalFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    extra = {"expected_benefits": "Mindre tid på søknader.", "beneficiaries": "Foreldre."} if complete else {}
    proposal = ProposalFactory(
        organisation=personas.agency.organisation,
        created_by=personas.agency,
        status=status,
        life_events=[life_event],
        **extra,
    )
    made = {"pk": proposal.pk}
    if attachment:
        made["attachment_pk"] = AttachmentFactory(proposal=proposal, uploaded_by=personas.agency).pk
    return made


def _intake(**options):
    def setup(personas: Personas) -> dict:
        return _intake_setup(personas, **options)

    return setup


def _new_proposal_data(personas: Personas) -> dict:
    from tests.factories.lifeevents import LifeEventFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    return {
        "title": "Én inngang for jobbsøkere",
        "need": "Jobbsøkere må fortelle det samme til mange etater.",
        "life_events": [life_event.pk],
        "organisation": personas.agency.organisation_id,  # the office registers on NAV's behalf
        "channel": "sought_out",
        "action": "save",
    }


def _call_kwargs(personas: Personas) -> dict:
    from tests.factories.portfolio import CallForProposalsFactory

    return {"pk": CallForProposalsFactory(created_by=personas.office).pk}


_REGISTER = {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 403, "admin": 200}
_REGISTER_POST = {**_REGISTER, "agency": 422, "other_agency": 422, "office": 422, "admin": 422}
# NAV's draft: NAV's staff and the office act; Skatteetaten and the ministry do not see it.
_DRAFT = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200}
_DRAFT_POST = {**_DRAFT, "agency": 422, "office": 422, "admin": 422}
_DRAFT_DONE = {**_DRAFT, "agency": 302, "office": 302, "admin": 302}
_OFFICE_POST = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 422, "ministry": 403, "admin": 422}

CASES += [
    Case("portfolio:proposal_create", _nothing, _REGISTER, note="agency staff and the office register"),
    Case(
        "portfolio:proposal_create",
        _nothing,
        _REGISTER_POST,
        method="post",
        data={"action": "save"},
        note="422: title, need and life events missing",
    ),
    Case(
        "portfolio:proposal_create",
        _nothing,
        {**_REGISTER, "agency": 302, "other_agency": 302, "office": 302, "admin": 302},
        method="post",
        data=_new_proposal_data,
        note="a draft is saved (staff for their own organisation, the office on NAV's behalf)",
    ),
    Case("portfolio:proposal_edit", _intake(), _DRAFT),
    Case(
        "portfolio:proposal_edit",
        _intake(status="submitted"),
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200},
        note="once submitted only the office edits; the ministry sees it (its life event) but may not edit",
    ),
    Case("portfolio:proposal_edit", _intake(), _DRAFT_POST, method="post", data={}, note="422: empty form"),
    Case("portfolio:proposal_submit", _intake(), _DRAFT_DONE, method="post", note="a complete draft is submitted"),
    Case(
        "portfolio:proposal_submit",
        _intake(complete=False),
        _DRAFT_POST,
        method="post",
        note="422: expected benefits and who gets them are missing",
    ),
    Case(
        "portfolio:proposal_submit",
        _intake(status="submitted"),
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 409, "ministry": 403, "admin": 409},
        method="post",
        note="already submitted: the proposing agency may no longer, the office gets a page that says so (409)",
    ),
    Case(
        "portfolio:proposal_withdraw",
        _intake(status="submitted"),
        {"anonymous": 302, "agency": 422, "other_agency": 404, "office": 422, "ministry": 403, "admin": 422},
        method="post",
        data={},
        note="422: the reason is required",
    ),
    Case(
        "portfolio:proposal_withdraw",
        _intake(status="harmonising"),
        {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302},
        method="post",
        data={"reason": "Vi løser det sammen med Skatteetaten i stedet."},
    ),
    Case(
        "portfolio:proposal_withdraw",
        _intake(status="withdrawn"),
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 403, "ministry": 403, "admin": 403},
        method="post",
        data={"reason": "Igjen."},
        note="a closed proposal cannot be withdrawn again",
    ),
    Case("portfolio:attachment_upload", _intake(), _DRAFT_POST, method="post", data={}, note="422: no file"),
    Case(
        "portfolio:attachment_upload",
        _intake(status="submitted"),
        {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 422, "ministry": 403, "admin": 422},
        method="post",
        data={},
        note="after submission only the office attaches files",
    ),
    Case(
        "portfolio:attachment_download",
        _intake(status="submitted", attachment=True),
        {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200},
        note="whoever sees the proposal downloads its files",
    ),
    Case(
        "portfolio:attachment_download",
        _intake(attachment=True),
        _DRAFT,
        note="a draft's files: its organisation and the office only",
    ),
    Case(
        "portfolio:attachment_remove",
        _intake(attachment=True),
        _DRAFT_POST,
        method="post",
        data={},
        note="422: the reason is required",
    ),
    Case("portfolio:call_list", _nothing, _ALL),
    Case("portfolio:call_create", _nothing, _OFFICE),
    Case("portfolio:call_create", _nothing, _OFFICE_POST, method="post", data={}, note="422: empty form"),
    Case("portfolio:call_edit", _call_kwargs, _OFFICE),
    Case("portfolio:call_edit", _call_kwargs, _OFFICE_POST, method="post", data={}, note="422: empty form"),
    Case(
        "portfolio:call_close",
        _call_kwargs,
        {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 302, "ministry": 403, "admin": 302},
        method="post",
    ),
]


# A call's own questions and criteria (issue 22): everyone signed in reads them; the office adds and changes them.
def _question_kwargs(personas: Personas) -> dict:
    from portfolio.models import CallQuestion
    from tests.factories.portfolio import CallForProposalsFactory

    call = CallForProposalsFactory(created_by=personas.office)
    return {"pk": call.pk, "question_pk": CallQuestion.objects.create(call=call, label="Registre", kind="text").pk}


_CALL_OFFICE_422 = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 422, "ministry": 403, "admin": 422}
_CALL_OFFICE_302 = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 302, "ministry": 403, "admin": 302}
CASES += [
    Case("portfolio:call_questions", _call_kwargs, _ALL),
    Case("portfolio:call_question_add", _call_kwargs, _CALL_OFFICE_422, method="post", data={}, note="422: empty"),
    Case("portfolio:call_criterion_add", _call_kwargs, _CALL_OFFICE_422, method="post", data={}, note="422: empty"),
    Case("portfolio:call_question_edit", _question_kwargs, _OFFICE),
    Case("portfolio:call_question_retire", _question_kwargs, _CALL_OFFICE_302, method="post"),
]
# ---- end of intake ----------------------------------------------------------------------------------------------


# ---- class-level questions of the policy (tests/test_access_matrix.py::test_class_level_policy) ------------------

from tests.access_matrix import ClassCase, class_expect  # noqa: E402

OFFICE = ("office", "admin")
CLASS_CASES: list[ClassCase] = [
    ClassCase("portfolio.proposal", "create", class_expect("agency", "other_agency", *OFFICE), "the intake form"),
    ClassCase("portfolio.proposal", "register_on_behalf", class_expect(*OFFICE), "organisation and channel fields"),
    ClassCase("portfolio.proposal", "board", class_expect(*OFFICE), "the board and its menu link"),
    ClassCase("portfolio.proposal", "see_matrix", class_expect(*OFFICE), "the assessment matrix"),
    ClassCase("portfolio.proposal", "see_internal", class_expect(*OFFICE), "internal notes on the page"),
    ClassCase("portfolio.proposal", "revive", class_expect(*OFFICE), "the shelf's revive column"),
    ClassCase("portfolio.proposal", "decide", class_expect(*OFFICE)),
    ClassCase("portfolio.proposal", "score", class_expect("agency", "other_agency", *OFFICE), "My reviews"),
    ClassCase("portfolio.measure", "report_status", class_expect("agency", "other_agency", *OFFICE)),
    ClassCase("portfolio.measure", "revive", class_expect(*OFFICE)),
    ClassCase("portfolio.criterion", "create", class_expect(*OFFICE), "the rubric's new criterion"),
    ClassCase("portfolio.callforproposals", "create", class_expect(*OFFICE), "a new call"),
    ClassCase("governance.decision", "see_steering", class_expect("ministry", *OFFICE), "the steering panel"),
]


# ---- the benefit register (step 5: benefits and their realisations) -------------------------------------------------


def _benefit_pk(personas: Personas) -> dict:
    """A benefit of a NAV measure in a life event ASD owns."""
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import BenefitFactory, MeasureFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    measure = MeasureFactory(owner=personas.agency.organisation, life_events=[life_event])
    return {"pk": BenefitFactory(measure=measure).pk}


_BENEFIT_SEEN = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
_BENEFIT_OFFICE = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200}
_BENEFIT_422 = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 422, "ministry": 403, "admin": 422}

CASES += [
    Case("portfolio:benefit_list", _nothing, _ALL, note="each persona sees the benefits of the measures they see"),
    Case("portfolio:benefit_detail", _benefit_pk, _BENEFIT_SEEN, note="seen with its measure"),
    Case("portfolio:benefit_edit", _benefit_pk, _BENEFIT_OFFICE, note="the office edits; others read"),
    Case("portfolio:benefit_edit", _benefit_pk, _BENEFIT_422, method="post", data={}, note="422: empty form"),
    Case("portfolio:realisation_add", _benefit_pk, _BENEFIT_422, method="post", data={}, note="422: empty form"),
]
CLASS_CASES += [
    ClassCase("portfolio.benefitrealisation", "create", class_expect(*OFFICE), "record a realisation"),
    ClassCase("portfolio.benefit", "change", class_expect(*OFFICE), "edit a benefit"),
]


def _mission_pk(personas: Personas) -> dict:
    from tests.factories.portfolio import MissionTargetFactory

    return {"pk": MissionTargetFactory().mission_id}


_MISSION_422 = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 422, "ministry": 403, "admin": 422}

CASES += [
    Case("portfolio:mission_list", _nothing, _ALL, note="missions are shared goals: every signed-in user reads them"),
    Case("portfolio:mission_detail", _mission_pk, _ALL),
    Case("portfolio:measurement_add", _mission_pk, _MISSION_422, method="post", data={}, note="422: empty form"),
]
CLASS_CASES += [
    ClassCase("portfolio.targetmeasurement", "create", class_expect(*OFFICE), "record a target's measurement"),
]

# The office's quality check of a mission (issue 22): only the office reviews; the mission page shows it to all.
CASES += [
    Case("portfolio:mission_review_add", _mission_pk, _OFFICE, note="the review form: the office only"),
    Case("portfolio:mission_review_add", _mission_pk, _MISSION_422, method="post", data={}, note="422: empty form"),
]
CLASS_CASES += [
    ClassCase("portfolio.missionreview", "create", class_expect(*OFFICE), "review a mission"),
]


# Benefit reviews (issue 23): everyone signed in reads the list (within their scope); the office sets the interval;
# a review is seen with its measure (NAV's, in a life event ASD owns); NAV as the owner and the office answer it and
# start a change proposal from it (Skatteetaten, which does not see the measure: 404; the ministry: 403).
def _benefit_review_kwargs(*, answered: bool = False):
    def setup(personas: Personas) -> dict:
        import datetime

        from portfolio.models import BenefitReview
        from portfolio.services import benefit_reviews as br
        from tests.factories.lifeevents import LifeEventFactory
        from tests.factories.portfolio import MeasureFactory

        event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
        measure = MeasureFactory(owner=personas.agency.organisation, life_events=[event])
        review = BenefitReview.objects.create(measure=measure, due_date=datetime.date(2026, 1, 1))
        if answered:
            br.benefit_review_answer(review=review, benefit_still="yes", direction="keep", by=personas.agency)
        return {"pk": review.pk}

    return setup


_REVIEW_SEEN = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
_REVIEW_ANSWER = {**_REVIEW_SEEN, "agency": 422, "office": 422, "ministry": 403, "admin": 422}
_REVIEW_PROPOSE = {**_REVIEW_SEEN, "agency": 302, "office": 302, "ministry": 403, "admin": 302}

CASES += [
    Case("portfolio:benefit_review_list", _nothing, _ALL, note="each within its scope"),
    Case(
        "portfolio:benefit_review_interval_set",
        _nothing,
        {**_OFFICE, "office": 422, "admin": 422},
        method="post",
        data={"months": "0"},
        note="the office sets the interval (422: out of range)",
    ),
    Case("portfolio:benefit_review_detail", _benefit_review_kwargs(), _REVIEW_SEEN, note="seen with its measure"),
    Case(
        "portfolio:benefit_review_detail",
        _benefit_review_kwargs(),
        _REVIEW_ANSWER,
        method="post",
        data={},
        note="the owner and the office answer (422: nothing answered)",
    ),
    Case(
        "portfolio:benefit_review_propose",
        _benefit_review_kwargs(answered=True),
        _REVIEW_PROPOSE,
        method="post",
        note="an answered review starts a change proposal",
    ),
]
CLASS_CASES += [
    ClassCase("portfolio.benefitreviewinterval", "set", class_expect(*OFFICE), "the interval form"),
    ClassCase("portfolio.benefitreview", "answer", class_expect("agency", "other_agency", *OFFICE), "overdue task"),
]


# Public access (offentleglova, issue 22): the record's own agency and the office exempt a part (others who see the
# record: 403; who does not: 404); the access requests are the office's journal (others: 403 on the list and the
# form, 404 on a request).
def _exempt_setup(personas: Personas, *, lifted: bool = False, answered: bool = False) -> dict:
    import datetime

    from django.utils import timezone

    from portfolio.services import public_access as pa

    made = _lifecycle_setup(personas)
    office = personas.office
    data = {"part": "need", "legal_basis": "14", "reason": "Intern vurdering.",
            "review_date": timezone.localdate() + datetime.timedelta(days=365)}  # fmt: skip
    exemption = pa.exemption_add(record=made["proposal"], data=data, by=office)
    logged = pa.access_request_create(record=made["proposal"], data={"received_on": timezone.localdate()}, by=office)
    if answered:
        logged = pa.access_request_answer(request=logged, data={"outcome": "partly"}, by=office)
    return {**made, "exemption": exemption, "request": logged}


def _pa_kwargs(key: str, **options):
    def setup(personas: Personas) -> dict:
        return {"pk": _exempt_setup(personas, **options)[key].pk}

    return setup


_OWN = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200}
_OWN_422 = {**_OWN, "agency": 422, "office": 422, "admin": 422}
_JOURNAL = {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200}
_JOURNAL_FORM_422 = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 422, "ministry": 403, "admin": 422}

CASES += [
    Case("portfolio:proposal_exempt", _pa_kwargs("proposal"), _OWN, note="the submitter's agency and the office"),
    Case("portfolio:proposal_exempt", _pa_kwargs("proposal"), _OWN_422, method="post", data={}, note="422: empty"),
    Case("portfolio:measure_exempt", _pa_kwargs("measure"), _OWN, note="the owner agency and the office"),
    Case("portfolio:measure_exempt", _pa_kwargs("measure"), _OWN_422, method="post", data={}, note="422: empty"),
    Case("portfolio:exemption_lift", _pa_kwargs("exemption"), _OWN),
    Case("portfolio:exemption_lift", _pa_kwargs("exemption"), _OWN_422, method="post", data={}, note="422: no reason"),
    Case("portfolio:access_request_list", _nothing, _OFFICE, note="the office's journal of access requests"),
    Case("portfolio:access_request_create", _nothing, _OFFICE),
    Case("portfolio:access_request_create", _nothing, _JOURNAL_FORM_422, method="post", data={}, note="422: empty"),
    Case("portfolio:access_request_detail", _pa_kwargs("request"), _JOURNAL),
    Case(
        "portfolio:access_request_detail",
        _pa_kwargs("request"),
        {**_JOURNAL, "office": 422, "admin": 422},
        method="post",
        data={},
        note="422: no answer chosen",
    ),
    Case(
        "portfolio:access_request_document",
        _pa_kwargs("request", answered=True),
        _JOURNAL,
        note="the redacted PDF that was sent",
    ),
]
CLASS_CASES += [
    ClassCase("portfolio.accessrequest", "create", class_expect(*OFFICE), "log an access request"),
    ClassCase("portfolio.proposal", "exempt", class_expect("agency", "other_agency", *OFFICE), "exempt a part"),
]


# ---- the office keeps the missions and their targets, and links benefits to them, in the portal (issue 15) --------


def _mission_and_target(personas: Personas) -> dict:
    from tests.factories.portfolio import MissionTargetFactory

    target = MissionTargetFactory()
    return {"pk": target.mission_id, "target": target.pk}


_OFFICE_FORM_422 = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 422, "ministry": 403, "admin": 422}

CASES += [
    Case("portfolio:mission_create", _nothing, _OFFICE, note="a new mission: the office"),
    Case("portfolio:mission_create", _nothing, _OFFICE_FORM_422, method="post", data={}, note="422: empty form"),
    Case("portfolio:mission_edit", _mission_pk, _OFFICE),
    Case("portfolio:mission_edit", _mission_pk, _OFFICE_FORM_422, method="post", data={}, note="422: empty form"),
    Case("portfolio:target_create", _mission_pk, _OFFICE),
    Case("portfolio:target_create", _mission_pk, _OFFICE_FORM_422, method="post", data={}, note="422: empty form"),
    Case("portfolio:target_edit", _mission_and_target, _OFFICE),
    Case("portfolio:target_edit", _mission_and_target, _OFFICE_FORM_422, method="post", data={}, note="422"),
    Case("portfolio:benefit_targets", _benefit_pk, _BENEFIT_OFFICE, note="the office links; others read"),
    Case(
        "portfolio:benefit_targets",
        _benefit_pk,
        {**_BENEFIT_422, "office": 302, "admin": 302},
        method="post",
        data={},
        note="no target chosen is a valid answer: the links are cleared",
    ),
]
CLASS_CASES += [
    ClassCase("portfolio.mission", "create", class_expect(*OFFICE), "a new mission"),
    ClassCase("portfolio.mission", "change", class_expect(*OFFICE), "edit a mission"),
    ClassCase("portfolio.missiontarget", "create", class_expect(*OFFICE), "add a target to a mission"),
    ClassCase("portfolio.missiontarget", "change", class_expect(*OFFICE), "edit a target"),
]


# The owner's own change of a benefit plan within the office's limits (issue 23): NAV, the owner, changes it; who
# sees the measure but does not own it: 403; who does not see it: 404. The office sets the limits.
def _owned_measure(personas: Personas) -> dict:
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import BenefitFactory, MeasureFactory

    event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    measure = MeasureFactory(owner=personas.agency.organisation, life_events=[event])
    BenefitFactory(measure=measure)
    return {"pk": measure.pk}


_REPLAN = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 403, "ministry": 403, "admin": 403}

CASES += [
    Case("portfolio:benefit_plan_change", _owned_measure, _REPLAN, note="the owner, within the office's limits"),
    Case(
        "portfolio:benefit_plan_change",
        _owned_measure,
        {**_REPLAN, "agency": 422},
        method="post",
        data={},
        note="422: no reason",
    ),
    Case(
        "portfolio:plan_limits_set",
        _nothing,
        {**_OFFICE, "office": 422, "admin": 422},
        method="post",
        data={"limits-target_percent": "200"},
        note="the office sets the limits (422: out of range)",
    ),
]
CLASS_CASES += [
    ClassCase("portfolio.planchangelimits", "set", class_expect(*OFFICE), "the limits' form"),
    ClassCase("portfolio.measure", "replan", class_expect("agency", "other_agency"), "an owner changes its plan"),
]
CASES += [Case("portfolio:opportunity_list", _nothing, _OFFICE, note="the office: where to look for opportunities")]
CLASS_CASES += [ClassCase("portfolio.proposal", "seek", class_expect(*OFFICE), "where to look")]


# ---- the board: a card's one-step move (issue 18); the others link to their forms --------------------------------
_BOARD_MOVE = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302}
CASES += [
    Case(
        "portfolio:board_move",
        _harmonise_pk(),
        _BOARD_MOVE,
        method="post",
        data={"to": "harmonising"},
        note="the office takes a submitted card into step 2 from the board (the triage rule), back to the board",
    ),
    Case(
        "portfolio:board_move",
        _harmonise_pk("assessing"),
        _OFFICE_409,
        method="post",
        data={"to": "harmonising"},
        note="409: only a submitted proposal can be taken into triage (the policy's state)",
    ),
]
