"""What every app's views share: a 404 written for the visitor, and a form's errors as a list."""

from django.http import Http404


class NietGevonden(Http404):
    """A 404 whose message is written for the visitor (in Dutch) and may be shown on the page."""


def form_errors(form):
    """Every error of a bound form, in Dutch, as one list for the page."""
    return [error for errors in form.errors.values() for error in errors]
