"""`python -m tools.report` against moto in-process: an empty day makes a valid report."""
from __future__ import annotations

import json



def test_cli_makes_stores_and_mails_an_empty_day(client, capsys):
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from chalicelib import config
    from tools import report
    sent = ses_backends[DEFAULT_ACCOUNT_ID][config.settings().region].sent_messages
    before = len(sent)
    assert report.main(["daily", "--date", "2020-02-03"]) == 0
    out = json.loads(capsys.readouterr().out)
    # no orders that day; "empty" stays False while makers or listings wait for review
    assert out["id"] == "daily-2020-02-03" and out["emailed"] is True
    assert out["totals"] == {"orders": 0, "gmv_paise": 0, "net_paise": 0}
    assert out["html_url"].startswith("https://") and "Signature" in out["html_url"]
    assert len(sent) == before + 1 and "daily-2020-02-03" in sent[-1].body
