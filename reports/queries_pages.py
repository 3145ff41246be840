"""Reads of the pages of rounds and documents: a round's completeness and what each organisation still owes, the
open rounds, the documents a user may see as their tables print them, and the ministry's start page's briefs."""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.fields.json import KeyTextTransform
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import access, export
from core.dashboard import read_once
from lifeevents import figures
from lifeevents.models import LifeEvent
from portfolio.models import Measure

from .choices import DocumentKind, JobStatus, StatusReportState
from .models import GeneratedReport, ReportingRound, StatusReport

COMPLETENESS_COLUMNS = [  # the round page's completeness table, downloaded (core.export)
    export.Column(_("Organisation"), lambda r: r["owner__name"]),
    export.Column(_("Measures"), lambda r: r["due"]),
    export.Column(_("Submitted"), lambda r: r["submitted"]),
    export.Column(_("Missing"), lambda r: r["missing"]),
]


def round_completeness(round: ReportingRound) -> list[dict]:
    """Per owner organisation: measures due, reports submitted, and the reports it still owes
    (`figures.reports_owed`, as `missing`): what the office chases and what the reminders count."""
    measures = round_measures(round)
    rows = (
        measures.values("owner_id", "owner__name")
        .annotate(
            due=Count("pk", distinct=True),
            submitted=Count(
                "status_reports",
                filter=Q(status_reports__round=round, status_reports__state=StatusReportState.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("owner__name")
    )
    return [{**r, "missing": figures.reports_owed(r["due"], r["submitted"])} for r in rows]


def round_measures(round: ReportingRound):
    """The measures that owe a status report in the round: active ones of its life event (or all)."""
    measures = Measure.objects.active()
    if round.life_event_id:
        measures = measures.filter(life_events=round.life_event_id)
    return measures.distinct()


def owed_by(round: ReportingRound, user) -> list[dict]:
    """The measures the user's organisation owns in the round, with the state of each report."""
    measures = round_measures(round).filter(owner_id=user.organisation_id).order_by("title")
    reports = {r.measure_id: r for r in StatusReport.objects.filter(round=round, measure__in=measures)}
    return [{"measure": m, "report": reports.get(m.pk)} for m in measures]


def still_owed(owed: list[dict]) -> int:
    """Status reports still owed (`figures.reports_owed`) of `owed_by`'s rows: its measures due, less their reports
    submitted in the round."""
    submitted = sum(1 for o in owed if o["report"] and o["report"].state == StatusReportState.SUBMITTED)
    return figures.reports_owed(len(owed), submitted)


@read_once
def open_rounds_for(user, limit: int = 5) -> list[ReportingRound]:
    """The home panel: open rounds; for agency staff only those where their organisation still owes a report, each
    with how many (`owed`: `figures.reports_owed` of its measures, counted with the rounds in one query)."""
    rounds = ReportingRound.objects.visible_to(user).filter(status="open").defer("snapshot")
    if not access.can(user, "report_status", ReportingRound):
        return list(rounds[:limit])
    listed = list(rounds.with_reports_owed(organisation_id=user.organisation_id)[:limit])
    for round in listed:
        round.owed = figures.reports_owed(round.due, round.submitted)
    return [round for round in listed if round.owed]


def documents_for(user, round: ReportingRound | None = None):
    documents = (
        GeneratedReport.objects.visible_to(user)
        .select_related("round", "life_event", "ministry", "requested_by")
        .defer("round__snapshot")
    )
    return documents.filter(round=round) if round else documents


DOCUMENT_COLUMNS = (
    "pk", "kind", "status", "version", "office_only", "filename", "finished_at", "requested_at", "life_event_id",
    "round__title", "life_event__name_nb", "life_event__name_nn", "life_event__name_en", "ministry__name",
)  # fmt: skip


def document_rows(documents, **extra) -> list[dict]:
    """Documents as the pages print them (`reports.templatetags.document_rows`: the list of all reports, the history
    on the ministry's start page), read as plain rows (one query, only these columns and the `extra` expressions)
    shaped like the attributes the templates read: `round.title`, `life_event.name` (`LifeEvent.name` in the user's
    language), `ministry.name`, `get_kind_display`, `get_status_display`, `language` (`GeneratedReport.language`),
    `is_done`."""
    kinds, statuses = dict(DocumentKind.choices), dict(JobStatus.choices)
    name = LifeEvent.name.fget
    rows = []
    for r in documents.values(*DOCUMENT_COLUMNS, language=KeyTextTransform("language", "parameters"), **extra):
        event = None
        if r["life_event_id"] is not None:
            names = SimpleNamespace(name_nb=r["life_event__name_nb"], name_nn=r["life_event__name_nn"],
                                    name_en=r["life_event__name_en"])  # fmt: skip
            event = {"name": name(names)}
        r.update(
            round={"title": r["round__title"]},
            life_event=event,
            ministry={"name": r["ministry__name"]} if r["ministry__name"] else None,
            get_kind_display=kinds.get(r["kind"], r["kind"]),
            get_status_display=statuses.get(r["status"], r["status"]),
            language=r["language"] or settings.LANGUAGE_CODE,
            is_done=r["status"] == JobStatus.DONE,
        )
        rows.append(r)
    return rows


HISTORY = 10  # the ministry's start page: its newest documents; the list of all reports has every one, page by page


def _briefs(user, events) -> Q:
    """The briefs of the ministry's start page: PDFs of one of `events` alone, or of all the ministry's life events."""
    ministry = access.ministry_of(user)
    return Q(kind=DocumentKind.PDF) & (Q(life_event__in=events) | Q(life_event__isnull=True, ministry_id=ministry))


def _latest_briefs(done, user, events):
    """The keys of the briefs (`_briefs`) among the documents `done` that `latest_documents_by_life_event` chooses
    from: of each life event and of the ministry's life events, the newest finished in each language (it takes the one
    in the user's language, else the newest), so the rows read stay as many as the life events and the languages,
    however many briefs a year of use leaves."""
    return (
        done.filter(_briefs(user, events))
        .order_by("life_event_id", "ministry_id", "parameters__language", "-finished_at", "-pk")
        .distinct("life_event_id", "ministry_id", "parameters__language")
        .values("pk")
    )


def ministry_documents(user, events) -> tuple[list[dict], list[dict]]:
    """The finished documents of the ministry's start page in one query (`document_rows`): the latest briefs of
    `events` (the ministry's life events, `_latest_briefs`; newest finished first, for
    `latest_documents_by_life_event`), and its history: the newest HISTORY documents the user may see (newest
    requested first). The history's rows are the newest of all the rows read, since every one of them is read."""
    done = GeneratedReport.objects.visible_to(user).filter(status=JobStatus.DONE)
    newest = done.order_by("-requested_at", "-pk").values("pk")[:HISTORY]
    rows = document_rows(
        done.filter(Q(pk__in=_latest_briefs(done, user, events)) | Q(pk__in=newest)).order_by("-finished_at"),
        # a brief, latest or older (of the history): the newest of each life event and language comes first
        is_brief=models.ExpressionWrapper(_briefs(user, events), output_field=models.BooleanField()),
    )
    history = sorted(rows, key=lambda r: (r["requested_at"], r["pk"]), reverse=True)[:HISTORY]
    return [r for r in rows if r["is_brief"]], history


def latest_documents_by_life_event(
    user, language: str | None = None, *, events=None, rounds=None, documents=None
) -> tuple[list[dict], dict | None]:
    """The ministry dashboard: each of the ministry's life events with the latest finished brief (PDF) of that life
    event alone, in `language` (the user's) when there is one, else the latest in another language (the page says
    which), and the latest round that covers it (to order a brief or open the report of that life event); and
    the brief of all the ministry's life events (the latest finished one, and the latest round across all life
    events to order it), None outside the ministry scope. A fixed number of queries. `events` (the ministry's life
    events), `rounds` (`latest_rounds`) and `documents` (the briefs of `ministry_documents`): what the start page has
    read already."""
    organisation = user.organisation_id  # the life events the user's organisation owns or takes part in
    if events is None:
        events = list(LifeEvent.objects.of_ministry(organisation)) if organisation else []
    ministry = access.ministry_of(user)
    if documents is None:
        done = GeneratedReport.objects.visible_to(user).filter(status=JobStatus.DONE)
        documents = document_rows(done.filter(pk__in=_latest_briefs(done, user, events)).order_by("-finished_at"))
    language = language or translation.get_language() or settings.LANGUAGE_CODE

    def better(held, doc) -> bool:  # newest first: the first one, or the first in the user's language
        return held is None or (held["language"] != language and doc["language"] == language)

    by_event, brief = {}, None
    for doc in documents:
        if doc["life_event_id"] is None:
            brief = doc if better(brief, doc) else brief
        elif better(by_event.get(doc["life_event_id"]), doc):
            by_event[doc["life_event_id"]] = doc
    if rounds is None:
        rounds = list(latest_rounds(user))
    cards = [
        {
            "life_event": e,
            "document": by_event.get(e.pk),
            "round": next((r for r in rounds if r.life_event_id in (None, e.pk)), None),
        }
        for e in events
    ]
    whole = {
        "ministry": ministry,
        "document": brief,
        "round": next((r for r in rounds if r.life_event_id is None), None),
    }
    return cards, whole if ministry else None


def latest_rounds(user):
    """The latest 50 rounds the user sees, newest first (unevaluated): the round to order each brief in."""
    return ReportingRound.objects.visible_to(user).defer("snapshot").order_by("-opened_at", "-pk")[:50]
