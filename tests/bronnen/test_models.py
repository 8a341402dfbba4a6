"""Sources and authors: their addresses, from the site and from the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType


@pytest.mark.django_db
def test_a_source_and_an_author_lead_to_their_page_from_the_site_and_the_admin(superuser_client, content):
    for obj, url in [(content["essay"], "/bronnen/essay/"), (content["jos"], "/auteurs/jos-van-der-lans/")]:
        assert obj.get_absolute_url() == url
        change = superuser_client.get(f"/beheer/bronnen/{obj._meta.model_name}/{obj.pk}/change/")
        on_site = f"/beheer/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"
        assert f'href="{on_site}"' in change.content.decode()  # 'Bekijk op site'
        assert superuser_client.get(on_site)["Location"] == f"http://testserver{url}"
