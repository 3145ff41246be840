"""The frame every page shares (templates/base.html): the main menu, the language choice, the frame's links and the
URLs of the static files, built so that a page pays little for them.

What does not depend on the user is worked out once per process and kept: the menu's links (their URLs reversed and
labels translated) and the header's and footer's URLs, per URL configuration, script prefix and language; the
language choice's options, per language; each static file's URL. What does depend on the user is asked each time:
which links the policy lets the user see (`core.access.can`, class-level questions, each asked once per page) and
which one is the current page. The caches are emptied when a test changes the settings they come from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from . import access
from .models import Role

Current = Callable[[str, str], bool]  # (url name, app name) of the page → is this link the current page?


def _names(*names: str) -> Current:
    return lambda name, app: name in names


def _app(label: str) -> Current:
    return lambda name, app: app == label


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    current: Current
    may: tuple[str, str] | None = None  # (action, model label): shown only to whom the policy allows it
    unless: bool = False  # shown to whom the policy does NOT allow `may` (Reports for those without status reports)


# The main menu, in order. A link guarded by `may` is shown only when `access.can(user, action, Model)` says so.
MENU: tuple[Link, ...] = (
    Link("home", _("Home"), _names("home")),
    Link("lifeevents:lifeevent_list", _("Life events"), _app("lifeevents")),
    Link("portfolio:board", _("Board"), _names("board"), may=("board", "portfolio.proposal")),
    Link("portfolio:proposal_list", _("Proposals"), _names("proposal_list"), may=("create", "portfolio.proposal")),
    Link(
        "portfolio:proposal_create", _("New proposal"), _names("proposal_create"), may=("create", "portfolio.proposal")
    ),
    Link(
        "portfolio:call_list",
        _("Calls"),
        _names("call_list", "call_create", "call_edit"),
        may=("create", "portfolio.proposal"),
    ),
    Link("portfolio:measure_list", _("Measures"), _names("measure_list")),
    Link("portfolio:benefit_list", _("Benefit register"), _names("benefit_list", "benefit_detail", "benefit_edit")),
    Link(
        "portfolio:benefit_review_list",
        _("Benefit reviews"),
        lambda name, app: "benefit_review" in name or name == "opportunity_list",
    ),
    Link("portfolio:mission_list", _("Missions"), _names("mission_list", "mission_detail")),
    Link(
        "governance:insight_overview",
        _("User insight"),
        lambda name, app: (
            (app == "governance" and ("panel" in name or "journey" in name))
            or name in ("insight_overview", "consultation_add")
            or "pain_point" in name
        ),
    ),
    Link("governance:funding_list", _("Funding"), _names("funding_list")),
    Link(
        "governance:priority_list",
        _("Priorities"),
        lambda name, app: name == "priority_list" or (app == "governance" and "driver" in name),
        may=("see_ranks", "portfolio.measure"),
    ),
    Link("governance:roadmap", _("Roadmap"), _names("roadmap"), may=("see_roadmap", "portfolio.measure")),
    Link(
        "governance:benefit_map",
        _("Benefits map"),
        lambda name, app: name == "benefit_map" or (app == "governance" and "flow" in name),
        may=("see_benefit_map", "portfolio.mission"),
    ),
    Link(
        "governance:scenario_list",
        _("Budget scenarios"),
        lambda name, app: app == "governance" and "scenario" in name,
        may=("list", "governance.scenario"),
    ),
    Link("portfolio:review_queue", _("My reviews"), _names("review_queue"), may=("score", "portfolio.proposal")),
    Link(
        "portfolio:access_request_list",
        _("Access requests"),
        lambda name, app: "access_request" in name,
        may=("view", "portfolio.accessrequest"),
    ),
    Link("imports:import_home", _("Import"), _app("imports"), may=("create", "imports.importjob")),
    Link(
        "reports:ministry_dashboard",
        _("Reports"),
        _app("reports"),
        may=("report_status", "portfolio.measure"),
        unless=True,
    ),
    Link("reports:round_list", _("Status reports"), _app("reports"), may=("report_status", "portfolio.measure")),
)

_urls: dict[tuple, dict[str, str]] = {}
_links: dict[tuple, tuple[tuple[str, str], ...]] = {}
_options: dict[str, str] = {}
_static: dict[str, str] = {}
_models: dict[str, type] = {}
_KEEP = 32  # URL configurations × script prefixes × languages kept at most (a handful in practice)


def _menu_links() -> tuple[tuple[str, str], ...]:
    """Each link's HTML before and after the place of its `aria-current`, in the active language and URL space."""
    key = (get_urlconf(), get_script_prefix(), get_language())
    links = _links.get(key)
    if links is None:
        if len(_links) >= _KEEP:
            _links.clear()
        links = _links[key] = tuple(
            (f'<li><a class="ds-link" href="{escape(reverse(link.url_name))}"', f">{escape(link.label)}</a></li>")
            for link in MENU
        )
    return links


