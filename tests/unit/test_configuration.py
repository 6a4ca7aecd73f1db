"""The stage configuration and the resource definitions must agree."""
import json

import pytest

from chalicelib import config
from infra.local.env import ROOT, chalice_stage_env
from infra.resources import resources
from tests.unit.conftest import unit_env


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


@pytest.fixture
def stage_env(monkeypatch):
    env = {**unit_env(), "COGNITO_USER_POOL_ID": "ap-south-1_pool", "COGNITO_CLIENT_ID": "client",
           "RAZORPAY_KEY_ID": "rzp_test_x", "RAZORPAY_KEY_SECRET": "s", "RAZORPAY_WEBHOOK_SECRET": "w"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config.reset()
    yield monkeypatch
    monkeypatch.undo()
    config.reset()


@pytest.mark.parametrize("name, key", [("STRIPE_SECRET_KEY", "sk_live_51AbCdEf"),
                                       ("STRIPE_SECRET_KEY", "rk_live_51AbCdEf"),
                                       ("STRIPE_PUBLISHABLE_KEY", "pk_live_51AbCdEf"),
                                       ("RAZORPAY_KEY_ID", "rzp_live_AbCdEf12")])
def test_trial_mode_refuses_a_live_payment_key_at_configuration_load(stage_env, name, key):
    stage_env.setenv("TRIAL_MODE", "true")
    stage_env.setenv("PAYMENT_PROVIDERS", "razorpay,stripe")
    stage_env.setenv(name, key)
    with pytest.raises(config.ConfigError, match=f"trial mode.*{name} is a live key") as refused:
        config.settings()
    assert key not in str(refused.value)              # a key is named, never echoed


def test_test_keys_in_trial_mode_and_live_keys_without_it_are_accepted(stage_env):
    stage_env.setenv("TRIAL_MODE", "true")
    assert config.settings().trial_mode is True
    config.reset()
    stage_env.setenv("TRIAL_MODE", "false")
    stage_env.setenv("STRIPE_SECRET_KEY", "sk_live_51AbCdEf")
    stage_env.setenv("STRIPE_PUBLISHABLE_KEY", "pk_live_51AbCdEf")
    assert config.settings().trial_mode is False


def test_the_trial_run_is_on_locally_and_in_dev_and_off_in_prod():
    assert chalice_stage_env("local")["TRIAL_MODE"] == "true"
    stages = json.loads((ROOT / "cdk.json").read_text())["context"]["stages"]
    assert stages["dev"]["trial_mode"] is True and stages["prod"]["trial_mode"] is False


def test_a_stage_needs_the_keys_of_the_gateways_it_turns_on_and_only_those(stage_env):
    """Razorpay alone (no Stripe account): no Stripe key is asked for; a gateway turned on
    without its keys, or an unknown one, is a configuration error naming what is wrong."""
    for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET",
                 "RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET", "RAZORPAY_WEBHOOK_SECRET"):
        stage_env.delenv(name, raising=False)
    stage_env.setenv("PAYMENT_PROVIDERS", "razorpay")
    with pytest.raises(config.ConfigError, match="RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, "
                                                 "RAZORPAY_WEBHOOK_SECRET$"):
        config.settings()
    for name in ("RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET", "RAZORPAY_WEBHOOK_SECRET"):
        stage_env.setenv(name, "rzp_test_x" if name == "RAZORPAY_KEY_ID" else "secret")
    config.reset()
    assert config.settings().payment_providers == ("razorpay",)
    config.reset()
    stage_env.setenv("PAYMENT_PROVIDERS", " Razorpay , paypal")
    with pytest.raises(config.ConfigError, match="PAYMENT_PROVIDERS"):
        config.settings()
