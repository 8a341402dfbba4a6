"""The cache the gunicorn workers share on disk (settings.WIJKGIDS_CACHE_DIR)."""

from django.core.cache.backends.filebased import FileBasedCache


class SharedFolderCache(FileBasedCache):
    """Django's file cache, which looks whether it is full only every CULL_EVERY writes.

    Django's lists its whole folder on every write to count the entries: 2 ms at 1,000 entries,
    8 ms at 5,000, and a new search writes three or four (its count, first results and facets, and
    the page). Counting now and then keeps the folder just as bounded: at most CULL_EVERY entries
    per worker over MAX_ENTRIES before a cull.
    """

    CULL_EVERY = 50

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % self.CULL_EVERY == 1:
            super()._cull()
