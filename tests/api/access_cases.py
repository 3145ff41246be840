"""Access-matrix cases of the self-service webhook pages (format: tests/access_matrix.py): an organisation's own
people manage its subscriptions (NAV's agency staff NAV's); administrators every organisation's; the office reads
others' (it sees the whole portfolio) but may not change them."""

from tests.access_matrix import Case, Personas

OWN_LIST = {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 200, "admin": 200}
NAVS = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200}
NAVS_POST = {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 403, "ministry": 404, "admin": 302}


def _nothing(personas: Personas) -> dict:
    return {}


def _navs(personas: Personas) -> dict:
    from api.models import WebhookDelivery, WebhookSubscription

    subscription = WebhookSubscription.objects.create(
        organisation=personas.agency.organisation, owner=personas.agency, url="https://nav.example/hook",
        events=["proposal.submitted"], secret="s" * 64,
    )  # fmt: skip
    delivery = WebhookDelivery.objects.create(subscription=subscription, event="proposal.submitted", payload={})
    return {"pk": subscription.pk, "_delivery": delivery.pk}


def _navs_delivery(personas: Personas) -> dict:
    made = _navs(personas)
    return {"pk": made["pk"], "delivery": made["_delivery"]}


CASES: list[Case] = [
    Case("webhooks:webhook_list", _nothing, {**OWN_LIST, "admin": 200}, note="the admin persona has no organisation"),
    Case(
        "webhooks:webhook_create",
        _nothing,
        {"anonymous": 302, "agency": 422, "other_agency": 422, "office": 422, "ministry": 422, "admin": 422},
        method="post",
        note="empty: the form again with its errors",
    ),
    Case("webhooks:webhook_detail", _navs, NAVS),
    Case("webhooks:webhook_pause", _navs, NAVS_POST, method="post"),
    Case("webhooks:webhook_resume", _navs, NAVS_POST, method="post"),
    Case("webhooks:webhook_delete", _navs, NAVS_POST, method="post"),
    Case("webhooks:delivery_resend", _navs_delivery, NAVS_POST, method="post"),
]
