"""The verified caller, as the authorizer hands it to the routes."""
from __future__ import annotations

from dataclasses import dataclass

VENDORS, FACILITATORS, ADMINS = "vendors", "facilitators", "admins"


@dataclass(frozen=True)
class Principal:
    sub: str
    groups: frozenset[str]
    username: str = ""

    def in_any(self, groups) -> bool:
        return bool(self.groups & set(groups))

    @property
    def is_facilitator(self) -> bool:
        return FACILITATORS in self.groups

    def to_context(self) -> dict[str, str]:
        """API Gateway passes authorizer context values as strings only."""
        return {"sub": self.sub, "groups": ",".join(sorted(self.groups)),
                "username": self.username}

    @classmethod
    def from_context(cls, ctx: dict | None) -> "Principal | None":
        if not ctx or not ctx.get("principalId"):
            return None
        groups = frozenset(g for g in (ctx.get("groups") or "").split(",") if g)
        return cls(sub=ctx["principalId"], groups=groups, username=ctx.get("username", ""))
