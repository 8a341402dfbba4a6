from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import cached_property

from .caching import per_content

PAGE_PARAMETER = "pagina"


class _Paginator(Paginator):
    """Counts once per content change for each list and filter set: the COUNT(*) over every
    lesson is the one query of a list page whose cost grows with the library."""

    def __init__(self, object_list, per_page, *, request):
        super().__init__(object_list, per_page)
        self.request = request

    @cached_property
    def count(self):
        query = self.request.GET.copy()
        query.pop(PAGE_PARAMETER, None)
        list_id = f"aantal:{self.request.path}?{query.urlencode()}"
        return per_content(self.request, list_id, lambda: Paginator.count.func(self))


def paginate(request, items, *, per_page=None):
    """The page of `items` that `?pagina=` asks for; a page that does not exist is a 404."""
    paginator = _Paginator(items, per_page or settings.WIJKGIDS_PER_PAGINA, request=request)
    number = request.GET.get(PAGE_PARAMETER) or 1
    try:
        return paginator.page(number)
    except InvalidPage as exc:
        raise Http404(
            f"Pagina ‘{str(number)[:20]}’ bestaat niet; er zijn {paginator.num_pages} pagina's."
        ) from exc
