"""OpenAPI 3.1 document generated from the registered routes and their pydantic models."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from chalicelib.catalog.schemas import ErrorBody

REF = "#/components/schemas/{model}"


def _schema(model: type[BaseModel], components: dict) -> dict:
    schema = model.model_json_schema(ref_template=REF, mode="serialization")
    for name, sub in schema.pop("$defs", {}).items():
        components[name] = sub
    components[model.__name__] = schema
    return {"$ref": REF.format(model=model.__name__)}


def _query_parameters(model: type[BaseModel]) -> list[dict]:
    schema = model.model_json_schema(mode="validation")
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        description = prop.pop("description", None)
        prop.pop("title", None)
        param: dict[str, Any] = {"name": name, "in": "query", "required": name in required,
                                 "schema": prop}
        if description:
            param["description"] = description
        params.append(param)
    for name, sub in schema.get("$defs", {}).items():  # enums referenced by query params
        for p in params:
            if p["schema"].get("$ref") == f"#/$defs/{name}":
                p["schema"] = sub
            for alt in p["schema"].get("anyOf", []):
                if alt.get("$ref") == f"#/$defs/{name}":
                    alt.clear()
                    alt.update(sub)
    return params


def _operation_id(method: str, path: str) -> str:
    words = [w.strip("{}") for w in path.split("/") if w]
    return "_".join([method.lower(), *words]).replace("-", "_").replace(".", "_")


def build(app, title: str, version: str, server_url: str | None = None) -> dict:
    components: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    error_ref = _schema(ErrorBody, components)
    for path, methods in sorted(app.routes.items()):
        for method, entry in methods.items():
            op = getattr(entry.view_function, "__openapi__", None)
            if op is None:
                continue
            operation: dict[str, Any] = {
                "operationId": _operation_id(method, path),
                "summary": op.summary,
                "tags": op.tags,
                "parameters": [{"name": n, "in": "path", "required": True,
                                "description": d, "schema": {"type": "string"}}
                               for n, d in op.path_params.items()]
                              + [{"name": n, "in": "header", "required": True,
                                  "description": d, "schema": {"type": "string"}}
                                 for n, d in op.header_params.items()],
                "responses": {},
            }
            if op.query is not None:
                operation["parameters"] += _query_parameters(op.query)
            if op.groups:
                operation["security"] = [{"cognito": []}]
                operation["description"] = "Signed-in users of group(s): " + ", ".join(op.groups)
            if op.raw_body is not None:
                operation["requestBody"] = {"required": True, "content": {
                    op.raw_body: {"schema": {"type": "string"}}}}
            if op.body is not None:
                operation["requestBody"] = {"required": True, "content": {
                    "application/json": {"schema": _schema(op.body, components)}}}
            ok = {"description": "OK"}
            if op.response is not None:
                ok["content"] = {"application/json": {"schema": _schema(op.response, components)}}
            operation["responses"][str(op.status)] = ok
            for status in sorted(set(op.errors) | {500}):
                operation["responses"][str(status)] = {
                    "description": "Error", "content": {"application/json": {"schema": error_ref}}}
            paths.setdefault(path, {})[method.lower()] = operation
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version,
                 "description": "DeogharMart: the marketplace of Deoghar district's makers."},
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": {"cognito": {
            "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
            "description": "A Cognito id or access token from POST /auth/login"}}},
    }
    if server_url:
        doc["servers"] = [{"url": server_url}]
    return doc
