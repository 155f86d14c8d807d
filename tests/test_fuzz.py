"""Naughty input on every route, field and query parameter: a 4xx or a page, never a 500.

Deterministic, no network: a fixed corpus goes into every path argument, every
query parameter and every form field the app has, one field at a time while
the other fields keep sensible values, as every role that can reach the route
(the roles take turns over the corpus). Routes come from app.url_map, forms and
query parameters from the pages themselves, the links in them, and the view's
own request.args reads. Runs on SQLite and PostgreSQL; bounded to about a
minute per database.
"""

import inspect
import re
import time
from collections import defaultdict
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.security import generate_password_hash

from initiatief.services import staff_auth
from tests.fuzz_pages import Form, query_names, read_page
from tests.fuzz_world import build

C0 = "".join(chr(code) for code in range(32))  # NUL, TAB, CR, LF and the rest
NAUGHTY = [
    "a\x00b",
    C0 + "\x7f\x85\x9f",
    "regel\r\nregel\rregel",
    "🌱👩🏽‍🌾 \u202egnippohs \u2028\u2029",
    "x" * 10_000,
    "%00",
    "' OR 1=1; DROP TABLE users; -- <script>alert(1)</script>{{ 7*7 }}",
    "²⁰⁴",
    "٣",
    "99999999999999999999",
    "-1",
    "0",
    "0001-01-01",
    "9999-12-31",
    "9999-12",
    "2026-02-30",
    "",
]
LAST = ("resident.logout", "staff.logout")  # they end the session the others need
REACHED = {200, 400, 410, 422}  # the page itself answered, not a login or a 404
SKIP = {"csrf_token"}  # CSRF is off in the tests; the token is tested in test_csrf.py
PRESSED = {"action": "send", "consent": "y"}  # the intake: agree, and send (not only check)
ARG = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
READS = re.compile(r"request\.(?:args|values)(?:\.get\(|\[)\s*[\"'](\w+)[\"']")
GIVEN = re.compile(r"request\.(?:args|values)\.get\(\s*[a-z_]+\s*[,)]")  # a name passed in
MOST = 9000  # requests: 5555 with the AVG pages, 7,103 with issue 15's pages


