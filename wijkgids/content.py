"""What the site's content is: what the editors edit, what a backup holds, what search reads.

Every model of the project's apps (settings.WIJKGIDS_APPS) and taggit's tags is content, including
the models they gain later (versions, old slugs): code that needs "all content" asks
`content_models()` instead of keeping its own list.
"""

from django.apps import apps
from django.conf import settings

# What lives in a project app but is not content: the stamp that changes with every write
# (wijkgids/caching.py); the public names of editors (about users: managed by an
# administrator, not backed up, restored or edited with the content); and the related lessons,
# derived from the content by the services (lessen/related.py) and worked out afresh on a restore.
NOT_CONTENT = {"lessen.contentstamp", "lessen.publiekenaam", "lessen.verwanteles"}


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
