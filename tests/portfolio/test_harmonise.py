"""Step 2 services: triage, THE facilitator rule, the five qualification outcomes (merge keeps both authors and
texts), optimistic locking, and questions, answers and internal notes with their e-mails and audit rows."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.models import AuditEvent
from portfolio.models import Message, Transition
from portfolio.services import harmonise as svc
from portfolio.services import merge
from portfolio.services import messages as conversation
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import DependencyFactory, MeasureFactory, MessageFactory, ProposalFactory


@pytest.fixture(autouse=True)
def english():
    """The rules' messages are checked as written in the source (English); the pages test the Norwegian."""
    with translation.override("en"):
        yield


@pytest.fixture
def submitted(agency_staff):
    return ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="submitted")


@pytest.fixture
def harmonising(agency_staff, portfolio_office):
    return ProposalFactory(
        organisation=agency_staff.organisation,
        created_by=agency_staff,
        status="harmonising",
        facilitator=portfolio_office,
    )


def _audit(action, obj):
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk))


# ---- triage ---------------------------------------------------------------------------------------------------


def test_triage_moves_to_step_2_and_makes_the_office_member_facilitator(
    submitted, portfolio_office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal, problem = svc.proposal_triage(proposal=submitted, by=portfolio_office)
    proposal.refresh_from_db()
    assert problem is None
    assert proposal.status == "harmonising" and proposal.facilitator == portfolio_office
    assert Transition.objects.filter(proposal=proposal, from_status="submitted", to_status="harmonising").exists()
    assert _audit("portfolio.proposal.facilitator_assigned", proposal).exists()
    assert [m.to for m in mail.outbox] == [[submitted.created_by.email]]  # the step e-mail to the submitter


def test_triage_leaves_the_facilitator_empty_and_says_why(agency_staff):
    office_at_nav = UserFactory(organisation=agency_staff.organisation, role="portfolio_office")
    proposal = ProposalFactory(organisation=agency_staff.organisation, status="submitted")
    proposal, problem = svc.proposal_triage(proposal=proposal, by=office_at_nav)
    proposal.refresh_from_db()
    assert proposal.status == "harmonising" and proposal.facilitator is None
    assert "organisation that made the proposal" in problem


def test_only_a_submitted_proposal_is_triaged_and_only_by_the_office(submitted, agency_staff, portfolio_office):
    with pytest.raises(PermissionDenied):
        svc.proposal_triage(proposal=submitted, by=agency_staff)
    assessing = ProposalFactory(status="assessing")
    with pytest.raises(ValidationError):
        svc.proposal_triage(proposal=assessing, by=portfolio_office)
    assessing.refresh_from_db()
    assert assessing.status == "assessing"


# ---- the facilitator rule ---------------------------------------------------------------------------------------


def test_facilitator_rule_accepts_a_neutral_office_member(submitted, portfolio_office):
    assert svc.facilitator_problem(submitted, portfolio_office) is None


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("agency", "not an active member of the portfolio office"),
        ("inactive", "not an active member of the portfolio office"),
        ("ministry", "not an active member of the portfolio office"),
        ("proposing_org", "organisation that made the proposal"),
        (None, "Choose a facilitator"),
    ],
)
def test_facilitator_rule_refuses_with_the_reason(submitted, agency_staff, ministry_official, digdir, who, expected):
    user = {
        "agency": agency_staff,
        "ministry": ministry_official,
        "inactive": UserFactory(organisation=digdir, role="portfolio_office", is_active=False),
        "proposing_org": UserFactory(organisation=submitted.organisation, role="portfolio_office"),
        None: None,
    }[who]
    assert expected in svc.facilitator_problem(submitted, user)


def test_facilitator_rule_refuses_the_owner_of_an_overlapping_measure(harmonising, digdir, portfolio_office):
    owned = MeasureFactory(owner=digdir, title="Digdirs tiltak")
    harmonising.related_measure = MeasureFactory()
    assert svc.facilitator_problem(harmonising, portfolio_office) is None
    DependencyFactory(from_measure=harmonising.related_measure, to_measure=owned, kind="overlaps")
    assert "owns the overlapping measure “Digdirs tiltak”" in svc.facilitator_problem(harmonising, portfolio_office)
    harmonising.related_measure = owned
    assert "Digdirs tiltak" in svc.facilitator_problem(harmonising, portfolio_office)


