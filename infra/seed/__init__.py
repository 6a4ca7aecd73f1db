"""The seeded Deoghar catalog: `python -m infra.seed` (idempotent)."""
