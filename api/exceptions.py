"""Errors as JSON, never a 500 for bad input: a service's ValidationError becomes 400 with its field errors; a
stale write (If-Match, or the service's own version check) 412 with the current version; an action the object's
workflow state no longer allows (`core.access.NotNow`) 409 with the policy's message, as the pages answer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from core.access import NotNow, not_now_message
from portfolio.models.public_access import answer_question_id
from portfolio.services.intake import Conflict

from .conditional import PreconditionFailed, etag


class NotNowConflict(exceptions.APIException):
    status_code = 409
    default_code = "not_now"


def _answers_nested(errors: dict) -> dict:
    """A service's errors on the answers to a call's questions (keyed by the question's form field, `call_q<id>`)
    as the API's input names them: `call_answers` → {question id: messages}."""
    out, answers = {}, {}
    for key, messages in errors.items():
        question = answer_question_id(key)
        if question is None:
            out[key] = messages
        else:
            answers[str(question)] = messages
    if answers:
        out["call_answers"] = answers
    return out


def handle(exc, context):
    if isinstance(exc, NotNow):
        exc = NotNowConflict(detail=not_now_message(exc.obj))
    elif isinstance(exc, Conflict):
        exc = PreconditionFailed(current=exc.current)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_answers_nested(as_serializer_error(exc)))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # the translated "not found", not the lookup's English text
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, PreconditionFailed) and exc.current is not None:
        view = context.get("view")
        response["ETag"] = etag(exc.current)
        response.data = {"detail": response.data["detail"], "current_version": exc.current.version}
        if view is not None and hasattr(view, "get_serializer"):
            response.data["current"] = view.get_serializer(exc.current).data
    return response
