"""Who may do what with user panels, their members and consultations, and the shared user journeys (issue 22;
governance/panel_models.py). Registered with `core.access`; loaded by governance/rules.py.

Seeing is `visible_to` of each model: panels and journeys by the life events a user follows (the office all),
consultations wherever a proposal or measure they inform is seen, members (personal data) only by the office and the
panel's coordinating organisation. The office keeps panels and journeys (their steps and pain points too); the
coordinating organisation recruits members and records, corrects and deletes consultations with its panel too. A
member's consent is withdrawn once (afterwards: not now), and a member is corrected only while consent is given."""

from __future__ import annotations

from core.access import is_agency_staff, is_class, is_office, is_staff_of, rule


def _office(user, obj) -> bool:
    return is_office(user)


def _office_or_coordinator(user, panel) -> bool:
    """The office, and staff of the panel's coordinating organisation (class-level: any agency staff might be)."""
    if is_office(user):
        return True
    if is_class(panel):
        return is_agency_staff(user)
    return is_staff_of(user, panel.coordinator_id)


@rule("governance.userpanel", "view")
def _panel_view(user, panel) -> bool:
    return True  # UserPanel.objects.visible_to decides


rule("governance.userpanel", "create", "change")(_office)
# The member list with contact details, recruiting a member, and recording a consultation
rule("governance.userpanel", "see_members", "add_member", "consult")(_office_or_coordinator)


@rule("governance.panelmember", "view")
def _member_view(user, member) -> bool:
    return True  # PanelMember.objects.visible_to decides (the office and the coordinating organisation)


def _has_consent(member) -> bool:
    return member.consent_withdrawn_on is None


@rule("governance.panelmember", "withdraw_consent", "change", when=_has_consent)
def _member_withdraw(user, member) -> bool:
    """The office, or the coordinating organisation, records that a member withdrew consent, and corrects a member's
    details while consent is given (after a withdrawal there is nothing left to correct: not now). Withdrawing is
    what deleting a member means: the name stays as withdrawn, the contact details go."""
    return _office_or_coordinator(user, member if is_class(member) else member.panel)


@rule("governance.consultation", "view")
def _consultation_view(user, consultation) -> bool:
    return True  # Consultation.objects.visible_to decides


@rule("governance.consultation", "change", "delete")
def _consultation_keep(user, consultation) -> bool:
    """Those who record a panel's consultations correct or delete them: the office and the coordinating
    organisation."""
    return _office_or_coordinator(user, consultation if is_class(consultation) else consultation.panel)


@rule("governance.userjourney", "view")
def _journey_view(user, journey) -> bool:
    return True  # UserJourney.objects.visible_to decides


rule("governance.userjourney", "create", "change")(_office)
