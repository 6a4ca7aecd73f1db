"""A Chalice app whose handlers misbehave on purpose, to prove the local event runner.

Its handlers record what they saw in module-level lists the tests read.
"""
from chalice import Chalice, Rate

app = Chalice(app_name="runner-test")
seen: list[list[str]] = []
ticks: list[str] = []
attempts: dict[str, int] = {}


@app.on_sqs_message(queue="runner-test-batch", batch_size=3)
def batch(event):
    """Fails the records whose body says 'fail', reports them as partial failures."""
    bodies = [r.body for r in event]
    seen.append(bodies)
    failures = [{"itemIdentifier": r.to_dict()["messageId"]} for r in event if r.body == "fail"]
    return {"batchItemFailures": failures}


@app.on_sqs_message(queue="runner-test-crash", batch_size=10)
def crash(event):
    """Raises on the first delivery of every message (a crash halfway through)."""
    first = False
    for r in event:
        attempts[r.body] = attempts.get(r.body, 0) + 1
        first = first or attempts[r.body] == 1
    if first:
        raise RuntimeError("first delivery always fails")


@app.schedule(Rate(1, unit=Rate.MINUTES), name="tick")
def tick(event):
    ticks.append(event.to_dict()["time"])
    return {"ticked": len(ticks)}


@app.schedule(Rate(1, unit=Rate.DAYS), name="broken_report")
def broken_report(event):
    raise RuntimeError("the report could not be made")
