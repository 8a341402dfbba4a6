from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, for every login that comes with a request (all logins over HTTP).

    Code that authenticates without a request (the test client's `login()`, a shell session) has no
    client to throttle: axes would raise, this backend steps aside and lets the password check run.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
