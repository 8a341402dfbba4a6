"""Which apps hold the site's content: what the editors edit and what a backup holds.

Every model of these apps is content, including the ones they gain later (versions, old slugs):
code that needs "all content" asks `content_models()` instead of keeping its own list.
"""

from django.apps import apps

CONTENT_APPS = ("bronnen", "omleidingen", "lessen", "taggit")
# What lives in a content app but is not content: the stamp that changes with every write
# (lessen/caching.py), and the public names of editors (about users: managed by an
# administrator, not backed up, restored or edited with the content).
NOT_CONTENT = {"lessen.contentstamp", "lessen.publiekenaam"}


def content_models(*, include_auto_created=False):
    """The content models, in app order; with `include_auto_created`, many-to-many tables too."""
    return [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=include_auto_created)
        if model._meta.label_lower not in NOT_CONTENT
    ]


def is_content(model):
    return model._meta.app_label in CONTENT_APPS and model._meta.label_lower not in NOT_CONTENT
