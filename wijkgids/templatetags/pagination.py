from django import template

register = template.Library()


@register.filter
def paginanummers(page):
    """The page numbers to link from `page`: the first, two either side of it, the last; a gap
    between them is `page.paginator.ELLIPSIS` (Django's elided page range)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
