"""Language negotiation: a browser asking for Norwegian (`no`, `no-NO`) is served bokmål.

Django's LocaleMiddleware knows `nb` and `nn` but not the macro-language tag `no`, which many
browsers and operating systems still send: `Accept-Language: no, en;q=0.8` would fall through to
English. This middleware, placed just before LocaleMiddleware, rewrites the `no` tags to `nb`.
The language cookie set by the language switch (`set_language`) still wins over the header.
"""

import re

_NORWEGIAN = re.compile(r"(?i)(^|,)(\s*)no(?=$|[-;,\s])")


def normalise_accept_language(header: str) -> str:
    """`no, no-NO;q=0.9, en;q=0.5` → `nb, nb-NO;q=0.9, en;q=0.5`."""
    return _NORWEGIAN.sub(r"\1\2nb", header)


class NorwegianLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header:
            request.META["HTTP_ACCEPT_LANGUAGE"] = normalise_accept_language(header)
        return self.get_response(request)