class Fuzzer:
    """Sends the requests and remembers every answer of 500 or an exception."""

    def __init__(self, app, world) -> None:
        self.app, self.world = app, world
        self.adapter = app.url_map.bind("localhost")
        self.rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
        self.reach: dict[str, list[str]] = defaultdict(list)  # endpoint -> roles
        self.params: dict[str, set[str]] = defaultdict(set)  # endpoint -> query names
        self.form_readers: dict[str, str] = {}  # endpoint -> module, for forms on request.args
        self.get_forms: dict[str, set[str]] = defaultdict(set)  # module -> GET form fields
        self.samples: dict[str, list] = defaultdict(list)  # endpoint -> queries links carried
        self.forms: dict[tuple, tuple[Form, list[str]]] = {}  # (action, names) -> form, roles
        self.sent = 0
        self.failures: list[str] = []

    # Sending

    def send(self, role: str, method: str, url: str, data: MultiDict | None = None):
        client = self.world.clients[role] or self.app.test_client()
        self.sent += 1
        try:
            response = client.open(url, method=method.upper(), data=data, buffered=True)
        except Exception as error:  # TESTING propagates: the 500 would have been this
            self._fail(role, method, url, data, f"{type(error).__name__}: {error}")
            return None
        if response.status_code >= 500:
            self._fail(role, method, url, data, str(response.status_code))
        return response

    def _fail(self, role, method, url, data, what) -> None:
        shown = {k: v[:40] for k, v in (data or {}).items()}
        line = what.splitlines()[0][:300] if what else what
        self.failures.append(f"{role} {method.upper()} {url[:150]!r} {shown!r}: {line}")

    # Finding what to send

    def endpoint_of(self, url: str, method: str = "GET") -> str | None:
        try:
            endpoint, _args = self.adapter.match(urlsplit(url).path, method=method)
        except HTTPException:
            return None
        return endpoint

    def fill(self, rule, override: dict[str, str] | None = None) -> list[str]:
        """Paths for a rule with real values; with override, that argument as given."""
        real = {**self.world.values, **self.world.by_endpoint.get(rule.endpoint, {})}
        names = list(rule.arguments)
        if override:
            values = {name: real.get(name, ["x"])[0] for name in names}
            values.update(override)
            return [ARG.sub(lambda m: quote(values[m.group(1)], safe=""), rule.rule)]
        variants = [{}]
        for name in names:
            variants = [{**v, name: value} for v in variants for value in real.get(name, ["x"])]
        return [ARG.sub(lambda m, v=v: quote(v[m.group(1)], safe=""), rule.rule) for v in variants]

    def discover(self) -> None:
        """GET every page as every role; keep the forms, the links and who got in."""
        for rule in self.rules:
            self.params[rule.endpoint] |= self._reads(rule.endpoint)
            if "GET" not in rule.methods:
                continue
            for path in self.fill(rule):
                for role in self.world.clients:
                    response = self.send(role, "get", path)
                    if response is None or response.status_code not in REACHED:
                        continue
                    if role not in self.reach[rule.endpoint]:
                        self.reach[rule.endpoint].append(role)
                    if response.mimetype == "text/html":
                        self._read(role, path, response.get_data(as_text=True))
        for endpoint, module in self.form_readers.items():
            self.params[endpoint] |= self.get_forms[module]

    def _read(self, role: str, path: str, html: str, follow: bool = True) -> None:
        forms, links = read_page(path, html)
        for link in links:
            endpoint = self.endpoint_of(link)
            if endpoint:
                self.params[endpoint] |= set(query_names(link))
                query = parse_qsl(urlsplit(link).query, keep_blank_values=True)
                if query and query not in self.samples[endpoint]:
                    self.samples[endpoint].append(query)
        for form in forms:
            endpoint = self.endpoint_of(form.action, form.method.upper())
            if endpoint is None or not self._wanted(endpoint, form):
                continue
            if form.method == "get":
                self.params[endpoint] |= set(form.names)
                self.get_forms[self.app.view_functions[endpoint].__module__] |= set(form.names)
                if follow:  # the filtered page links to CSVs and lists with the filters
                    url = form.action.split("?")[0] + "?" + urlencode(list(form.data.items(True)))
                    response = self.send(role, "get", url)
                    if response is not None and response.mimetype == "text/html":
                        self._read(role, url, response.get_data(as_text=True), follow=False)
                continue
            key = (form.action, tuple(form.names))
            known, roles = self.forms.setdefault(key, (form, []))
            if role not in roles:
                roles.append(role)
            if role not in self.reach[endpoint]:
                self.reach[endpoint].append(role)

    def _wanted(self, endpoint: str, form: Form) -> bool:
        """A staff action only on the initiative set aside for it."""
        if endpoint != "staff.act":
            return True
        action = form.action.rstrip("/").split("/")[-1]
        return f"/{self.world.action_numbers.get(action)}/" in form.action

    def _reads(self, endpoint: str) -> set[str]:
        """Query names the view, or a helper in its module it calls, reads itself.

        A helper that reads a name it is given (`_int("wijk")`) counts with the
        names it is called with; a form on request.args counts with the fields
        of the GET forms that the pages of the same module show (see discover).
        """
        view = self.app.view_functions[endpoint]
        module = inspect.getmodule(view)
        functions = {
            name: inspect.getsource(obj)
            for name, obj in vars(module).items()
            if inspect.isfunction(obj) and obj.__module__ == module.__name__
        }
        text, seen = inspect.getsource(view), set()
        while called := {n for n in functions if f"{n}(" in text and n not in seen}:
            seen |= called
            text += "".join(functions[n] for n in called)
        names = set(READS.findall(text))
        for name in seen:
            if GIVEN.search(functions[name]):
                names |= set(re.findall(rf"\b{name}\(\s*[\"'](\w+)[\"']", text))
        if "formdata=request.args" in text:
            self.form_readers[endpoint] = module.__name__
        return names

    # Fuzzing

    def roles_for(self, endpoint: str) -> list[str]:
        return self.reach.get(endpoint) or ["bezoeker"]

    def fuzz_paths(self) -> None:
        for rule in self.rules:
            if rule.endpoint in LAST:
                continue
            method = "get" if "GET" in rule.methods else "post"
            roles = self.roles_for(rule.endpoint)
            for name in rule.arguments:
                for i, value in enumerate(NAUGHTY):
                    for path in self.fill(rule, {name: value}):
                        self.send(roles[i % len(roles)], method, path)

    def fuzz_queries(self) -> None:
        for rule in self.rules:
            if "GET" not in rule.methods or not self.params[rule.endpoint]:
                continue
            roles = self.roles_for(rule.endpoint)
            path = self.fill(rule)[0]
            samples = self.samples[rule.endpoint] or [[]]  # e.g. the figure of a list
            for name in sorted(self.params[rule.endpoint]):
                for i, value in enumerate(NAUGHTY):
                    query = MultiDict(samples[i % len(samples)])  # the links take turns
                    query.setlist(name, [value])
                    url = f"{path}?{urlencode(list(query.items(multi=True)))}"
                    self.send(roles[i % len(roles)], "get", url)

    def fuzz_forms(self) -> None:
        ordered = sorted(
            self.forms.values(), key=lambda item: self.endpoint_of(item[0].action, "POST") in LAST
        )
        for form, roles in ordered:
            sensible = _pressed(form)
            for name in form.names:
                if name in SKIP:
                    continue
                for i, value in enumerate(NAUGHTY):
                    data = MultiDict(sensible)
                    data.setlist(name, [value])
                    role = roles[i % len(roles)]
                    response = self.send(role, form.method, form.action, data)
                    if response is not None and response.status_code in (302, 303):
                        sensible = self.reload(role, form, sensible)
            self.send(roles[0], form.method, form.action, sensible)  # as a person sends it

    def reload(self, role: str, form: Form, sensible: MultiDict) -> MultiDict:
        """After a change went through, the form as the page now shows it (a new version)."""
        response = self.send(role, "get", form.source)
        if response is None or response.status_code != 200:
            return sensible
        forms, _links = read_page(form.source, response.get_data(as_text=True))
        same = [f for f in forms if f.action == form.action and f.names == form.names]
        return _pressed(same[0]) if same else sensible


