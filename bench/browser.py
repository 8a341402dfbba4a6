"""A browser for the load tests, speaking HTTP to the site on 127.0.0.1 as the TLS proxy would.

`Browser` keeps one keep-alive connection and its cookies; `read_form` reads a form's fields as a
browser would submit them. Plain http.client: nothing outside the standard library.
"""

import http.client
import time
from html.parser import HTMLParser
from urllib.parse import urlencode


class Browser:
    """One keep-alive connection with cookies, speaking to the site as the TLS proxy would.

    Browsers that share `cookies` are one person's browser talking to several servers: behind a
    load balancer they are one site (give them one `host`), and on 127.0.0.1 a browser sends its
    cookies to every port. A cookie lasts as long as its Max-Age says (name → (value, expiry)), so
    the short cookie that pins a writer to the primary database ends as it would in a browser."""

    def __init__(self, port, cookies=None, *, host=None):
        self.port = port
        self.host = host or f"127.0.0.1:{port}"
        self.origin = f"https://{self.host}"
        self.cookies = {} if cookies is None else cookies
        self.connection = None

    def request(self, method, path, body=None):
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",  # what the proxy adds; without it the site redirects
            "Accept-Language": "nl",
        }
        now = time.monotonic()
        for name in [
            name for name, (_, expiry) in self.cookies.items() if expiry is not None and expiry <= now
        ]:
            del self.cookies[name]
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, (v, _) in self.cookies.items())
        if body is not None:
            body = urlencode([tuple(pair) for pair in body] if isinstance(body, list) else body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: one fresh try, as a browser does.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                self._keep(value)
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.getheader("Location"), content.decode("utf-8", "replace")

    def _keep(self, set_cookie):
        name, _, rest = set_cookie.partition("=")
        value, *attributes = rest.split(";")
        expiry = None
        for attribute in attributes:
            key, _, number = attribute.strip().partition("=")
            if key.lower() == "max-age":
                expiry = time.monotonic() + int(number)
        self.cookies[name.strip()] = (value, expiry)


class FormReader(HTMLParser):
    """The fields of one form as a browser would submit them (the submit buttons left out)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self._textarea = None
        self._select = None
        self._first_option = None
        self._chosen = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._multiple = "multiple" in a
            self._first_option, self._chosen = None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.fields.append([self._select, a.get("value", "")])
                self._chosen = True

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            # A single choice with nothing selected sends its first option, as a browser does.
            if not self._multiple and not self._chosen and self._first_option is not None:
                self.fields.append([self._select, self._first_option])
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data.removeprefix("\n") if not self._textarea[1] else data


def read_form(html, form_id):
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.fields
