"""Pages of user panels and shared user journeys (issue 22): the overview, a panel (members with their consent for
the office and the coordinating organisation, the consultations and what users said), recruiting a member,
recording that a member withdrew consent (what deleting a member means) or correcting a member's details, recording,
correcting or deleting a consultation, a journey (steps, pain points, gaps), and the office's forms for panels,
journeys, steps (added, changed, deleted) and pain points. Writes through governance/panels.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from core import access
from core.forms import add_service_errors
from core.htmx import redirect_to, template_for

from . import panel_queries as queries
from . import panels as services
from .models import Consultation, JourneyStep, PainPoint, PanelMember, UserJourney, UserPanel
from .panel_forms import (
    ConsentWithdrawalForm,
    ConsultationForm,
    JourneyStepForm,
    PainPointForm,
    PanelMemberForm,
    UserJourneyForm,
    UserPanelForm,
)

FORM_PAGE = "governance/insight_form.html"


def _form_page(request, form, *, heading: str, action: str, submit: str, back, intro: str = "", extra=None):
    """One form on its own page (a partial for htmx), 422 after a refused POST."""
    ctx = {"form": form, "heading": heading, "action": action, "submit": submit, "back": back, "intro": intro,
           **(extra or {})}  # fmt: skip
    status = 422 if request.method == "POST" else 200
    return render(request, template_for(request, FORM_PAGE, "insight-form"), ctx, status=status)


def _save(request, form, write, success: str, url) -> HttpResponse | None:
    """Run the service on a valid form; its refusal goes onto the form. The redirect on success, else None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = write(form.cleaned_data)
    except ValidationError as e:
        add_service_errors(form, e)
        return None
    messages.success(request, success)
    return redirect_to(request, url(saved) if callable(url) else url)


@require_GET
def insight_overview(request: HttpRequest) -> HttpResponse:
    ctx = {
        **queries.overview(request.user),
        "may_create_panel": access.can(request.user, "create", UserPanel),
        "may_create_journey": access.can(request.user, "create", UserJourney),
    }
    return render(request, "governance/insight_overview.html", ctx)


# ---- panels ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def panel_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", UserPanel)
    form = UserPanelForm(request.POST or None)
    done = _save(
        request,
        form,
        lambda d: services.panel_save(data=d, by=request.user),
        _("The user panel was created."),
        lambda panel: panel.get_absolute_url(),
    )
    back = (reverse("governance:insight_overview"), _("User insight"))
    return done or _form_page(
        request, form, heading=_("New user panel"), action=request.path, submit=_("Create the panel"), back=back
    )


@require_http_methods(["GET", "POST"])
def panel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    panel = access.get_for_user(request.user, UserPanel, pk, "change")
    form = UserPanelForm(request.POST or None, instance=UserPanel.objects.get(pk=panel.pk))  # a copy: the service saves
    done = _save(
        request,
        form,
        lambda d: services.panel_save(panel=panel, data=d, by=request.user),
        _("The user panel was saved."),
        panel.get_absolute_url(),
    )
    return done or _form_page(
        request, form, heading=_("Change the user panel"), action=request.path, submit=_("Save the panel"),
        back=(panel.get_absolute_url(), panel.name),
    )  # fmt: skip


@require_GET
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    panel = access.get_for_user(request.user, UserPanel, pk)
    panel = UserPanel.objects.select_related("life_event", "coordinator").get(pk=panel.pk)
    ctx = queries.panel_page(panel, request.user)
    ctx["can"] = {a: access.can(request.user, a, panel) for a in ("add_member", "consult", "see_members", "change")}
    return render(request, "governance/panel_detail.html", ctx)


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    panel = access.get_for_user(request.user, UserPanel, pk, "add_member")
    form = PanelMemberForm(request.POST or None, panel=panel)
    done = _save(
        request,
        form,
        lambda d: services.member_add(panel=panel, data=d, by=request.user),
        _("The panel member was recorded with their consent."),
        panel.get_absolute_url() + "#members",
    )
    intro = _("Record only what the member agreed to. The contact details are deleted if consent is withdrawn.")
    return done or _form_page(
        request,
        form,
        heading=_("New member of “%(panel)s”") % {"panel": panel.name},
        action=request.path,
        submit=_("Record the member"),
        back=(panel.get_absolute_url(), panel.name),
        intro=intro,
    )


