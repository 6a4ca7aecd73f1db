"""The one place that reads configuration from the environment.

Stages set these variables in `.chalice/config.json` (local) or through the CDK
stack (cloud). A missing required variable fails the first call to `settings()`
with every missing name listed, instead of a KeyError deep in a request.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


class ConfigError(RuntimeError):
    pass


REQUIRED = ("STAGE", "CATALOG_TABLE", "MEDIA_BUCKET", "MEDIA_BASE_URL", "CURSOR_SECRET")


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    catalog_table: str
    media_bucket: str
    media_base_url: str
    cursor_secret: str
    log_level: str

    @property
    def is_local(self) -> bool:
        return self.stage in ("local", "test")


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ
    missing = [name for name in REQUIRED if not env.get(name)]
    if missing:
        raise ConfigError("missing required environment variables: " + ", ".join(missing))
    return Settings(
        stage=env["STAGE"],
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "ap-south-1",
        catalog_table=env["CATALOG_TABLE"],
        media_bucket=env["MEDIA_BUCKET"],
        media_base_url=env["MEDIA_BASE_URL"].rstrip("/"),
        cursor_secret=env["CURSOR_SECRET"],
        log_level=env.get("LOG_LEVEL", "INFO"),
    )


def reset() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    settings.cache_clear()
