"""Waiting on the local stack: poll until something holds (SQS, Step Functions and the
courier move orders asynchronously)."""
from __future__ import annotations

import time


def wait_for(fn, timeout: float = 40, what: str = "condition", every: float = 0.3):
    """`fn()`'s first truthy value, polled every `every` seconds; AssertionError after
    `timeout`. 0.3 s: faster polling by many callers loads the API and moto more than the
    work being waited for."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")
