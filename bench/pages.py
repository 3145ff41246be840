"""The main pages the benchmark loads and tests/test_query_counts.py counts, resolved by URL name.

A page whose URL name does not resolve yet is reported as missing, not an error."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.models import Role, User
from lifeevents.models import LifeEvent
from portfolio.models import Measure, Proposal

SEARCH = "bostøtte"


@dataclass(frozen=True)
class Page:
    key: str
    names: tuple[str, ...]  # candidate URL names, the first that resolves wins
    role: str
    needs: str = ""  # "proposal", "measure", "life_event", "organisation", "round" or "agreement": the URL takes its
    # key; "history": the page lists documents (`history_documents`), its URL takes none
    query: str = ""
    baseline: bool = False
    max_queries: int = 10  # tests/test_query_counts.py
    notes: dict = field(default_factory=dict, compare=False)


PAGES = [
    Page("board", ("portfolio:board", "portfolio:triage_board", "portfolio:proposal_board"), Role.PORTFOLIO_OFFICE),
    Page("proposal_list", ("portfolio:proposal_list",), Role.PORTFOLIO_OFFICE),
    Page("proposal_list_filter", ("portfolio:proposal_list",), Role.PORTFOLIO_OFFICE, query="status=assessing"),
    Page("proposal_list_search", ("portfolio:proposal_list",), Role.PORTFOLIO_OFFICE, query=f"q={SEARCH}"),
    Page("proposal_list_page_400", ("portfolio:proposal_list",), Role.PORTFOLIO_OFFICE, query="page=400"),
    # The proposal's page: the session, the user and their second factor, the proposal in one query (the titles of
    # its related measure, the proposal it was merged into and its call, the names of its life events, missions and
    # partners, its step changes and audit trail as rows, the proposals merged into it, and whether it has
    # attachments, exemptions from public access, messages, a learning entry, decisions or consultations of user
    # panels (issue 22)), and the facilitators to choose from: 5. Each of those parts it has costs one query more
    # (its call's questions, thread, attachments, …), none when it has none: constant.
    Page("proposal_detail", ("portfolio:proposal_detail",), Role.PORTFOLIO_OFFICE, needs="proposal"),
    # The life event's page: the life event with its phases and activities, its actors, its measures (counted, the
    # terminated apart, in the same query), missions, funding, allocation letters, bodies and agreement, the signed-in
    # user and (database sessions, so pages work without Redis) the session row: constant from 1,000 to 100,000.
    Page("lifeevent_detail", ("lifeevents:lifeevent_detail",), Role.MINISTRY_OFFICIAL, needs="life_event"),
    # The ministry's start page, its history of the hundred newest documents full (a year of weekly briefs)
    Page("ministry_dashboard", ("reports:ministry_dashboard",), Role.MINISTRY_OFFICIAL, needs="history"),
    Page("shelf", ("portfolio:shelf",), Role.PORTFOLIO_OFFICE),
    Page("measure_list", ("portfolio:measure_list",), Role.PORTFOLIO_OFFICE),
    # The measure's page: the measure with its moves, benefits and dependencies (one query), its learning, decisions,
    # exemptions, benefit plan's versions (issue 23) and what users said (issue 22): one query each.
    Page("measure_detail", ("portfolio:measure_detail",), Role.PORTFOLIO_OFFICE, needs="measure"),
    # The session, the user and their second factor, the proposals (the reveal rule in the query), their scores with
    # their criteria's axes and weights, the life events of the filter: 6.
    Page("assessment_matrix", ("portfolio:assessment_matrix",), Role.PORTFOLIO_OFFICE, max_queries=6),
    Page("review_queue", ("portfolio:review_queue",), Role.AGENCY_STAFF),
    Page("lifeevent_list", ("lifeevents:lifeevent_list",), Role.AGENCY_STAFF),
    Page("organisation_detail", ("lifeevents:organisation_detail",), Role.PORTFOLIO_OFFICE, needs="organisation"),
    # Issue 22: a collaboration agreement's version (parties, funding, bodies, versions, PDF; a representative's party)
    # and a life event's generation plan.
    Page("agreement_version", ("governance:agreement_version",), Role.AGENCY_STAFF, needs="agreement"),
    Page("generation_plan", ("governance:generation_plan",), Role.AGENCY_STAFF, needs="life_event"),
    # The report page: the session, the user and their second factor, the round, the version of the report's data
    # (its body, the same frames as the PDF, is put together from parts, each built once per version of the tables it
    # reads: reports/report_page.py): 5; on a round of all
    # life events its form also offers the life events and the ministries: 7.
    Page("report_life_event", ("reports:report_detail",), Role.PORTFOLIO_OFFICE, needs="round", max_queries=7),
    Page("admin_changelist", ("bench_admin:portfolio_proposal_changelist",), Role.ADMINISTRATOR, baseline=True),
    Page(
        "admin_changelist_search",
        ("bench_admin:portfolio_proposal_changelist",),
        Role.ADMINISTRATOR,
        query=f"status__exact=assessing&q={SEARCH}",
        baseline=True,
    ),
]
ASSESSED = ("assessing", "deciding", "decided")


def sample_kwargs(needs: str) -> dict:
    """The object a page is measured on: a proposal with reviews (in the middle of the table), the first life event."""
    if needs == "proposal":
        qs = Proposal.objects.filter(status__in=ASSESSED, review_assignments__isnull=False).order_by("pk")
        ids = list(qs.values_list("pk", flat=True).distinct()[:1000])
        pk = ids[len(ids) // 2] if ids else Proposal.objects.order_by("pk").values_list("pk", flat=True).first()
        return {"pk": pk}
    if needs == "measure":  # one with benefits and dependencies, in the middle of the table
        ids = list(Measure.objects.filter(dependencies__isnull=False).order_by("pk").values_list("pk", flat=True)[:500])
        return {
            "pk": ids[len(ids) // 2] if ids else Measure.objects.order_by("pk").values_list("pk", flat=True).first()
        }
    if needs == "organisation":  # the synthetic agency that proposes and owns the most
        return {"pk": User.objects.filter(username="syn-agency1").values_list("organisation_id", flat=True).first()}
    if needs == "life_event":
        return {"slug": LifeEvent.objects.order_by("pk").values_list("slug", flat=True).first()}
    if needs == "round":  # the reporting round of the first life event, with a status report of every measure
        return {"pk": life_event_round().pk}
    if needs == "agreement":  # a collaboration agreement of the first life event, sent to its parties
        return {"pk": agreement_version().pk}
    if needs == "history":  # the documents a year of use leaves
        history_documents()
    return {}


def resolve(page: Page) -> str | None:
    """The page's URL (path and query) on the current data, or None when no candidate name exists yet."""
    kwargs = sample_kwargs(page.needs)
    for name in page.names:
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return f"{url}?{quote(page.query, safe='=&')}" if page.query else url
    return None


