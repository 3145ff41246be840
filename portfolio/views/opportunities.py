"""Where to look (issue 23: seeking, not only receiving): the office's page of suggestions for opportunities to
seek out (portfolio/queries/opportunities.py), each linking to where the office follows it up, and to the intake form
where it registers what it sought out (the proposal's channel)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import access

from ..models import Proposal
from ..queries import opportunities as queries


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "seek", Proposal)
    ctx = {
        "lagging": queries.lagging_benefits(request.user),
        "crowded": queries.crowded_life_events(request.user),
        "learning": queries.learning_not_followed_up(request.user),
    }
    return render(request, "portfolio/opportunity_list.html", ctx)
