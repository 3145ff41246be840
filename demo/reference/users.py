"""The four demo logins (password «demo»). Only for DEBUG or DEMO_MODE: the command refuses otherwise."""

from django.contrib.auth import get_user_model

from .upsert import upsert

DEMO_PASSWORD = "demo"  # noqa: S105 - demo logins, refused unless DEBUG or DEMO_MODE
# username, first name, last name, role, organisation key, staff, superuser
DEMO_USERS = [
    ("agency", "Kari", "Nordmann", "agency_staff", "NAV", False, False),
    ("office", "Ola", "Hansen", "portfolio_office", "DIGDIR", False, False),
    ("ministry", "Ingrid", "Berg", "ministry_official", "ASD", False, False),
    ("admin", "Per", "Admin", "administrator", "DIGDIR", True, True),
]


def load_demo_users(orgs) -> dict:
    User = get_user_model()
    users = {}
    for username, first, last, role, org_key, staff, superuser in DEMO_USERS:
        user, created = upsert(
            User,
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "role": role,
                "organisation": orgs[org_key],
                "is_staff": staff,
                "is_superuser": superuser,
                "is_active": True,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users
