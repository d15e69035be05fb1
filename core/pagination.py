"""One way to page a list in every portal: ``?pagina=N``, 25 rows a page."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, items, *, per_page: int = PAGE_SIZE):
    """Page ``?pagina=N`` of ``items``; a missing, malformed or out-of-range number gives the
    first or last page, never an error."""
    return Paginator(items, per_page).get_page(request.GET.get("pagina"))
