import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, for every login that comes with a request (all logins over HTTP).

    Code that authenticates without a request (the test client's `login()`, a shell session) has no
    client to throttle: axes would raise, this backend steps aside and lets the password check run.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_address(request):
    """The address the login lock-out counts (AXES_CLIENT_IP_CALLABLE): the visitor's, not a proxy's.

    Each of the WIJKGIDS_TRUSTED_PROXIES proxies in front of the site appends the address it was
    reached from to X-Forwarded-For, so the visitor's is the one that many entries from the end;
    whatever stands before it the visitor sent, and may have made up. Without trusted proxies, or
    when that entry is missing or no address, the address that connected (REMOTE_ADDR) counts.
    """
    proxies = settings.WIJKGIDS_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if proxies and len(forwarded) >= proxies:
        try:
            return str(ipaddress.ip_address(forwarded[-proxies].strip()))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
