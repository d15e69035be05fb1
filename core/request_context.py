"""Request id and acting user for every log line of a request (issue #13).

* :class:`RequestIdMiddleware` (early in ``MIDDLEWARE``) takes the ``X-Request-ID`` the proxy
  sent when it is a sane token, else makes one, and echoes it in the response's
  ``X-Request-ID``; it also tags Sentry's scope with it.
* :class:`ActingUserMiddleware` (after ``AuthenticationMiddleware``) records the logged-in
  user's id.
* :class:`RequestContextFilter` adds ``request_id`` and ``user_id`` to every log record;
  :class:`JsonFormatter` writes one JSON object per line (production settings).

The values live in context variables, so threads and async tasks never see another request's.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

import sentry_sdk

REQUEST_ID_HEADER = "X-Request-ID"
#: A proxy's request id is kept when it is a short token of these characters; else replaced.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None)
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)


def request_id_from(header: str | None) -> str:
    """The request id to use: the proxy's when sane, else a new random one."""
    if header and _VALID_REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        id_token = request_id_var.set(request_id)
        user_token = user_id_var.set(None)
        sentry_sdk.set_tag("request_id", request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(id_token)
            user_id_var.reset(user_token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class ActingUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(user.pk)
            sentry_sdk.set_tag("user_id", user.pk)
        return self.get_response(request)


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``user_id`` (``None`` outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, user id,
    and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status_code"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)
