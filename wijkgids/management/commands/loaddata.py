"""Django's loaddata, after which search finds what was loaded.

loaddata saves raw rows, past the services, which keep the search index current. So when a
fixture holds content (wijkgids.content), the index and what the services keep (first places in
sources, related lessons: lessen.services.rebuild_derived)
are rebuilt from the database in the same transaction.
"""

from django.core.management.commands import loaddata
from django.db import DEFAULT_DB_ALIAS

from lessen.services import rebuild_derived
from wijkgids.content import is_content
from zoeken.search import rebuild_search_index


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        super().loaddata(fixture_labels)
        if self.using == DEFAULT_DB_ALIAS and any(is_content(model) for model in self.models):
            rebuild_search_index()
            rebuild_derived()