@require_http_methods(["GET", "POST"])
def member_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_for_user(request.user, PanelMember, pk, "withdraw_consent")
    panel = member.panel
    form = ConsentWithdrawalForm(request.POST or None)
    done = _save(
        request,
        form,
        lambda d: services.member_withdraw_consent(member=member, on=d["withdrawn_on"], by=request.user),
        _("The consent was withdrawn and the member's contact details deleted."),
        panel.get_absolute_url() + "#members",
    )
    intro = _(
        "“%(name)s” withdraws consent to take part in “%(panel)s”. The e-mail address and phone number are deleted "
        "for good; the name stays in the list as withdrawn, and what the panel said stays attributed to the panel."
    ) % {"name": member.name, "panel": panel.name}
    return done or _form_page(
        request,
        form,
        heading=_("Withdraw consent"),
        action=request.path,
        submit=_("Withdraw consent and delete the contact details"),
        back=(panel.get_absolute_url(), panel.name),
        intro=intro,
        extra={"danger": True},
    )


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_for_user(request.user, PanelMember, pk, "change")  # 409 once consent is withdrawn
    panel = member.panel
    copy = PanelMember.objects.get(pk=member.pk)  # the form's instance; the service saves
    form = PanelMemberForm(request.POST or None, instance=copy, panel=panel, initial={})
    done = _save(
        request,
        form,
        lambda d: services.member_update(member=member, data=d, by=request.user),
        _("The panel member's details were saved."),
        panel.get_absolute_url() + "#members",
    )
    return done or _form_page(
        request,
        form,
        heading=_("Change the details of “%(name)s”") % {"name": member.name},
        action=request.path,
        submit=_("Save the member"),
        back=(panel.get_absolute_url(), panel.name),
        intro=_("To remove a member, withdraw the consent: the contact details are then deleted for good."),
    )


def _consultation_links(d) -> tuple[dict, list, list]:
    """The consultation's own fields, and the proposals and measures it is linked to, from a valid form."""
    return {k: v for k, v in d.items() if k not in ("proposals", "measures")}, d["proposals"], d["measures"]


@require_http_methods(["GET", "POST"])
def consultation_add(request: HttpRequest, pk: int) -> HttpResponse:
    panel = access.get_for_user(request.user, UserPanel, pk, "consult")
    form = ConsultationForm(request.POST or None, panel=panel, user=request.user)

    def write(d):
        data, proposals, measures = _consultation_links(d)
        return services.consultation_record(
            panel=panel, data=data, proposals=proposals, measures=measures, by=request.user
        )

    done = _save(request, form, write, _("The consultation was recorded."), panel.get_absolute_url() + "#consultations")
    intro = _("Write what the users said as the panel's findings: never name a member.")
    return done or _form_page(
        request,
        form,
        heading=_("New consultation of “%(panel)s”") % {"panel": panel.name},
        action=request.path,
        submit=_("Record the consultation"),
        back=(panel.get_absolute_url(), panel.name),
        intro=intro,
    )


@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_for_user(request.user, Consultation, pk, "change")
    panel = consultation.panel
    copy = Consultation.objects.get(pk=consultation.pk)
    form = ConsultationForm(request.POST or None, instance=copy, panel=panel, user=request.user)

    def write(d):
        data, proposals, measures = _consultation_links(d)
        return services.consultation_update(
            consultation=consultation, data=data, proposals=proposals, measures=measures, by=request.user
        )

    url = panel.get_absolute_url() + f"#consultation-{consultation.pk}"
    done = _save(request, form, write, _("The consultation was saved."), url)
    return done or _form_page(
        request,
        form,
        heading=_("Change the consultation “%(topic)s”") % {"topic": consultation.topic},
        action=request.path,
        submit=_("Save the consultation"),
        back=(panel.get_absolute_url(), panel.name),
        intro=_("Write what the users said as the panel's findings: never name a member."),
    )


@require_http_methods(["GET", "POST"])
def consultation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_for_user(request.user, Consultation, pk, "delete")
    panel = consultation.panel
    form = forms.Form(request.POST if request.method == "POST" else None)  # nothing to fill in: the POST confirms
    done = _save(
        request,
        form,
        lambda d: services.consultation_delete(consultation=consultation, by=request.user),
        _("The consultation was deleted."),
        panel.get_absolute_url() + "#consultations",
    )
    intro = _(
        "“%(topic)s” (%(date)s) and what the users said in it are deleted, and it no longer informs the proposals and "
        "measures it is linked to. The deletion is logged."
    ) % {"topic": consultation.topic, "date": date_format(consultation.date, "SHORT_DATE_FORMAT")}
    return done or _form_page(
        request,
        form,
        heading=_("Delete the consultation"),
        action=request.path,
        submit=_("Delete the consultation"),
        back=(panel.get_absolute_url(), panel.name),
        intro=intro,
        extra={"danger": True},
    )


# ---- journeys -------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def journey_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", UserJourney)
    form = UserJourneyForm(request.POST or None)
    done = _save(
        request,
        form,
        lambda d: services.journey_save(data=d, by=request.user),
        _("The user journey was created. Add its steps in the order the user meets them."),
        lambda journey: journey.get_absolute_url(),
    )
    back = (reverse("governance:insight_overview"), _("User insight"))
    return done or _form_page(
        request, form, heading=_("New user journey"), action=request.path, submit=_("Create the journey"), back=back
    )


