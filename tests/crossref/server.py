"""A fake Crossref REST API on loopback (pytest-httpserver): ``/works/<doi>``.

``works`` None: every DOI exists (a small generated journal article). ``faults`` are responses
served first, one per request. The recorded real responses of ``../shared/fixtures/crossref`` are
served by tests that load them into ``works``.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

WORK_PATH = re.compile(r"^/works/(?P<doi>.+)$")


def generated_work(doi: str) -> dict[str, Any]:
    return {
        "DOI": doi, "type": "journal-article", "title": [f"Work {doi}"],
        "author": [{"given": "Grace", "family": "Hopper"}, {"given": "Alan", "family": "Turing"}],
        "container-title": ["Journal of Tests"], "issued": {"date-parts": [[2020, 5, 1]]},
        "volume": "12", "issue": "3", "page": "1-10", "publisher": "Test Press",
        "URL": f"https://doi.org/{doi}",
    }


def work_body(message: dict[str, Any]) -> bytes:
    return json.dumps({"status": "ok", "message-type": "work", "message-version": "1.0.0",
                       "message": message}).encode()


@dataclass
class FakeCrossref:
    server: HTTPServer
    works: dict[str, bytes] | None = None  # lower-case DOI -> the whole response body
    faults: deque[Response] = field(default_factory=deque)
    requests: list[str] = field(default_factory=list)  # DOIs asked for, in order
    queries: list[dict[str, str]] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    request_times: list[float] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # sent with every answer

    def install(self) -> FakeCrossref:
        self.server.expect_request(WORK_PATH).respond_with_handler(self._work)
        return self

    @property
    def api(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def _work(self, request: Request) -> Response:
        match = WORK_PATH.match(request.path)
        assert match is not None
        doi = unquote(match.group("doi"))
        self.requests.append(doi)
        self.queries.append(dict(request.args))
        self.user_agents.append(request.headers.get("User-Agent", ""))
        self.request_times.append(time.monotonic())
        if self.faults:
            return self.faults.popleft()
        if self.works is None:
            body = work_body(generated_work(doi))
        elif doi.lower() in self.works:
            body = self.works[doi.lower()]
        else:
            return Response("Resource not found.", status=404, content_type="text/plain")
        return Response(body, content_type="application/json", headers=self.headers)
