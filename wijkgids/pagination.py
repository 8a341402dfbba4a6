from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

PAGE_PARAMETER = "pagina"


def paginate(request, items, *, per_page=None):
    """The page of `items` that `?pagina=` asks for; a page that does not exist is a 404."""
    paginator = Paginator(items, per_page or settings.WIJKGIDS_PER_PAGINA)
    number = request.GET.get(PAGE_PARAMETER) or 1
    try:
        return paginator.page(number)
    except InvalidPage as exc:
        raise Http404(
            f"Pagina ‘{str(number)[:20]}’ bestaat niet; er zijn {paginator.num_pages} pagina's."
        ) from exc
