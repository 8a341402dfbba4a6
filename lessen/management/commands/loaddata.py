"""Django's loaddata, after which search finds what was loaded.

loaddata saves raw rows, past lessen.services, which keeps the search index current. So
when a fixture holds lessons, sources, authors or tags, the index is rebuilt from the database in
the same transaction.
"""

from django.core.management.commands import loaddata
from django.db import DEFAULT_DB_ALIAS

from lessen.search import rebuild_search_index

INDEXED_APPS = {"lessen", "bronnen", "taggit"}  # what search reads (lessen.search._documents)


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        super().loaddata(fixture_labels)
        loaded_apps = {model._meta.app_label for model in self.models}
        if self.using == DEFAULT_DB_ALIAS and loaded_apps & INDEXED_APPS:
            rebuild_search_index()
