"""The stage configuration and the resource definitions must agree."""
from infra.local.env import chalice_stage_env
from infra.resources import resources


def test_local_stage_names_the_resources_the_local_stack_creates():
    stage_env = chalice_stage_env("local")
    expected = resources("local").environment()
    for key, value in stage_env.items():
        if key in expected:
            assert value == expected[key], key
    assert stage_env["CATALOG_TABLE"] == resources("local").table("Catalog").name


def test_every_queue_has_a_dead_letter_queue_and_sane_timeouts():
    for q in resources("prod").queues:
        assert q.dlq_name.endswith("-dlq") and q.max_receive_count >= 1
        assert 30 <= q.visibility_timeout <= 900


def test_resource_names_are_per_stage():
    dev, prod = resources("dev").environment(), resources("prod").environment()
    for key in dev:
        if key != "SENDER_EMAIL":
            assert dev[key] != prod[key], key