def _pressed(form: Form) -> MultiDict:
    """The form's values as a person sends them in the end."""
    sensible = MultiDict(form.data)
    for name, value in PRESSED.items():
        if name in form.names:
            sensible[name] = value
    return sensible


@pytest.mark.timeout(300)  # thousands of requests; slow when the machine is shared
def test_no_input_gives_a_server_error(app, capsys, monkeypatch):
    # A wrong password is checked against a dummy scrypt hash (slow on purpose); a
    # cheap one here keeps the login form's fuzzing within the time this test has.
    cheap = generate_password_hash("not-a-real-password", method="pbkdf2:sha256:1")
    monkeypatch.setattr(staff_auth, "_dummy_hash", lambda: cheap, raising=False)
    started = time.monotonic()
    fuzzer = Fuzzer(app, build(app))
    fuzzer.discover()
    fuzzer.fuzz_paths()
    fuzzer.fuzz_queries()
    fuzzer.fuzz_forms()
    seconds = time.monotonic() - started
    posted = {fuzzer.endpoint_of(form.action, "POST") for form, _roles in fuzzer.forms.values()}
    unposted = sorted(
        rule.endpoint
        for rule in fuzzer.rules
        if "POST" in rule.methods and rule.endpoint not in posted
    )
    with capsys.disabled():
        print(
            f"\nfuzz: {fuzzer.sent} requests in {seconds:.0f} s, {len(fuzzer.forms)} forms, "
            f"{sum(len(v) for v in fuzzer.params.values())} query parameters, "
            f"{len(fuzzer.failures)} server errors"
        )
    assert not fuzzer.failures, "\n".join(fuzzer.failures[:40])
    assert not unposted, f"no form found for {unposted}: seed the world so a page shows one"
    assert 3000 < fuzzer.sent < MOST, "far fewer (or more) routes, forms or fields than before"
