"""Who may do what with collaboration agreements and generations, registered with `core.access` (loaded by
governance/rules.py).

The office drafts an agreement for a life event, edits a draft, sends it for confirmation and makes a new version
of one that was sent. A party's representative (agency staff or a ministry official of the party's organisation)
answers for it while the version awaits confirmation, once. Everyone signed in reads agreements that were sent
(`AgreementVersion.objects.visible_to`) and a life event's generations; the office keeps the generations."""

from __future__ import annotations

from core.access import is_agency_staff, is_class, is_ministry_official, is_office, rule

from .agreement_models import AgreementResponse, AgreementStatus

REVISABLE = (AgreementStatus.SENT, AgreementStatus.IN_FORCE, AgreementStatus.DECLINED)


def _office(user, obj) -> bool:
    return is_office(user)


def _everyone(user, obj) -> bool:
    return True  # the queryset's visible_to decides


def _draft(version) -> bool:
    return version.status == AgreementStatus.DRAFT


def _in_force(version) -> bool:
    return version.status == AgreementStatus.IN_FORCE


def _sent(version) -> bool:
    return version.status == AgreementStatus.SENT


def _latest_sent_or_in_force(version) -> bool:
    """A new version is made from the newest one, once it was sent (a draft is edited instead)."""
    if version.status not in REVISABLE:
        return False
    return not version.agreement.versions.filter(number__gt=version.number).exists()


def representative_party(user, version):
    """The party of `version` that `user` answers for and that has not answered yet, or None: agency staff and
    ministry officials represent their own organisation."""
    if not (is_agency_staff(user) or is_ministry_official(user)) or not user.organisation_id:
        return None
    for party in version.parties.all():  # prefetched by the version's page (with its answer); one query otherwise
        if party.organisation_id == user.organisation_id and not _answered(party):
            return party
    return None


def _answered(party) -> bool:
    try:
        party.response  # noqa: B018 - select_related by the page
    except AgreementResponse.DoesNotExist:
        return False
    return True


def _respond(user, version) -> bool:
    if is_class(version):
        return is_agency_staff(user) or is_ministry_official(user)
    return representative_party(user, version) is not None


rule("governance.collaborationagreement", "view")(_everyone)
rule("governance.collaborationagreement", "create")(_office)
rule("governance.agreementversion", "view")(_everyone)
rule("governance.agreementversion", "change", "send", when=_draft)(_office)
rule("governance.agreementversion", "revise", when=_latest_sent_or_in_force)(_office)
rule("governance.agreementversion", "respond", when=_sent)(_respond)
rule("governance.agreementversion", "order_pdf", when=_in_force)(_office)
rule("governance.agreementdocument", "view")(_everyone)
rule("governance.generation", "view")(_everyone)
rule("governance.generation", "create", "change")(_office)
