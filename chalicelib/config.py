"""The one place that reads configuration from the environment.

Stages set these variables in `.chalice/config.json` (local) or through the CDK
stack (cloud). A missing required variable fails the first call to `settings()`
(made by the first invocation of any handler) with every missing name listed,
instead of a KeyError deep in a request.
"""
from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from functools import lru_cache

APP = "deogharmart"


class ConfigError(RuntimeError):
    pass


REQUIRED = ("STAGE", "CATALOG_TABLE", "MEDIA_BUCKET", "MEDIA_BASE_URL", "CURSOR_SECRET",
            "UPLOADS_BUCKET", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "ORDERS_TABLE",
            "ORDER_STATE_MACHINE_ARN", "COURIER_WEBHOOK_SECRET", "IDEMPOTENCY_TABLE",
            "REPORTS_BUCKET")
# The payment gateways a stage may turn on (PAYMENT_PROVIDERS, in the order the checkout
# offers them), and what each one needs. Stripe takes international cards; Razorpay takes
# UPI, RuPay and Indian cards, netbanking (chalicelib/payments/).
PROVIDERS = {"stripe": ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"),
             "razorpay": ("RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET", "RAZORPAY_WEBHOOK_SECRET")}


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    catalog_table: str
    media_bucket: str
    media_base_url: str
    uploads_bucket: str
    cursor_secret: str
    cognito_user_pool_id: str
    cognito_client_id: str
    cognito_issuer: str
    cognito_jwks_url: str
    auto_confirm_signup: bool
    log_level: str
    orders_table: str
    idempotency_table: str
    order_state_machine_arn: str
    stripe_secret_key: str
    stripe_publishable_key: str
    stripe_webhook_secret: str
    stripe_api_base: str | None
    payment_providers: tuple[str, ...]   # PAYMENT_PROVIDERS: "stripe", "razorpay", both
    razorpay_key_id: str
    razorpay_key_secret: str
    razorpay_webhook_secret: str
    razorpay_api_base: str | None      # a stand-in (infra/local/razorpay_server.py); None: Razorpay
    courier_webhook_secret: str
    courier_api_url: str | None
    # who moves parcels: "simulator" (infra/local/courier_sim.py) or "http" (a courier's or
    # aggregator's API; both through courier.HttpCourier), or "manual" (the maker, their
    # facilitator or the office records the handover and the outcome: orders/manual.py)
    courier_mode: str
    payment_timeout_seconds: int
    # the reconciliation's deadlines: past them an order or parcel counts as stuck
    reconcile_grace_seconds: int      # after the payment timeout, before asking Stripe
    dispatch_deadline_seconds: int    # paid or confirmed, yet a parcel is not booked
    pickup_deadline_hours: int        # booked, yet not picked up
    cod_limit_paise: int
    commission_bp: int                # of the taxable value (chalicelib/payouts/deductions.py)
    payout_hold_hours: int | None     # overrides every category's return window (tests: 0)
    sender_email: str
    api_url: str | None
    reports_bucket: str
    admin_emails: tuple[str, ...]     # the district office: reports and alarms go here
    report_link_seconds: int
    web_bucket: str | None            # the shop's pages (chalicelib/pages); None: not published
    trial_mode: bool = False          # the district's trial run: a banner, test payment keys only
    # a maker's scorecard (chalicelib/quality/scorecard.py): packed later than this many
    # hours after the parcel was accepted counts as late; over a threshold flags the maker
    packing_deadline_hours: int = 48
    quality_thresholds: dict = dataclasses.field(default_factory=lambda: dict(QUALITY_THRESHOLDS))
    # where the `fx_rates` schedule fetches currency rates (https, base INR); None: the
    # bundled fixture (local stack, tests). chalicelib/exports/fx.py
    fx_source_url: str | None = None


def resource_name(env_var: str, suffix: str) -> str:
    """A resource's name where it must be known when the app is imported (queue
    names in event-source decorators): the variable if set, else the stage's
    conventional name. `infra/resources.py` names resources the same way."""
    return os.environ.get(env_var) or stage_name(os.environ.get("STAGE") or "local", suffix)


