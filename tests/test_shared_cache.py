"""The cache gunicorn's workers share on disk (wijkgids/cache.py): bounded like Django's file
cache, without listing its whole folder on every write."""

from wijkgids.cache import SharedFolderCache


def test_the_shared_cache_stays_bounded_and_lists_its_folder_only_now_and_then(tmp_path, monkeypatch):
    cache = SharedFolderCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 100}})
    listed = []
    list_files = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listed.append(1) or list_files())

    for n in range(1000):
        cache.set(f"sleutel-{n}", {"n": n}, timeout=None)

    assert len(listed) <= 1000 // SharedFolderCache.CULL_EVERY + 1  # Django's own: 1,000 times
    assert len(list(tmp_path.iterdir())) <= 100 + SharedFolderCache.CULL_EVERY
    assert cache.get("sleutel-999") == {"n": 999}
