"""When does an EventBridge schedule expression fire next? (rate() and cron(), UTC). And the
event a schedule hands its function, for running a job by hand (locally and in the cloud)."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone

_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
_DOW = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
_MON = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}


def _field(spec: str, lo: int, hi: int, names: dict[str, int] | None = None) -> set[int] | None:
    """Values a cron field allows; None means 'any' (* or ?)."""
    if spec in ("*", "?"):
        return None
    values: set[int] = set()
    for part in spec.split(","):
        step = 1
        if "/" in part:
            part, step_s = part.split("/")
            step = int(step_s)
        if part in ("*", ""):
            start, end = lo, hi
        elif "-" in part:
            a, b = part.split("-")
            start, end = _num(a, names), _num(b, names)
        else:
            start = _num(part, names)
            end = hi if step > 1 else start
        values.update(range(start, end + 1, step))
    return values


def _num(text: str, names: dict[str, int] | None) -> int:
    text = text.upper()
    if names and text in names:
        return names[text]
    return int(text)


def next_fire(expression: str, after: datetime) -> datetime:
    after = after.astimezone(timezone.utc)
    m = re.fullmatch(r"rate\((\d+)\s+(\w+)\)", expression.strip())
    if m:
        return after + timedelta(seconds=int(m.group(1)) * _UNITS[m.group(2).lower()])
    m = re.fullmatch(r"cron\((.+)\)", expression.strip())
    if not m:
        raise ValueError(f"unsupported schedule expression: {expression}")
    fields = m.group(1).split()
    if len(fields) != 6:
        raise ValueError(f"cron needs 6 fields: {expression}")
    minutes = _field(fields[0], 0, 59)
    hours = _field(fields[1], 0, 23)
    dom = _field(fields[2], 1, 31)
    months = _field(fields[3], 1, 12, _MON)
    dow = _field(fields[4], 1, 7, _DOW)
    years = _field(fields[5], 1970, 2199)
    t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    for _ in range(60 * 24 * 366 * 2):  # at most two years ahead, minute by minute
        aws_dow = t.isoweekday() % 7 + 1  # AWS: 1 = Sunday
        if ((minutes is None or t.minute in minutes) and (hours is None or t.hour in hours)
                and (dom is None or t.day in dom) and (months is None or t.month in months)
                and (dow is None or aws_dow in dow) and (years is None or t.year in years)):
            return t
        t += timedelta(minutes=1)
    raise ValueError(f"schedule never fires: {expression}")


def scheduled_event(name: str, region: str, account: str = "000000000000",
                    rule: str | None = None) -> dict:
    """EventBridge's "Scheduled Event", every field of which chalice's CloudWatchEvent reads
    (an empty payload fails with KeyError before the handler runs)."""
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
            "source": "aws.events", "account": account,
            "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": region, "resources": [rule or f"local:rule/{name}"], "detail": {}}
