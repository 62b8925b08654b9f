#!/usr/bin/env python3
"""A local server speaking OMDB's API for the browser tests (infra/local/web.sh e2e), as
tests/src/fake_omdb.rs does for the Rust tests: `GET /?apikey=&s=&page=` (10 a page) and
`?i=`, `Response` "True"/"False" as OMDB sends it (a 200 for "not found", a 401 for a bad key).
A query of fewer than 3 characters is "Too many results."; one containing "panne" answers
"Request limit reached!" (the film search then says it is busy, with a retry).

    fake_omdb.py KEY PORT_FILE    serves on a free port of 127.0.0.1, written to PORT_FILE
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

# (imdb id, title, year, type, poster, director)
FILMS = [
    ("tt0062759", "La Noire de...", "1966", "movie", "https://m.media-amazon.com/images/noire.jpg", "Ousmane Sembène"),
    ("tt0071361", "Touki Bouki", "1973", "movie", "N/A", "Djibril Diop Mambéty"),
    ("tt0091848", "Yeelen", "1987", "movie", "https://m.media-amazon.com/images/yeelen.jpg", "Souleymane Cissé"),
    ("tt3901826", "Timbuktu", "N/A", "movie", "N/A", "N/A"),
] + [
    # Enough for a second page.
    (f"tt90000{n:02d}", f"Les Saisons de Dakar {n}", str(2000 + n), "series", "N/A", "N/A")
    for n in range(1, 13)
]
PER_PAGE = 10


def film(f):
    return {"Title": f[1], "Year": f[2], "imdbID": f[0], "Type": f[3], "Poster": f[4]}


class Handler(BaseHTTPRequestHandler):
    key = ""

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        if query.get("apikey") != self.key:
            return self.reply(401, {"Response": "False", "Error": "Invalid API key!"})
        if "i" in query:
            found = next((f for f in FILMS if f[0] == query["i"]), None)
            if not found:
                return self.reply(200, {"Response": "False", "Error": "Incorrect IMDb ID."})
            details = film(found)
            details.update(Director=found[5], Genre="Drama", Country="Senegal", Plot="N/A", Response="True")
            return self.reply(200, details)
        s = query.get("s", "").lower()
        if "panne" in s:
            return self.reply(200, {"Response": "False", "Error": "Request limit reached!"})
        if len(s) < 3:
            return self.reply(200, {"Response": "False", "Error": "Too many results."})
        found = [film(f) for f in FILMS if s in f[1].lower()]
        page = max(1, int(query.get("page", "1") or 1))
        items = found[(page - 1) * PER_PAGE : page * PER_PAGE]
        if not items:
            return self.reply(200, {"Response": "False", "Error": "Movie not found!"})
        return self.reply(200, {"Search": items, "totalResults": str(len(found)), "Response": "True"})


def main():
    key, port_file = sys.argv[1], sys.argv[2]
    Handler.key = key
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
