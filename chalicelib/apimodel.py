"""Base classes of every request and response model.

`defer_build` makes pydantic build a model's validator on first use instead of
at import: every Lambda of the app imports all route modules, and building ~60
models at cold start cost tens of milliseconds most functions never use.
"""
from pydantic import BaseModel, ConfigDict


class ApiModel(BaseModel):
    model_config = ConfigDict(defer_build=True)


class InputModel(BaseModel):
    """Request input: unknown fields are an error, text is trimmed."""
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
