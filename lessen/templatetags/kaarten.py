from django import template

from lessen.cards import cards

register = template.Library()


@register.filter
def kaarten(page):
    """`{% for kaart in page|kaarten %}{{ kaart }}{% endfor %}`: the cards of a page of lessons."""
    return cards(page.object_list)
