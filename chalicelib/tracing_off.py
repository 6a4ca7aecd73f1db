"""A powertools tracing provider that records nothing: what `observability.tracer`
uses where tracing is off (tests, `chalice local`, the local runner), so that
`@tracer.capture_method` costs nothing there and never loads the X-Ray SDK."""
from __future__ import annotations

from contextlib import asynccontextmanager, contextmanager

from aws_lambda_powertools.tracing.base import BaseProvider, BaseSegment


class NoSegment(BaseSegment):
    def close(self, end_time=None):
        pass

    def add_subsegment(self, subsegment):
        pass

    def remove_subsegment(self, subsegment):
        pass

    def put_annotation(self, key, value):
        pass

    def put_metadata(self, key, value, namespace="default"):
        pass

    def add_exception(self, exception, stack, remote=False):
        pass


class NoTracing(BaseProvider):
    @contextmanager
    def in_subsegment(self, name=None, **kwargs):
        yield NoSegment()

    @asynccontextmanager
    async def in_subsegment_async(self, name=None, **kwargs):
        yield NoSegment()

    def put_annotation(self, key, value):
        pass

    def put_metadata(self, key, value, namespace="default"):
        pass

    def patch(self, modules):
        pass

    def patch_all(self):
        pass
