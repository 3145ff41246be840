"""The proposal list (filters, search, 50 a page, an htmx table), a proposal's page, and the overlap suggestions
of the intake form. The page's actions post to views/harmonise.py (step 2) and views/intake.py (drafts)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from core import access, export, extensions, listing
from core.htmx import is_partial

from .. import redaction
from ..filters import ProposalFilter
from ..forms.harmonise import FacilitatorForm, QualifyForm, UnmergeForm
from ..models import Proposal
from ..queries import call_intake, exports, overlap, public_access, timeline
from ..queries import proposals as queries
from ..services import intake

PER_PAGE = 50
DETAIL = "portfolio/proposal_detail.html"
ACTIONS = ("change", "attach", "submit", "withdraw", "answer", "triage", "qualify", "ask", "note",
           "assign_facilitator", "see_internal", "decide", "see_scoring", "unmerge")  # fmt: skip


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    filters = ProposalFilter(request.GET or None, queryset=Proposal.objects.visible_to(request.user), request=request)
    if fmt := export.requested(request):  # the same rows as the page, all of them
        rows = exports.proposal_rows(filters.qs, request.user)
        columns = exports.PROPOSAL_COLUMNS + call_intake.answer_columns(rows)  # the calls' questions (issue 22)
        return export.response(rows, columns, name="forslag", fmt=fmt)
    qs = filters.qs
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = queries.proposal_list_rows(qs, (page.number - 1) * PER_PAGE, PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    partial = is_partial(request)
    ctx = {"filters": filters, "page": page, "query": query.urlencode(), "oob_count": partial, "texts": _texts(page),
           "list_url": reverse("portfolio:proposal_list"),
           "filter_panel": listing.filter_panel(request, filters.form),
           "tools": listing.tools(request, "portfolio:proposal_list")}  # fmt: skip
    template = "portfolio/proposal_list.html" + ("#proposal-table" if partial else "")
    return render(request, template, ctx)


def _texts(page) -> dict[str, str]:
    """The list's count and page, as its heading, caption, announcement and page links say them (once per page)."""
    n, numbers = page.paginator.count, {"n": localize(page.number), "total": localize(page.paginator.num_pages)}
    return {"count": ngettext("%(n)s proposal", "%(n)s proposals", n) % {"n": localize(n)},
            "found": ngettext("%(n)s proposal found.", "%(n)s proposals found.", n) % {"n": localize(n)},
            "page": gettext("page %(n)s of %(total)s") % numbers,
            "Page": gettext("Page %(n)s of %(total)s") % numbers}  # fmt: skip


def detail_context(request: HttpRequest, pk: int, **forms) -> dict:
    """Everything a proposal's page shows to this user; `forms` replaces a form that failed validation (a message's
    form is only there when it failed: the page writes its inputs and shows only its errors)."""
    user = request.user
    visible = Proposal.objects.visible_to(user)
    internal = access.can(user, "see_internal", Proposal)
    proposal = queries.proposal_page_object(visible, pk, internal=internal)  # 404 when invisible
    questions = call_intake.call_questions(proposal)  # with its answers; their labels name exempt answers too
    panel = public_access.exemption_panel(user, proposal, questions=questions)
    known = {proposal: panel["exemptions"]}  # exempt parts: the legal basis, for those who may not see them
    redaction.redact(user, proposal, known=known)
    # (no query for those the user may read whole, nor for those read with no exemption)
    none = {merged: [] for merged in proposal.merged_list if not merged.has_exemptions}
    redaction.redact(user, *proposal.merged_list, mark=False, known=none)
    # redacted; before the attachments: a withheld file answer's file is withheld too
    call_answers = call_intake.answer_rows(proposal, questions)
    redaction.redact_audit(proposal, proposal.audit_list, attachments=proposal.attachment_list)
    for attachment in proposal.attachment_list:
        attachment.withheld = proposal.withheld.get(redaction.attachment_key(attachment.pk))
    can = {action: access.can(user, action, proposal) for action in ACTIONS}
    thread, notes = queries.proposal_thread(proposal, internal=can["see_internal"])
    ctx = {
        "proposal": proposal,
        "can": can,
        "thread": thread,
        "notes": notes,
        "timeline": timeline.proposal_timeline(proposal),
        "sections": extensions.sections("portfolio.proposal", proposal, user),  # what higher apps add (user panels)
        "is_submitter": access.is_staff_of(user, proposal.organisation_id),
        "call_answers": call_answers,
        "public_access": panel,
        **forms,
    }
    if can["assign_facilitator"] and "facilitator_form" not in forms:
        initial = {"facilitator": proposal.facilitator_id}
        ctx["facilitator_form"] = FacilitatorForm(user=user, proposal=proposal, initial=initial)
    if can["qualify"]:
        if "qualify_form" not in forms:
            ctx["qualify_form"] = QualifyForm(user=user, initial={"version": proposal.version})
        ctx["overlap"] = overlap.overlap_candidates(proposal, user=user)
    if can["unmerge"] and "unmerge_form" not in forms:
        ctx["unmerge_form"] = UnmergeForm()
    return ctx


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, DETAIL, detail_context(request, pk))


@require_GET
def proposal_public(request: HttpRequest, pk: int) -> HttpResponse:
    """A submitted proposal's public part (title, need, life events, organisation, status, and the public part of
    the proposals merged into it), for anyone signed in: where "merged with" and the similarity hints lead those
    who may not open the proposal itself. Who may open it goes to its page."""
    if Proposal.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect("portfolio:proposal_detail", pk=pk)
    proposal = queries.public_proposal(pk)  # 404 for a draft
    redaction.redact(request.user, proposal, *proposal.public_merged)
    return render(request, "portfolio/proposal_public.html", {"proposal": proposal})


@require_GET
def overlap_suggest(request: HttpRequest) -> HttpResponse:
    """The intake form's hints: measures and proposals similar to the unsaved title and need (only what the user
    may see). Anyone who may register proposals (agency staff and the office)."""
    if not intake.may_register(request.user):
        raise PermissionDenied
    draft = Proposal(title=request.GET.get("title", "")[:200], need=request.GET.get("need", "")[:5000])
    candidates = overlap.overlap_candidates(draft, user=request.user) if (draft.title or draft.need).strip() else []
    return render(request, "portfolio/_overlap_list.html", {"candidates": candidates, "suggest": True, "level": 3})