BENCH_ROUND = "Benchmark-runde for én livshendelse (syntetisk)"


def life_event_round():
    """The benchmark's reporting round of the first life event (opened, with status reports, when missing)."""
    from reports.models import ReportingRound
    from reports.services.rounds import round_open

    found = ReportingRound.objects.filter(title=BENCH_ROUND).first()
    if found:
        return found
    office = user_for(Role.PORTFOLIO_OFFICE)
    with transaction.atomic():
        round_ = round_open(title=BENCH_ROUND, deadline=timezone.localdate() + timedelta(days=30), by=office,
                            life_event=LifeEvent.objects.order_by("pk").first())  # fmt: skip
        status_reports(round_, office)
    return round_


def status_reports(round_, by) -> int:
    """A submitted status report for every active measure, so a report of the round has data (synthetic)."""
    from reports.models import StatusReport

    rows = [
        StatusReport(round=round_, measure_id=pk, state="submitted", traffic=("green", "yellow", "red")[pk % 3],
                     progress=(pk * 7) % 100, spent=(pk % 50) * 10_000, risks="Syntetisk risiko.",
                     submitted_at=timezone.now(), submitted_by=by)
        for pk in Measure.objects.active().values_list("pk", flat=True)
    ]  # fmt: skip
    StatusReport.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


HISTORY_DOCUMENTS = 120  # a year of a ministry's weekly briefs; its start page lists the newest (queries_pages.HISTORY)


def history_documents() -> int:
    """The finished documents of the benchmark's round that a year of use leaves: its life event's PDF brief and Excel
    workbook in bokmål and nynorsk, ordered again week after week (a new version each time, as `report_request` with
    `refresh` makes them), made once; synthetic rows, no file is read. How many there are."""
    from reports.choices import JobStatus
    from reports.models import GeneratedReport
    from reports.services.documents import parameters_hash

    round_ = life_event_round()
    made = GeneratedReport.objects.filter(round=round_, filename__startswith="syntetisk-").count()
    if made:
        return made
    by, now = user_for(Role.MINISTRY_OFFICIAL), timezone.now()
    rows = []
    for week in range(HISTORY_DOCUMENTS):
        kind, language = ("pdf", "xlsx")[week % 2], ("nb", "nn")[week // 2 % 2]
        params = {"language": language, "life_event": round_.life_event_id}
        rows.append(
            GeneratedReport(round=round_, kind=kind, parameters=params, parameters_hash=parameters_hash(kind, params),
                            version=week // 4 + 1, life_event_id=round_.life_event_id, is_restricted=True,
                            requested_by=by, status=JobStatus.DONE, progress=100,
                            finished_at=now - timedelta(days=365 - week * 3),
                            filename=f"syntetisk-{round_.life_event_id}-{language}-{week}.{kind}")
        )  # fmt: skip
    GeneratedReport.objects.bulk_create(rows)
    return len(rows)


def agreement_version():
    """The benchmark's collaboration agreement of the first life event: a version sent to the synthetic agencies of
    its measures (three parties, funding over two years), made once (synthetic)."""
    from decimal import Decimal

    from governance.agreement_models import AgreementFunding, AgreementParty, AgreementVersion, CollaborationAgreement

    event = LifeEvent.objects.order_by("pk").first()
    found = AgreementVersion.objects.filter(agreement__life_event=event).order_by("-number").first()
    if found:
        return found
    with transaction.atomic():
        agreement = CollaborationAgreement.objects.create(life_event=event, title="Samarbeidsavtale (syntetisk)")
        version = AgreementVersion.objects.create(agreement=agreement, status="sent", sent_at=timezone.now(),
                                                  governance_structure="Styringsgruppe (syntetisk).")  # fmt: skip
        agencies = User.objects.filter(username__startswith="syn-", role=Role.AGENCY_STAFF).values("organisation_id")
        for order, org_id in enumerate(sorted({row["organisation_id"] for row in agencies})[:3]):
            party = AgreementParty.objects.create(version=version, organisation_id=org_id, roles="Deltar.",
                                                  sort_order=order)  # fmt: skip
            for year in (2027, 2028):
                AgreementFunding.objects.create(version=version, party=party, year=year, amount=Decimal(1_000_000))
    return version


def user_for(role: str) -> User:
    """The synthetic user of that role (see demo.generate)."""
    return User.objects.filter(username__startswith="syn-", role=role).order_by("pk").first()


def count_queries(client, url: str) -> tuple[int, int, list[str]]:
    """(status code, number of SQL queries, the queries) of one GET, in process."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]
