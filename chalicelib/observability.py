"""Logger shared by every handler (powertools). Registered once in app.py."""
from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger(service="deogharmart")