def test_facilitator_assign_saves_or_refuses_with_the_reason(harmonising, portfolio_office, digdir, agency_staff):
    other = UserFactory(organisation=digdir, role="portfolio_office")
    svc.facilitator_assign(proposal=harmonising, facilitator=other, by=portfolio_office)
    harmonising.refresh_from_db()
    assert harmonising.facilitator == other
    assert _audit("portfolio.proposal.facilitator_assigned", harmonising).exists()
    with pytest.raises(ValidationError) as exc:
        svc.facilitator_assign(proposal=harmonising, facilitator=agency_staff, by=portfolio_office)
    assert "facilitator" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        svc.facilitator_assign(proposal=harmonising, facilitator=other, by=agency_staff)
    harmonising.refresh_from_db()
    assert harmonising.facilitator == other


# ---- qualification: the five outcomes --------------------------------------------------------------------------


def _qualify(proposal, by, **kwargs):
    return svc.proposal_qualify(proposal=proposal, by=by, version=proposal.version, **kwargs)


def test_new_candidate_goes_to_assessment(harmonising, portfolio_office):
    _qualify(harmonising, portfolio_office, outcome="new_candidate")
    harmonising.refresh_from_db()
    assert harmonising.status == "assessing" and harmonising.qualification == "new_candidate"
    assert harmonising.version == 2
    assert _audit("portfolio.proposal.qualified", harmonising).get().changes["qualification"] == ["", "new_candidate"]


@pytest.mark.parametrize("outcome", ["extends", "complements"])
def test_extends_or_complements_links_the_measure(harmonising, portfolio_office, outcome):
    with pytest.raises(ValidationError) as exc:
        _qualify(harmonising, portfolio_office, outcome=outcome)
    assert "related_measure" in exc.value.message_dict
    measure = MeasureFactory()
    _qualify(harmonising, portfolio_office, outcome=outcome, related_measure=measure)
    harmonising.refresh_from_db()
    assert harmonising.status == "assessing" and harmonising.related_measure == measure
    assert harmonising.qualification == outcome


def test_a_terminated_measure_cannot_be_extended(harmonising, portfolio_office):
    measure = MeasureFactory(status="terminated", termination_reason="Ga ingen verdi.")
    with pytest.raises(ValidationError):
        _qualify(harmonising, portfolio_office, outcome="extends", related_measure=measure)


