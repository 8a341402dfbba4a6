"""What a search page shows, read from its response: for the search tests."""

import html
import re


def result_titles(response):
    """The titles of the results, in order, as a reader sees them (without the highlighting)."""
    return [
        html.unescape(re.sub("<[^>]*>", "", hit["titel"])) for hit in response.context.get("resultaten", [])
    ]
