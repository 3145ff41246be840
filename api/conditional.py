"""Optimistic locking over HTTP: a detail answers with `ETag: "<version>"`; a write must send it back in
`If-Match`. A missing `If-Match` gets 428, a stale one 412 with the object as it is now (and its ETag)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response


def etag(obj) -> str:
    return f'"{obj.version}"'


def with_etag(response: Response, obj) -> Response:
    response["ETag"] = etag(obj)
    return response


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = _("Send the object's ETag in the If-Match header, so that no one else's change is overwritten.")
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    """Someone else saved the object since the client read it. `current` is the object as it is now."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("Someone else has changed this since you read it. Nothing was saved; read it again.")
    default_code = "precondition_failed"

    def __init__(self, current=None, serialized=None):
        super().__init__()
        self.current, self.serialized = current, serialized


def matched_version(request, obj) -> int:
    """The version the client read (from If-Match), checked against the object's. `*` matches any version."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    if "*" in tags or etag(obj) in tags:
        return obj.version
    raise PreconditionFailed(current=obj)