def test_not_qualified_needs_the_reason_the_submitter_sees(
    harmonising, portfolio_office, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as exc:
        _qualify(harmonising, portfolio_office, outcome="not_qualified", reason="  ")
    assert "reason" in exc.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        _qualify(harmonising, portfolio_office, outcome="not_qualified", reason="Dekkes av eksisterende tjeneste.")
    harmonising.refresh_from_db()
    assert harmonising.status == "not_qualified"
    assert harmonising.qualification_reason == "Dekkes av eksisterende tjeneste."
    assert Transition.objects.get(proposal=harmonising, to_status="not_qualified").reason.startswith("Dekkes")
    assert "Dekkes av eksisterende tjeneste." in mail.outbox[-1].body


def test_duplicate_is_merged_keeping_both_authors_and_texts(harmonising, portfolio_office, other_agency_staff):
    partner = OrganisationFactory(name="KS")
    event = LifeEventFactory()
    harmonising.partners.add(partner)
    harmonising.life_events.add(event)
    target = ProposalFactory(
        organisation=other_agency_staff.organisation, created_by=other_agency_staff, status="assessing",
        need="Målet: én søknad.",
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        _qualify(harmonising, portfolio_office, outcome="duplicate")
    assert "duplicate_of" in exc.value.message_dict
    _qualify(harmonising, portfolio_office, outcome="duplicate", duplicate_of=target, reason="Samme behov.")
    harmonising.refresh_from_db()
    target.refresh_from_db()
    assert harmonising.status == "merged" and harmonising.merged_into == target
    assert harmonising.need and harmonising.created_by.organisation == harmonising.organisation  # still readable
    assert set(target.partners.all()) == {harmonising.organisation, partner}
    assert event in target.life_events.all()
    assert target.need == "Målet: én søknad." and target.created_by == other_agency_staff
    merge = Transition.objects.get(proposal=harmonising, to_status="merged")
    assert merge.by == portfolio_office and merge.reason == "Samme behov."
    merged_in = _audit("portfolio.proposal.merged_in", target).get()
    assert merged_in.actor == portfolio_office and harmonising.title in merged_in.changes["merged_from"][1]


def test_an_undone_merge_takes_back_exactly_what_it_added(harmonising, portfolio_office, other_agency_staff):
    shared, own, brought = LifeEventFactory(), LifeEventFactory(), LifeEventFactory()
    partner = OrganisationFactory(name="KS")
    harmonising.life_events.add(shared, brought)
    harmonising.partners.add(partner)
    target = ProposalFactory(organisation=other_agency_staff.organisation, status="assessing")
    target.life_events.add(shared, own)
    own_events, own_partners = set(target.life_events.all()), set(target.partners.all())
    _qualify(harmonising, portfolio_office, outcome="duplicate", duplicate_of=target, reason="Samme behov.")
    target.refresh_from_db()
    version = target.version
    assert brought in target.life_events.all() and own_events < set(target.life_events.all())

    merge.proposal_unmerge(proposal=harmonising, reason="Ulike brukergrupper likevel.", by=portfolio_office)
    harmonising.refresh_from_db()
    target.refresh_from_db()
    assert harmonising.status == "harmonising" and harmonising.merged_into is None and not harmonising.qualification
    assert set(target.life_events.all()) == own_events  # its own, the shared one included, stay
    assert set(target.partners.all()) == own_partners
    assert target.version == version + 1
    back = Transition.objects.get(proposal=harmonising, from_status="merged", to_status="harmonising")
    assert back.by == portfolio_office and back.reason == "Ulike brukergrupper likevel."
    merged_out = _audit("portfolio.proposal.merged_out", target).get()
    assert harmonising.title in merged_out.changes["merged_from"][0] and "life_events" in merged_out.changes
    assert _audit("portfolio.proposal.unmerged", harmonising).get().changes["merged_into"][1] is None
    # Both stay readable with their history: the merge is still in the timeline.
    assert Transition.objects.filter(proposal=harmonising, to_status="merged").exists()


def test_an_undone_merge_keeps_what_another_merged_proposal_has(portfolio_office, agency_staff):
    brought = LifeEventFactory()
    target = ProposalFactory(status="assessing")
    first, second = (
        ProposalFactory(organisation=agency_staff.organisation, status="harmonising", facilitator=portfolio_office)
        for _ in range(2)
    )
    for p in (first, second):
        p.life_events.add(brought)
    _qualify(first, portfolio_office, outcome="duplicate", duplicate_of=target)  # adds the life event
    _qualify(second, portfolio_office, outcome="duplicate", duplicate_of=target)  # has it too
    first.refresh_from_db()
    merge.proposal_unmerge(proposal=first, reason="Feil sammenslåing.", by=portfolio_office)
    assert brought in target.life_events.all()  # the second, still merged, brings it
    assert agency_staff.organisation in target.partners.all()


def test_only_the_office_undoes_a_merge_with_a_reason(harmonising, portfolio_office, agency_staff):
    with pytest.raises(ValidationError):  # not merged
        merge.proposal_unmerge(proposal=harmonising, reason="Nei.", by=portfolio_office)
    target = ProposalFactory(status="assessing")
    _qualify(harmonising, portfolio_office, outcome="duplicate", duplicate_of=target)
    harmonising.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        merge.proposal_unmerge(proposal=harmonising, reason="  ", by=portfolio_office)
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        merge.proposal_unmerge(proposal=harmonising, reason="Vil ha det tilbake.", by=agency_staff)
    harmonising.refresh_from_db()
    assert harmonising.status == "merged" and harmonising.merged_into == target


@pytest.mark.parametrize("status", ["draft", "withdrawn", "merged", "not_qualified"])
def test_a_duplicate_is_only_merged_into_an_open_proposal(harmonising, portfolio_office, status):
    target = ProposalFactory(status=status)
    with pytest.raises(ValidationError):
        _qualify(harmonising, portfolio_office, outcome="duplicate", duplicate_of=target)
    with pytest.raises(ValidationError):
        _qualify(harmonising, portfolio_office, outcome="duplicate", duplicate_of=harmonising)
    harmonising.refresh_from_db()
    assert harmonising.status == "harmonising"


def test_qualifying_needs_a_facilitator_step_2_and_the_office(agency_staff, portfolio_office):
    without = ProposalFactory(status="harmonising")
    with pytest.raises(ValidationError, match="facilitator"):
        _qualify(without, portfolio_office, outcome="new_candidate")
    submitted = ProposalFactory(status="submitted", facilitator=portfolio_office)
    with pytest.raises(ValidationError, match="step 2"):
        _qualify(submitted, portfolio_office, outcome="new_candidate")
    mine = ProposalFactory(organisation=agency_staff.organisation, status="harmonising", facilitator=portfolio_office)
    with pytest.raises(PermissionDenied):
        _qualify(mine, agency_staff, outcome="new_candidate")


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(harmonising, portfolio_office):
    with pytest.raises(svc.Conflict) as exc:
        svc.proposal_qualify(proposal=harmonising, outcome="new_candidate", version=0, by=portfolio_office)
    assert exc.value.current.pk == harmonising.pk
    harmonising.refresh_from_db()
    assert harmonising.status == "harmonising" and harmonising.qualification == ""
    assert not _audit("portfolio.proposal.qualified", harmonising).exists()


# ---- questions, answers, internal notes --------------------------------------------------------------------------


def test_a_question_emails_the_submitter(harmonising, portfolio_office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = conversation.message_post(
            proposal=harmonising, kind="question", body="Hvem er brukerne?", by=portfolio_office
        )
    assert question.author == portfolio_office and question.kind == "question"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [harmonising.created_by.email]
    assert "Hvem er brukerne?" in mail.outbox[0].body
    assert _audit("portfolio.proposal.asked", harmonising).exists()


def test_an_answer_emails_the_facilitator(harmonising, agency_staff, django_capture_on_commit_callbacks):
    question = MessageFactory(proposal=harmonising, kind="question")
    with django_capture_on_commit_callbacks(execute=True):
        answer = conversation.message_post(
            proposal=harmonising, kind="answer", body="Foreldre.", parent=question, by=agency_staff
        )
    assert answer.parent == question
    assert [m.to for m in mail.outbox] == [[harmonising.facilitator.email]]


def test_an_answer_without_facilitator_emails_the_office(
    agency_staff, portfolio_office, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(organisation=agency_staff.organisation, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        conversation.message_post(proposal=proposal, kind="answer", body="Mer informasjon.", by=agency_staff)
    assert mail.outbox[0].to == [portfolio_office.email]


def test_internal_notes_are_office_only_and_send_no_mail(
    harmonising, portfolio_office, agency_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = conversation.message_post(
            proposal=harmonising, kind="internal", body="Ligner på NAV-tiltaket.", by=portfolio_office
        )
    assert note.kind == "internal" and mail.outbox == []
    with pytest.raises(PermissionDenied):
        conversation.message_post(proposal=harmonising, kind="internal", body="Hei", by=agency_staff)
    with pytest.raises(PermissionDenied):
        conversation.message_post(proposal=harmonising, kind="question", body="Hei", by=agency_staff)
    with pytest.raises(ValidationError):  # a public answer cannot hang under an internal note
        conversation.message_post(proposal=harmonising, kind="answer", body="Svar", parent=note, by=agency_staff)


def test_other_agencies_cannot_answer_and_empty_or_foreign_replies_are_refused(
    harmonising, portfolio_office, other_agency_staff
):
    with pytest.raises(PermissionDenied):
        conversation.message_post(proposal=harmonising, kind="answer", body="Svar", by=other_agency_staff)
    with pytest.raises(ValidationError):
        conversation.message_post(proposal=harmonising, kind="question", body="   ", by=portfolio_office)
    foreign = MessageFactory(kind="question")
    with pytest.raises(ValidationError):
        conversation.message_post(
            proposal=harmonising, kind="question", body="Oppfølging", parent=foreign, by=portfolio_office
        )
    assert Message.objects.filter(proposal=harmonising).count() == 0
