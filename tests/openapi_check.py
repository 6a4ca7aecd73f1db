"""Validate API responses against the API's own OpenAPI document."""
from __future__ import annotations

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


class OpenAPIChecker:
    def __init__(self, doc: dict):
        self.doc = doc
        resource = Resource.from_contents(doc, default_specification=DRAFT202012)
        self.registry = Registry().with_resource("urn:openapi", resource)

    def operation(self, method: str, path_template: str) -> dict:
        return self.doc["paths"][path_template][method.lower()]

    def check(self, method: str, path_template: str, status: int, body) -> None:
        responses = self.operation(method, path_template)["responses"]
        assert str(status) in responses, f"{status} not documented for {method} {path_template}"
        content = responses[str(status)].get("content")
        if not content:
            return
        schema = content["application/json"]["schema"]
        ref = schema["$ref"].replace("#/", "urn:openapi#/")
        validator = jsonschema.Draft202012Validator({"$ref": ref}, registry=self.registry)
        errors = sorted(validator.iter_errors(body), key=lambda e: e.path)
        assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