def urls() -> dict[str, str]:
    """The frame's URLs without arguments in the active URL space and language, each reversed when first asked."""
    key = (get_urlconf(), get_script_prefix(), get_language())
    found = _urls.get(key)
    if found is None:
        if len(_urls) >= _KEEP:
            _urls.clear()
        found = _urls[key] = {}
    return found


def url(name: str, space: dict[str, str] | None = None) -> str:
    """`reverse(name)` of a URL without arguments (the frame's links), once per URL space and language (`space`:
    `urls()`, when the caller already has it)."""
    space = urls() if space is None else space
    found = space.get(name)
    if found is None:
        found = space[name] = reverse(name)
    return found


def _model(label: str) -> type:
    """The model class of an app label (the registry does not change while the process runs)."""
    model = _models.get(label)
    if model is None:
        model = _models[label] = apps.get_model(label)
    return model


def menu(request) -> SafeString:
    """The `<li>` items of the main menu for the request's user, the current page's link marked."""
    user = request.user
    match = request.resolver_match
    name = (match.url_name or "") if match else ""
    app = (match.app_name or "") if match else ""
    allowed: dict[tuple[str, str], bool] = {}
    items = []
    for link, (head, tail) in zip(MENU, _menu_links(), strict=True):
        if link.may is not None:
            may = allowed.get(link.may)
            if may is None:
                action, label = link.may
                may = allowed[link.may] = bool(access.can(user, action, _model(label)))
            if may is link.unless:
                continue
        items.append(f'{head} aria-current="page"{tail}' if link.current(name, app) else head + tail)
    return mark_safe("\n".join(items))  # noqa: S308 - built from escaped URLs and labels


def language_options() -> SafeString:
    """The `<option>`s of the language choice (each language named in itself), the active language selected."""
    current = get_language()
    html = _options.get(current)
    if html is None:
        html = _options[current] = "\n".join(
            f'<option value="{escape(code)}" lang="{escape(code)}"{" selected" if code == current else ""}>'
            f"{escape(capfirst(get_language_info(code)['name_local']))}</option>"
            for code, _name in settings.LANGUAGES
        )
    return mark_safe(html)  # noqa: S308 - escaped above


def user_label(user) -> str:
    """Who is signed in, as the header says it: «Kari Nordmann, Skatteetaten (Agency staff)»."""
    try:
        role = Role(user.role).label
    except ValueError:
        role = user.role
    organisation = user.organisation if user.organisation_id else None
    return f"{user}, {organisation.label} ({role})" if organisation else f"{user} ({role})"


def static_url(path: str) -> str:
    """`{% static path %}`, looked up once per process (the manifest does not change while it runs)."""
    url = _static.get(path)
    if url is None:
        url = _static[path] = static(path)
    return url


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _urls.clear()
        _links.clear()
        _options.clear()
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "DEBUG"}:
        _static.clear()
    if setting == "INSTALLED_APPS":
        _models.clear()
