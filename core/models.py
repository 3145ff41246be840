"""Users, the organisations they belong to, and the append-only audit trail.

`core` never imports a domain app: domain objects are referred to by content type.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as stdnum_orgnr


class PortalModel(models.Model):
    """The base of the portal's models."""

    class Meta:
        abstract = True


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Directorate or agency")
    MUNICIPALITY = "municipality", _("Municipality")
    KS = "ks", _("KS")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    PRIVATE = "private", _("Private company")
    SUPPLIER = "supplier", _("Supplier")


class Role(models.TextChoices):
    AGENCY_STAFF = "agency_staff", _("Agency staff")
    PORTFOLIO_OFFICE = "portfolio_office", _("Portfolio office")
    MINISTRY_OFFICIAL = "ministry_official", _("Ministry official")
    ADMINISTRATOR = "administrator", _("Administrator")


def validate_orgnr(value: str) -> None:
    """Norwegian organisation number: nine digits with a valid MOD11 check digit."""
    if value and not stdnum_orgnr.is_valid(value):
        raise ValidationError(
            _("“%(value)s” is not a valid organisation number (nine digits with a valid check digit)."),
            code="invalid_orgnr",
            params={"value": value},
        )


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Every signed-in user may see the actors of the domain; they are public bodies.
        from .access import restrict  # access imports this module (Role)

        return restrict(self, user, public=True)

    def ministries(self):
        return self.filter(kind=OrganisationKind.MINISTRY)


class Organisation(PortalModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    orgnr = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_orgnr],
        help_text=_("Nine digits, as in the Central Coordinating Register for Legal Entities."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent ministry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
        limit_choices_to={"kind": OrganisationKind.MINISTRY},
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Invented for the demo, not taken from the source documents."),
    )
    # Kept in step with Enhetsregisteret's bulk file by core.enhetsregisteret (by organisation number)
    register_name = models.CharField(_("name in Enhetsregisteret"), max_length=200, blank=True, editable=False)
    organisation_form = models.CharField(_("organisation form"), max_length=10, blank=True, editable=False)
    organisation_form_name = models.CharField(_("organisation form (name)"), max_length=200, blank=True, editable=False)
    sector_code = models.CharField(_("institutional sector code"), max_length=10, blank=True, editable=False)
    sector_name = models.CharField(_("institutional sector"), max_length=200, blank=True, editable=False)
    parent_orgnr = models.CharField(_("parent unit (organisation number)"), max_length=9, blank=True, editable=False)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Off when the unit was deleted from Enhetsregisteret; never deleted here."),
    )
    deleted_in_register_on = models.DateField(_("deleted in Enhetsregisteret"), null=True, blank=True, editable=False)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("The id in the system it was imported from."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["orgnr"], condition=~models.Q(orgnr=""), name="organisation_orgnr_unique"),
            models.UniqueConstraint(
                fields=["external_id"], condition=~models.Q(external_id=""), name="organisation_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.orgnr = stdnum_orgnr.compact(self.orgnr or "")
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})
        if self.parent and self.parent.kind != OrganisationKind.MINISTRY:
            raise ValidationError({"parent": _("The parent must be a ministry.")})

    @property
    def orgnr_display(self) -> str:
        return stdnum_orgnr.format(self.orgnr) if self.orgnr else ""

    @property
    def label(self) -> str:
        return Organisation.label_of(self.short_name, self.name)

    @staticmethod
    def label_of(short_name: str, name: str) -> str:
        """An organisation's label (the short name, else the name) from its two columns, for rows read as values."""
        return short_name or name


class PortalUserManager(UserManager):
    """Every page shows the signed-in user's organisation: load it with the user (one query, not two)."""

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENCY_STAFF)
    oidc_sub = models.CharField(
        _("OpenID Connect subject"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The stable identifier from Ansattporten/ID-porten; users are never matched by e-mail."),
    )
    oidc_acr = models.CharField(_("last login assurance level"), max_length=64, blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return User.name_of(self.first_name, self.last_name, self.username)

    @staticmethod
    def name_of(first_name: str, last_name: str, username: str) -> str:
        """`str(user)` (the full name as Django's get_full_name writes it, else the user name) from its columns."""
        return f"{first_name} {last_name}".strip() or username

    # No role properties: what a role may do is asked of the policy (core/access.py), never of the user model.


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk)
        ).select_related("actor")


class AuditEvent(PortalModel):
    """Append-only: who did what to which object, with the before → after of each changed field."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("reason"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Audit events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit events cannot be deleted."))


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A saved view is its user's own: nobody else sees it (not even the office)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class SavedView(PortalModel):
    """A list's filter saved under a name by a user (core/saved_views.py): the list's URL name and its query string."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_views")
    list_name = models.CharField(_("list"), max_length=100)  # the list page's URL name: "portfolio:proposal_list"
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filter"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "list_name", "name"], name="saved_view_unique_name")]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A Celery worker's last sign of life (config.celery writes it every few seconds; /health/ reads it)."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname} {self.seen_at:%Y-%m-%d %H:%M:%S}"


from .notification_models import Notification, NotificationPreference  # noqa: E402, F401 - found by Django here
