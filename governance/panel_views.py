"""Pages of user panels (issue 22): the overview of user insight, a panel (members with their consent for the office
and the coordinating organisation, the consultations and what users said), recruiting a member, recording that a
member withdrew consent (what deleting a member means) or correcting a member's details, recording, correcting or
deleting a consultation, and the office's forms for panels. The user journeys are in journey_views.py. Writes
through governance/panels.py."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import access

from . import panel_queries as queries
from . import panels as services
from .insight_pages import form_page, save_form
from .models import Consultation, PanelMember, UserJourney, UserPanel
from .panel_forms import ConsentWithdrawalForm, ConsultationForm, PanelMemberForm, UserPanelForm


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
    done = save_form(
        request,
        form,
        lambda d: services.panel_save(data=d, by=request.user),
        _("The user panel was created."),
        lambda panel: panel.get_absolute_url(),
    )
    back = (reverse("governance:insight_overview"), _("User insight"))
    return done or form_page(
        request, form, heading=_("New user panel"), action=request.path, submit=_("Create the panel"), back=back
    )


@require_http_methods(["GET", "POST"])
def panel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    panel = access.get_for_user(request.user, UserPanel, pk, "change")
    form = UserPanelForm(request.POST or None, instance=UserPanel.objects.get(pk=panel.pk))  # a copy: the service saves
    done = save_form(
        request,
        form,
        lambda d: services.panel_save(panel=panel, data=d, by=request.user),
        _("The user panel was saved."),
        panel.get_absolute_url(),
    )
    return done or form_page(
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
    done = save_form(
        request,
        form,
        lambda d: services.member_add(panel=panel, data=d, by=request.user),
        _("The panel member was recorded with their consent."),
        panel.get_absolute_url() + "#members",
    )
    intro = _("Record only what the member agreed to. The contact details are deleted if consent is withdrawn.")
    return done or form_page(
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
    done = save_form(
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
    return done or form_page(
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
    done = save_form(
        request,
        form,
        lambda d: services.member_update(member=member, data=d, by=request.user),
        _("The panel member's details were saved."),
        panel.get_absolute_url() + "#members",
    )
    return done or form_page(
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

    done = save_form(
        request, form, write, _("The consultation was recorded."), panel.get_absolute_url() + "#consultations"
    )
    intro = _("Write what the users said as the panel's findings: never name a member.")
    return done or form_page(
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
    done = save_form(request, form, write, _("The consultation was saved."), url)
    return done or form_page(
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
    done = save_form(
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
    return done or form_page(
        request,
        form,
        heading=_("Delete the consultation"),
        action=request.path,
        submit=_("Delete the consultation"),
        back=(panel.get_absolute_url(), panel.name),
        intro=intro,
        extra={"danger": True},
    )