def cors_origin() -> str:
    """The site browsers may call the API from, when the app is imported (Chalice writes it
    into every route's CORS answers): the stage's shop once it has its own domain (set by
    infra/cdk), else any site — the API takes bearer tokens, never cookies."""
    return os.environ.get("CORS_ALLOW_ORIGIN") or "*"


def stage_name(stage: str, suffix: str) -> str:
    return f"{APP}-{stage}-{suffix}"


COURIER_MODES = ("simulator", "http", "manual")


def _courier_mode(env, stage: str) -> str:
    mode = (env.get("COURIER_MODE") or ("simulator" if stage == "local" else "http")).strip().lower()
    if mode not in COURIER_MODES:
        raise ConfigError("COURIER_MODE must be one of " + ", ".join(COURIER_MODES))
    return mode


# A maker is flagged to their facilitator and the office when, over the last 90 days and
# with at least `min_orders` orders, a rate passes its threshold (basis points of orders:
# 500 = 5 %) or the average rating falls below `min_rating_x10` / 10. QUALITY_THRESHOLDS
# (JSON) overrides any of them for a stage.
QUALITY_THRESHOLDS = {"complaints_bp": 500, "late_packing_bp": 1000, "cancellations_bp": 500,
                      "min_rating_x10": 35, "min_orders": 5}


def _thresholds(env) -> dict:
    raw = (env.get("QUALITY_THRESHOLDS") or "").strip()
    if not raw:
        return dict(QUALITY_THRESHOLDS)
    try:
        given = json.loads(raw)
    except ValueError:
        raise ConfigError("QUALITY_THRESHOLDS must be a JSON object") from None
    if not isinstance(given, dict) or any(k not in QUALITY_THRESHOLDS or not isinstance(v, int)
                                          or isinstance(v, bool) or v < 0
                                          for k, v in given.items()):
        raise ConfigError("QUALITY_THRESHOLDS takes whole numbers for: "
                          + ", ".join(QUALITY_THRESHOLDS))
    return {**QUALITY_THRESHOLDS, **given}


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes")


# Live keys: Stripe's secret, publishable, restricted ones and Razorpay's key id. A trial
# stage takes no real money.
LIVE_KEY_PREFIXES = ("sk_live_", "pk_live_", "rk_live_", "rzp_live_")
PAYMENT_KEYS = ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "RAZORPAY_KEY_ID")


def parse_providers(value) -> tuple[str, ...]:
    """PAYMENT_PROVIDERS ("razorpay,stripe") or cdk.json's list: the gateways in order,
    Stripe alone when none is named (every stage before Razorpay); an unknown one is an
    error. The app, the site's settings and the CDK stack all read it here."""
    names = value.split(",") if isinstance(value, str) else list(value or ())
    names = tuple(dict.fromkeys(n.strip().lower() for n in names if n.strip())) or ("stripe",)
    if any(p not in PROVIDERS for p in names):
        raise ConfigError("PAYMENT_PROVIDERS must name one or both of: " + ", ".join(PROVIDERS))
    return names


