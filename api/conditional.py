"""Optimistic locking over HTTP: a detail answers with `ETag: "<version>"`; a write must send it back in
`If-Match`. A missing `If-Match` gets 428, a stale one 412 with the object as it is now (and its ETag).

Conditional GET of a list: its ETag is a weak tag of exactly what it holds for this user (the page of results, with
the count and the links), so a client that sends it back in `If-None-Match` gets 304 Not Modified while nothing it
would see has changed, and the whole list as soon as anything has."""

from __future__ import annotations

import hashlib
import json

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response


def etag(obj) -> str:
    return f'"{obj.version}"'


def with_etag(response: Response, obj) -> Response:
    response["ETag"] = etag(obj)
    return response


def list_etag(data) -> str:
    body = json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
    return f'W/"{hashlib.sha256(body).hexdigest()[:40]}"'


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def conditional_list(request, response: Response) -> Response:
    """The list's response with its ETag, or 304 (no body) when `If-None-Match` names it (weak comparison)."""
    if response.status_code != status.HTTP_200_OK:
        return response
    tag = list_etag(response.data)
    header = request.headers.get("If-None-Match", "")
    if header and (header.strip() == "*" or _opaque(tag) in {_opaque(t) for t in header.split(",")}):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
    response["ETag"] = tag
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
