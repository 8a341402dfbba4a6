"""Which apps hold the site's content: what the editors edit and what a backup holds.

Every model of these apps is content, including the ones they gain later (versions, old slugs):
code that needs "all content" asks `content_models()` instead of keeping its own list.
"""

from django.apps import apps

CONTENT_APPS = ("bronnen", "lessen", "taggit")


def content_models(*, include_auto_created=False):
    """The content models, in app order; with `include_auto_created`, many-to-many tables too."""
    return [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=include_auto_created)
    ]