@require_http_methods(["GET", "POST"])
def journey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    form = UserJourneyForm(request.POST or None, instance=UserJourney.objects.get(pk=journey.pk))
    done = _save(
        request,
        form,
        lambda d: services.journey_save(journey=journey, data=d, by=request.user),
        _("The user journey was saved."),
        journey.get_absolute_url(),
    )
    return done or _form_page(
        request, form, heading=_("Change the user journey"), action=request.path, submit=_("Save the journey"),
        back=(journey.get_absolute_url(), journey.title),
    )  # fmt: skip


@require_GET
def journey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk)
    journey = UserJourney.objects.select_related("life_event").get(pk=journey.pk)
    ctx = queries.journey_page(journey, request.user)
    ctx["may_change"] = access.can(request.user, "change", journey)
    return render(request, "governance/journey_detail.html", ctx)


@require_http_methods(["GET", "POST"])
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    form = JourneyStepForm(request.POST or None)
    done = _save(
        request,
        form,
        lambda d: services.step_add(journey=journey, data=d, by=request.user),
        _("The step was added."),
        lambda step: journey.get_absolute_url() + f"#step-{step.pk}",
    )
    return done or _form_page(
        request,
        form,
        heading=_("New step in “%(journey)s”") % {"journey": journey.title},
        action=request.path,
        submit=_("Add the step"),
        back=(journey.get_absolute_url(), journey.title),
        intro=_("The step is added after the last one."),
    )


def _journey_and_step(request, pk: int, step_pk: int):
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    step = JourneyStep.objects.filter(journey=journey, pk=step_pk).first()
    if step is None:
        raise Http404
    return journey, step


@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    journey, step = _journey_and_step(request, pk, step_pk)
    form = JourneyStepForm(request.POST or None, instance=JourneyStep.objects.get(pk=step.pk))
    done = _save(
        request,
        form,
        lambda d: services.step_update(journey=journey, step=step, data=d, by=request.user),
        _("The step was saved."),
        journey.get_absolute_url() + f"#step-{step.pk}",
    )
    return done or _form_page(
        request,
        form,
        heading=_("Change step %(n)s: %(title)s") % {"n": step.position, "title": step.title},
        action=request.path,
        submit=_("Save the step"),
        back=(journey.get_absolute_url(), journey.title),
    )


@require_http_methods(["GET", "POST"])
def step_delete(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    journey, step = _journey_and_step(request, pk, step_pk)
    form = forms.Form(request.POST if request.method == "POST" else None)  # nothing to fill in: the POST confirms
    done = _save(
        request,
        form,
        lambda d: services.step_delete(journey=journey, step=step, by=request.user),
        _("The step was deleted, with its pain points."),
        journey.get_absolute_url(),
    )
    points = step.pain_points.count()
    intro = ngettext(
        "Step %(n)s, “%(title)s”, is deleted with its %(count)d pain point, which is unlinked from the proposals and "
        "measures that address it. The later steps move up one place. The deletion is logged.",
        "Step %(n)s, “%(title)s”, is deleted with its %(count)d pain points, which are unlinked from the proposals "
        "and measures that address them. The later steps move up one place. The deletion is logged.",
        points,
    ) % {"n": step.position, "title": step.title, "count": points}
    return done or _form_page(
        request,
        form,
        heading=_("Delete the step"),
        action=request.path,
        submit=_("Delete the step"),
        back=(journey.get_absolute_url(), journey.title),
        intro=intro,
        extra={"danger": True},
    )


@require_http_methods(["GET", "POST"])
def pain_point_add(request: HttpRequest, pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    return _pain_point_form(request, journey, None)


@require_http_methods(["GET", "POST"])
def pain_point_edit(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    point = PainPoint.objects.select_related("step").filter(step__journey=journey, pk=point_pk).first()
    if point is None:
        raise Http404
    return _pain_point_form(request, journey, point)


def _pain_point_form(request, journey, point):
    form = PainPointForm(request.POST or None, instance=point, journey=journey, user=request.user)
    if point is not None:  # the form's instance is the service's to change, not the form's
        form.instance = PainPoint(pk=point.pk, step=point.step)

    def write(d):
        data = {k: v for k, v in d.items() if k not in ("proposals", "measures")}
        return services.pain_point_save(
            journey=journey,
            pain_point=point,
            data=data,
            proposals=d["proposals"],
            measures=d["measures"],
            by=request.user,
        )

    done = _save(
        request,
        form,
        write,
        _("The pain point was saved."),
        lambda saved: journey.get_absolute_url() + f"#pain-{saved.pk}",
    )
    return done or _form_page(
        request,
        form,
        heading=_("Change the pain point") if point else _("New pain point"),
        action=request.path,
        submit=_("Save the pain point"),
        back=(journey.get_absolute_url(), journey.title),
        intro=_("Link the proposals and measures that address it. A pain point nothing addresses is shown as a gap."),
    )