def refuse_live_keys(trial_mode: bool, keys: dict[str, str | None]) -> None:
    """In trial mode, a live Stripe or Razorpay key is a configuration error (named, never echoed).
    The app checks its environment here; the deploy checks the stage's secret the same way."""
    if not trial_mode:
        return
    live = [name for name, value in keys.items()
            if (value or "").strip().startswith(LIVE_KEY_PREFIXES)]
    if live:
        raise ConfigError("trial mode (TRIAL_MODE) refuses live payment keys: " + ", ".join(live)
                          + " is a live key; use test keys (sk_test_…, pk_test_…, rzp_test_…) "
                          "for the trial "
                          "run, or turn trial mode off for the launch")


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ
    providers = parse_providers(env.get("PAYMENT_PROVIDERS"))
    missing = [name for name in REQUIRED + sum((PROVIDERS[p] for p in providers), ())
               if not env.get(name)]
    if missing:
        raise ConfigError("missing required environment variables: " + ", ".join(missing))
    trial_mode = _flag(env.get("TRIAL_MODE"))
    refuse_live_keys(trial_mode, {name: env.get(name) for name in PAYMENT_KEYS})
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "ap-south-1"
    pool = env["COGNITO_USER_POOL_ID"]
    issuer = env.get("COGNITO_ISSUER") or f"https://cognito-idp.{region}.amazonaws.com/{pool}"
    return Settings(
        stage=env["STAGE"],
        region=region,
        catalog_table=env["CATALOG_TABLE"],
        media_bucket=env["MEDIA_BUCKET"],
        media_base_url=env["MEDIA_BASE_URL"].rstrip("/"),
        uploads_bucket=env["UPLOADS_BUCKET"],
        cursor_secret=env["CURSOR_SECRET"],
        cognito_user_pool_id=pool,
        cognito_client_id=env["COGNITO_CLIENT_ID"],
        cognito_issuer=issuer,
        cognito_jwks_url=env.get("COGNITO_JWKS_URL") or f"{issuer}/.well-known/jwks.json",
        auto_confirm_signup=_flag(env.get("AUTO_CONFIRM_SIGNUP")),
        log_level=env.get("LOG_LEVEL", "INFO"),
        orders_table=env["ORDERS_TABLE"],
        idempotency_table=env["IDEMPOTENCY_TABLE"],
        order_state_machine_arn=env["ORDER_STATE_MACHINE_ARN"],
        stripe_secret_key=env.get("STRIPE_SECRET_KEY", ""),
        stripe_publishable_key=env.get("STRIPE_PUBLISHABLE_KEY", ""),
        stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET", ""),
        stripe_api_base=env.get("STRIPE_API_BASE") or None,
        payment_providers=providers,
        razorpay_key_id=env.get("RAZORPAY_KEY_ID", ""),
        razorpay_key_secret=env.get("RAZORPAY_KEY_SECRET", ""),
        razorpay_webhook_secret=env.get("RAZORPAY_WEBHOOK_SECRET", ""),
        razorpay_api_base=(env.get("RAZORPAY_API_BASE") or "").rstrip("/") or None,
        courier_webhook_secret=env["COURIER_WEBHOOK_SECRET"],
        courier_api_url=env.get("COURIER_API_URL") or None,
        courier_mode=_courier_mode(env, env["STAGE"]),
        payment_timeout_seconds=_int(env, "PAYMENT_TIMEOUT_SECONDS", 1800),
        reconcile_grace_seconds=_int(env, "RECONCILE_GRACE_SECONDS", 300),
        dispatch_deadline_seconds=_int(env, "DISPATCH_DEADLINE_SECONDS", 1800),
        pickup_deadline_hours=_int(env, "PICKUP_DEADLINE_HOURS", 48),
        cod_limit_paise=_int(env, "COD_LIMIT_PAISE", 5_000_00),
        commission_bp=_int(env, "COMMISSION_BP", 1000),
        payout_hold_hours=(_int(env, "PAYOUT_HOLD_HOURS", 0)
                           if (env.get("PAYOUT_HOLD_HOURS") or "").strip() else None),
        sender_email=env.get("SENDER_EMAIL") or "no-reply@deogharmart.in",
        api_url=(env.get("API_URL") or "").rstrip("/") or None,
        reports_bucket=env["REPORTS_BUCKET"],
        admin_emails=tuple(e.strip() for e in (env.get("ADMIN_EMAILS") or "").split(",")
                           if e.strip()),
        report_link_seconds=_int(env, "REPORT_LINK_SECONDS", 24 * 3600),
        web_bucket=env.get("WEB_BUCKET") or None,
        trial_mode=trial_mode,
        packing_deadline_hours=_int(env, "PACKING_DEADLINE_HOURS", 48),
        quality_thresholds=_thresholds(env),
        fx_source_url=_https(env, "FX_SOURCE_URL"),
    )


def _https(env, name: str) -> str | None:
    value = (env.get(name) or "").strip()
    if value and not value.startswith("https://"):
        raise ConfigError(f"{name} must be an https:// address")
    return value or None


def _int(env, name: str, default: int) -> int:
    try:
        return int(env.get(name) or default)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number") from None


def reset() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    settings.cache_clear()
