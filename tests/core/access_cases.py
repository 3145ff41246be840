"""Access-matrix cases of core's own URLs (format: tests/access_matrix.py): home, the public pages, login/logout."""

from tests.access_matrix import Case, Personas

_SIGNED_IN = {"agency": 200, "other_agency": 200, "office": 200, "ministry": 200, "admin": 200}
_PUBLIC = {"anonymous": 200, **_SIGNED_IN}
_ALL_REDIRECT = {"anonymous": 302, "agency": 302, "other_agency": 302, "office": 302, "ministry": 302, "admin": 302}


def _nothing(personas: Personas) -> dict:
    return {}


CASES: list[Case] = [
    Case("home", _nothing, {"anonymous": 302, **_SIGNED_IN}),
    Case("accessibility", _nothing, _PUBLIC, note="the accessibility statement is public"),
    Case("health", _nothing, _PUBLIC, note="monitoring: the state of the services, no data"),
    Case("health_live", _nothing, _PUBLIC, note="the web container's own health check, no data"),
    Case(
        "login",
        _nothing,
        {"anonymous": 200, "agency": 302, "other_agency": 302, "office": 302, "ministry": 302, "admin": 302},
        note="a signed-in user is sent on to the home page",
    ),
    Case(
        "login",
        _nothing,
        {"anonymous": 200, "agency": 302, "other_agency": 302, "office": 302, "ministry": 302, "admin": 302},
        method="post",
        data={"username": "nobody", "password": "wrong-password-123"},
        note="a wrong password re-renders the form (200); signed-in users are redirected before the form",
    ),
    Case(
        "logout",
        _nothing,
        {"anonymous": 302, "agency": 405, "other_agency": 405, "office": 405, "ministry": 405, "admin": 405},
        note="logging out is a POST only",
    ),
    Case("logout", _nothing, _ALL_REDIRECT, method="post"),
    Case("set_language", _nothing, _ALL_REDIRECT, method="post", data={"language": "en", "next": "/"}),
]


def _saved_view_of_agency(personas: Personas) -> dict:
    from core.models import SavedView

    view = SavedView.objects.create(user=personas.agency, list_name="portfolio:proposal_list", name="Mine", query="")
    return {"pk": view.pk}


_SAVED = {"anonymous": 302, **{persona: 302 for persona in _SIGNED_IN}}
CASES += [
    Case(
        "saved_view_save",
        _nothing,
        _SAVED,
        method="post",
        data={"name": "Mine", "list_name": "portfolio:proposal_list", "query": "status=submitted"},
        note="every signed-in user saves their own views; back to the list (302)",
    ),
    Case(
        "saved_view_delete",
        _saved_view_of_agency,
        {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 404, "ministry": 404, "admin": 404},
        method="post",
        note="a saved view is its user's own: nobody else sees it (404)",
    ),
]
CASES += [
    Case(
        "admin:index",
        _nothing,
        {"anonymous": 302, "agency": 302, "other_agency": 302, "office": 302, "ministry": 302, "admin": 200},
        note="only staff reach the admin; everyone else is sent to the admin's own login",
    ),
]

# The second factor's steps (core.second_factor): the office and administrators (signed in with their app by the
# matrix's client) see their page; the others are sent on, as is everyone from the steps they do not need.
_TWO_STEP = {"anonymous": 302, "agency": 302, "other_agency": 302, "office": 200, "ministry": 302, "admin": 200}
CASES += [
    Case("second_factor_verify", _nothing, _ALL_REDIRECT, note="a verified session, or one that needs no code: on"),
    Case("second_factor_setup", _nothing, _TWO_STEP, note="the office's and administrators' second-factor page"),
    Case("second_factor_backup_codes", _nothing, _ALL_REDIRECT, note="no new codes in the session: to the setup"),
    Case(
        "second_factor_backup_codes_renew",
        _nothing,
        _ALL_REDIRECT,
        method="post",
        note="the office and administrators get new codes (to the page that shows them); others are sent on",
    ),
]


def _notification_of_agency(personas: Personas) -> dict:
    from core.notifications import NotificationKind, notify

    (note,) = notify(users=[personas.agency], kind=NotificationKind.STEP, subject="Steg", body="", url="/")
    return {"pk": note.pk}


_OWN_PAGE = {"anonymous": 302, **{persona: 200 for persona in _SIGNED_IN}}
CASES += [
    Case("notification_list", _nothing, _OWN_PAGE, note="every signed-in user reads their own notifications"),
    Case("notification_settings", _nothing, _OWN_PAGE, note="every signed-in user chooses how they are told"),
    Case(
        "notification_read",
        _notification_of_agency,
        {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 404, "ministry": 404, "admin": 404},
        method="post",
        note="a notification is its user's own: nobody else sees it (404)",
    ),
    Case("notifications_read_all", _nothing, _SAVED, method="post", note="marks the user's own; back to the list"),
]
