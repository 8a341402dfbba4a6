from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseNotAllowed
from django.urls import reverse


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


class MethodNotAllowedMiddleware:
    """TRACE, PUT, DELETE and the like: 405 on every page, the admin's included.

    The site's own views name the methods they take with Django's decorators (`require_safe`,
    `require_http_methods`), which answer 405 with an Allow header. Views that name none (the admin's)
    read on any method and write only on POST; what they answer to another method becomes a 405, so
    no page goes back to a TRACE. Allow lists what the view said it allows, within GET, HEAD and POST;
    where no view said (an address no page has), POST only within the admin, whose forms post.
    """

    METHODS = ["GET", "HEAD", "POST"]

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in self.METHODS:
            return response
        default = self.METHODS if request.path.startswith(reverse("admin:index")) else ["GET", "HEAD"]
        allowed = [method.strip() for method in response.get("Allow", ",".join(default)).split(",")]
        return HttpResponseNotAllowed([method for method in allowed if method in self.METHODS])
