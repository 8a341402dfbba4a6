from django.core.exceptions import SuspiciousOperation


class RejectNullCharactersMiddleware:
    """A NUL character in a query parameter: 400 before any view sees it.

    No person types one, and PostgreSQL refuses it in every query (a search in the admin would
    otherwise end in a 500). The visitor gets the site's Dutch 400 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise SuspiciousOperation("Een NUL-teken in de query-string.")
        return self.get_response(request)
