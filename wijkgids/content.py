"""What the site's content is: what the editors edit, what a backup holds, what search reads.

Every model of the project's apps (settings.WIJKGIDS_APPS) and taggit's tags is content, including
the models they gain later (versions, old slugs): code that needs "all content" asks
`content_models()` instead of keeping its own list.
"""

from django.apps import apps
from django.conf import settings

# Derived from the content and kept in the database by the services, so that no page works them out
# over the whole library: related lessons (lessen/related.py) and counts (lessen/counts.py). Not
# content: never backed up, and worked out afresh when content is loaded past the services
# (lessen.services.rebuild_derived).
DERIVED = {"lessen.verwanteles", "lessen.telling"}

# What lives in a project app but is not content: the stamp that changes with every write
# (wijkgids/caching.py); the public names of editors (about users: managed by an
# administrator, not backed up, restored or edited with the content); what is derived from it.
NOT_CONTENT = {"lessen.contentstamp", "lessen.publiekenaam", *DERIVED}


def _content_apps():
    return [*settings.WIJKGIDS_APPS, "taggit"]


def content_models(*, include_auto_created=False):
    """The content models, in app order; with `include_auto_created`, many-to-many tables too."""
    return [
        model
        for label in _content_apps()
        for model in apps.get_app_config(label).get_models(include_auto_created=include_auto_created)
        if model._meta.label_lower not in NOT_CONTENT
    ]


def is_content(model):
    return model._meta.app_label in _content_apps() and model._meta.label_lower not in NOT_CONTENT


def derived_models():
    return [apps.get_model(label) for label in sorted(DERIVED)]
