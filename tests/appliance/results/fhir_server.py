"""A local FHIR R4 server for the tests: transactions, validated resource by resource.

No real FHIR server installs from the registries this project reaches (HAPI FHIR comes from
Maven Central, which is not one of them; the FHIR servers on PyPI and npm are frameworks or
file servers without transactions), so this is a small HTTP server on a free loopback port that
does what the appliance relies on, the way the FHIR specification says a server does it (R4,
3.1.0.11 "transaction"):

- ``POST <base>`` with a ``transaction`` Bundle; every resource is validated with fhir.resources
  (the R4B models, whose elements for these resources are R4's); an invalid Bundle or resource
  is answered 400 with an OperationOutcome, and nothing is stored;
- conditional create (``ifNoneExist``) and conditional update (``PUT Type?identifier=...``) by
  identifier, ``urn:uuid`` fullUrls resolved and every reference rewritten to ``Type/id``;
  a reference to a ``urn:uuid`` not in the Bundle is an error;
- answers a ``transaction-response`` Bundle with one status per entry.

A test can queue failures for the next requests (an HTTP status with an OperationOutcome, or
``drop``: process the transaction, then hang up without an answer) and stop and start it again
on the same port.
"""

from __future__ import annotations

import copy
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from tests.appliance.results.served import ThreadServed
from tests.conftest import free_port

__all__ = ["FhirServer"]


class TransactionError(Exception):
    """The Bundle cannot be processed; answered 400 with this message."""


class FhirServer(ThreadServed):
    """``start()``, ``stop()``; ``resources`` by (type, id); ``posts`` counts requests."""

    def __init__(self, port: int | None = None) -> None:
        super().__init__()
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/fhir"
        self.resources: dict[tuple[str, str], dict[str, Any]] = {}
        self.posts: list[str] = []
        """The id of every transaction Bundle received, repeats included."""
        self.failures: list[int | str] = []
        """For the next requests: an HTTP status to answer, or ``drop``."""
        self._lock = threading.Lock()

    def start(self) -> FhirServer:
        server = ThreadingHTTPServer(("127.0.0.1", self.port), _Handler)
        server.fhir = self  # type: ignore[attr-defined]
        self._serve(server)
        return self

    def of_type(self, resource_type: str) -> list[dict[str, Any]]:
        return [r for (t, _), r in sorted(self.resources.items()) if t == resource_type]

    def add(self, resource: dict[str, Any]) -> str:
        """Store a resource as if the EHR had it already; return its id."""
        resource = copy.deepcopy(resource)
        resource["id"] = resource.get("id") or str(uuid.uuid4())
        resource["meta"] = {"versionId": "1"}
        self.resources[(resource["resourceType"], resource["id"])] = resource
        return str(resource["id"])

    def next_failure(self) -> int | str | None:
        with self._lock:
            return self.failures.pop(0) if self.failures else None

    def transaction(self, bundle: dict[str, Any]) -> dict[str, Any]:
        """Process a transaction Bundle atomically; return the transaction-response."""
        with self._lock:
            self.posts.append(str(bundle.get("id")))
            _validate(bundle)
            staged = dict(self.resources)
            resolved: dict[str, str] = {}
            plans = [self._plan(entry, staged, resolved) for entry in bundle["entry"]]
            responses = []
            for entry, (key, status) in zip(bundle["entry"], plans, strict=True):
                if status == "200 OK" and entry["request"]["method"] == "POST":
                    responses.append({"response": {"status": status, "location": "/".join(key)}})
                    continue  # conditional create found an existing resource
                resource = _rewrite(copy.deepcopy(entry["resource"]), resolved)
                resource["id"] = key[1]
                version = int(staged.get(key, {}).get("meta", {}).get("versionId", "0")) + 1
                resource["meta"] = {"versionId": str(version)}
                staged[key] = resource
                location = f"{key[0]}/{key[1]}/_history/{version}"
                responses.append({"response": {"status": status, "location": location}})
            self.resources = staged
            return {"resourceType": "Bundle", "type": "transaction-response", "entry": responses}

    def _plan(
        self,
        entry: dict[str, Any],
        staged: dict[tuple[str, str], dict[str, Any]],
        resolved: dict[str, str],
    ) -> tuple[tuple[str, str], str]:
        request, resource = entry["request"], entry["resource"]
        resource_type = resource["resourceType"]
        if request["method"] == "POST":
            matches = _search(staged, resource_type, request.get("ifNoneExist", ""))
        elif request["method"] == "PUT" and "?" in request["url"]:
            url_type, query = request["url"].split("?", 1)
            if url_type != resource_type:
                raise TransactionError(f"PUT {request['url']} carries a {resource_type}")
            matches = _search(staged, resource_type, query)
        else:
            raise TransactionError(
                f"this test server does not do {request['method']} {request['url']}"
            )
        if len(matches) > 1:
            raise TransactionError(f"{request['url']}: more than one match (412)")
        key = (resource_type, matches[0] if matches else str(uuid.uuid4()))
        resolved[entry["fullUrl"]] = "/".join(key)
        return key, "200 OK" if matches else "201 Created"


def _validate(bundle: dict[str, Any]) -> None:
    try:
        get_fhir_model_class("Bundle").model_validate(bundle)
        for entry in bundle.get("entry", []):
            resource = entry["resource"]
            get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except (ValidationError, KeyError) as exc:
        raise TransactionError(f"invalid resource: {exc}") from exc
    if bundle.get("type") != "transaction":
        raise TransactionError(f"Bundle.type is {bundle.get('type')!r}, not transaction")


def _search(
    resources: dict[tuple[str, str], dict[str, Any]], resource_type: str, query: str
) -> list[str]:
    """Ids of ``resource_type`` matching ``identifier=system|value`` (the only search here)."""
    params = parse_qs(query)
    if list(params) != ["identifier"]:
        raise TransactionError(f"unsupported search {query!r}")
    system, _, value = params["identifier"][0].partition("|")
    return [
        rid
        for (rtype, rid), resource in resources.items()
        if rtype == resource_type
        and any(
            i.get("system") == system and i.get("value") == value
            for i in resource.get("identifier", [])
        )
    ]


def _rewrite(node: Any, resolved: dict[str, str]) -> Any:
    """Every ``{"reference": "urn:uuid:..."}`` replaced by the entry's ``Type/id``."""
    if isinstance(node, dict):
        reference = node.get("reference")
        if isinstance(reference, str) and reference.startswith("urn:uuid:"):
            if reference not in resolved:
                raise TransactionError(f"reference {reference} is not an entry of the Bundle")
            node["reference"] = resolved[reference]
        return {k: _rewrite(v, resolved) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite(v, resolved) for v in node]
    return node


def _outcome(message: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "processing", "diagnostics": message}],
    }


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        server: FhirServer = self.server.fhir  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        failure = server.next_failure()
        if isinstance(failure, int):
            self._answer(failure, _outcome(f"the test asked for HTTP {failure}"))
            return
        if self.path.rstrip("/") != "/fhir":
            self._answer(404, _outcome(f"no endpoint {self.path}"))
            return
        if self.headers.get("Content-Type", "").split(";")[0] != "application/fhir+json":
            self._answer(415, _outcome("Content-Type must be application/fhir+json"))
            return
        try:
            answer = server.transaction(json.loads(body))
        except (TransactionError, ValueError) as exc:
            self._answer(400, _outcome(str(exc)))
            return
        if failure == "drop":
            self.close_connection = True  # processed, but the answer is lost
            return
        self._answer(200, answer)

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
