"""The benchmark's ceiling: a bare Django view rendering a small (2 KB) template, no database.

Served by the same gunicorn, middleware and settings as the real pages, so that every page's
requests/s can be given as a share of what this machine serves for any Django page at all.
Mounted at /bench/plafond/ by bench/urls.py, which only the benchmark's settings use.
"""

from pathlib import Path

from django.http import HttpResponse
from django.template import engines

TEMPLATE = engines["django"].from_string((Path(__file__).parent / "plafond.html").read_text())
ITEMS = [
    {"titel": "Bewoners bepalen de agenda", "url": "/lessen/bewoners-bepalen-de-agenda/"},
    {"titel": "Vertrouwen groeit in kleine stappen", "url": "/lessen/vertrouwen-groeit/"},
    {"titel": "Een vast gezicht in de wijk", "url": "/lessen/een-vast-gezicht/"},
    {"titel": "Projecten stoppen, problemen niet", "url": "/lessen/projecten-stoppen/"},
    {"titel": "Minder regels, meer ruimte", "url": "/lessen/minder-regels/"},
]


def plafond(request):
    return HttpResponse(TEMPLATE.render({"titel": "Plafond", "items": ITEMS}, request))
