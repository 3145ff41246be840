"""Access-matrix cases of the collaboration agreements and generations (issue 22; governance/rules_agreements.py),
added to tests/governance/access_cases.py's CASES (format: tests/access_matrix.py).

An agreement version that was sent is read by everyone signed in; a draft only by the office (others: 404). The
office drafts, edits, sends and makes new versions; a party's representative (NAV here) answers; the others may
see the version but not answer (403). Everyone reads a life event's generations; the office keeps them."""

from tests.access_matrix import Case, Personas

ALL = {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 200, "admin": 200}
OFFICE_ONLY = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 403, "admin": 200}
OFFICE_POST = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 302, "ministry": 403, "admin": 302}
DRAFT_PAGE = {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200}
DRAFT_POST = {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 302, "ministry": 404, "admin": 302}
PARTY_ANSWERS = {"anonymous": 302, "agency": 200, "other_agency": 403, "office": 403, "ministry": 403, "admin": 403}


def _version(personas: Personas, status: str = "sent") -> dict:
    from governance.agreement_models import AgreementParty, AgreementVersion, CollaborationAgreement
    from tests.factories.lifeevents import LifeEventFactory

    event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    agreement = CollaborationAgreement.objects.create(life_event=event, title="Samarbeidsavtale")
    version = AgreementVersion.objects.create(agreement=agreement, status=status)
    AgreementParty.objects.create(version=version, organisation=personas.agency.organisation, roles="Deltar.")
    return {"pk": version.pk}


def _draft(personas: Personas) -> dict:
    return _version(personas, "draft")


def _in_force_with_pdf(personas: Personas) -> dict:
    from django.core.files.base import ContentFile

    from governance.agreement_models import AgreementDocument

    kwargs = _version(personas, "in_force")
    document = AgreementDocument(agreement_version_id=kwargs["pk"], status="done")
    document.file.save("avtale.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return kwargs


def _in_force_with_failed_pdf(personas: Personas) -> dict:
    from governance.agreement_models import AgreementDocument

    kwargs = _version(personas, "in_force")
    AgreementDocument.objects.create(agreement_version_id=kwargs["pk"], status="failed", error="Stopp")
    return kwargs


def _life_event(personas: Personas) -> dict:
    from tests.factories.lifeevents import LifeEventFactory

    return {"slug": LifeEventFactory(owner_ministry=personas.ministry.organisation).slug}


def _generation(personas: Personas) -> dict:
    from governance.generation_models import Generation
    from tests.factories.lifeevents import LifeEventFactory

    event = LifeEventFactory(planning_mode="generations")
    return {"pk": Generation.objects.create(life_event=event, number=1, name="Starte på nytt sammen").pk}


CASES: list[Case] = [
    Case("governance:agreement_create", _life_event, OFFICE_POST, method="post"),
    Case("governance:agreement_version", _version, ALL, note="sent: everyone reads it"),
    Case("governance:agreement_version", _draft, DRAFT_PAGE, note="a draft is the office's"),
    Case("governance:agreement_edit", _draft, DRAFT_PAGE),
    Case("governance:agreement_send", _draft, DRAFT_POST, method="post", note="incomplete: back to the page"),
    Case("governance:agreement_respond", _version, PARTY_ANSWERS, note="NAV is the party"),
    Case("governance:agreement_revise", _version, OFFICE_POST, method="post"),
    Case("governance:agreement_pdf", _in_force_with_pdf, ALL),
    Case("governance:agreement_pdf_order", _in_force_with_failed_pdf, OFFICE_POST, method="post"),
    Case("governance:generation_plan", _life_event, ALL),
    Case("governance:planning_mode", _life_event, OFFICE_POST, method="post", data={"planning_mode": "generations"}),
    Case("governance:generation_create", _life_event, OFFICE_ONLY),
    Case("governance:generation_edit", _generation, OFFICE_ONLY),
]
