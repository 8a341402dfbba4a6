"""What a search page shows, read from its response: for the search tests."""

import html
import re


def result_titles(response):
    """The titles of the results, in order, as a reader sees them (without the highlighting).

    Only for a page that searched: a page without results to show (no query, a 400) is an error here,
    not an empty list, so that a test expecting no results cannot pass on a page that never searched.
    """
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response.context is not None, "a page from the page cache: it carries no context"
    assert "resultaten" in response.context, "this page did not search (no query to search for?)"
    return [html.unescape(re.sub("<[^>]*>", "", hit["titel"])) for hit in response.context["resultaten"]]
