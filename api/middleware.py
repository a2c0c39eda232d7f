"""Other systems say which language they want with Accept-Language (the pages ignore it on purpose: see
config.middleware.ChosenLanguageMiddleware); under /api/ the header is honoured, the language cookie first."""

from django.utils import translation


class ApiLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
