"""The people schemathesis calls the API as, made through the API itself on a fresh dev server.

The first admin (ADMIN_EMAIL / ADMIN_PASSWORD, ensured by the migration) invites a plain user, a
second plain user (the peer object-level authorization is checked against), a recruiter and a
presence user; each chooses a password with the invitation link from the outbox, signs in and
mints a personal API token. Writes a Web Fuzzing Commons auth file: one entry per identity, each
sending its token as `Authorization: Bearer`.

    python identities.py BASE_URL OUTBOX_DIR OUT.json
"""

import email
import email.policy
import json
import os
import pathlib
import re
import sys
import urllib.request

PASSWORD = "Baobab lanterne kora 2026 fleuve"
PEOPLE = [
    # (WFC name, role, email): the order is the order schemathesis tries identities in, least
    # privileged first, so an operation is exercised by the first role that may call it.
    ("user", "user", "st-user@taalentio.test"),
    ("presence", "presence", "st-presence@taalentio.test"),
    ("recruiter", "recruiter", "st-recruiter@taalentio.test"),
    ("admin", "admin", None),
    ("user2", "user", "st-user2@taalentio.test"),
]


class Session:
    def __init__(self, base):
        self.base = base
        self.csrf = None
        # The session cookie is `Secure`: a cookie jar would not send it over loopback HTTP.
        self.cookie = None

    def call(self, method, path, body=None, expect=(200,)):
        headers = {"content-type": "application/json"}
        if self.csrf:
            headers["x-csrf-token"] = self.csrf
        if self.cookie:
            headers["cookie"] = self.cookie
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers=headers,
        )
        try:
            response = urllib.request.urlopen(request)
            status, raw = response.status, response.read()
            for value in response.headers.get_all("set-cookie") or []:
                self.cookie = value.split(";", 1)[0]
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        if status not in expect:
            sys.exit(f"{method} {path}: {status} {raw[:500]!r}")
        return json.loads(raw) if raw else None

    def login(self, address, password):
        answer = self.call("POST", "/api/v1/auth/login", {"email": address, "password": password})
        self.csrf = answer["csrf_token"]
        return answer

    def token(self, name):
        return self.call("POST", "/api/v1/auth/tokens", {"name": name}, expect=(201,))["secret"]


def invitation_token(outbox, address):
    for path in sorted(pathlib.Path(outbox).glob("*.eml"), reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address not in str(message["To"]):
            continue
        text = message.get_body(preferencelist=("plain",)).get_content()
        found = re.search(r"#token=([A-Za-z0-9_-]+)", text)
        if found:
            return found.group(1)
    sys.exit(f"no invitation mail to {address} in {outbox}")


def main():
    base, outbox, out = sys.argv[1:4]
    admin = Session(base)
    admin.login(os.environ["ADMIN_EMAIL"], os.environ["ADMIN_PASSWORD"])
    entries = []
    for name, role, address in PEOPLE:
        if address is None:
            session = admin
        else:
            admin.call(
                "POST",
                "/api/v1/auth/invitations",
                {"email": address, "first_name": "Awa", "last_name": "Ndiaye", "role": role},
                expect=(201,),
            )
            session = Session(base)
            session.call(
                "POST",
                "/api/v1/auth/password/reset",
                {"token": invitation_token(outbox, address), "password": PASSWORD},
                expect=(204,),
            )
            session.login(address, PASSWORD)
        entries.append(
            {
                "name": name,
                "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {session.token('schemathesis')}"}],
            }
        )
    pathlib.Path(out).write_text(json.dumps({"schemaVersion": "0.1.0", "auth": entries}, indent=2))


if __name__ == "__main__":
    main()
