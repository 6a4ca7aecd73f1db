"""Every AWS resource DeogharMart uses, defined once for every stage.

The local stack (`infra/local/provision.py`) creates these in moto; the CDK
stack of the cloud deployment reads the same definitions. A table's key schema
and indexes come from its PynamoDB model, so they are written exactly once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chalicelib.db.models import TABLE_MODEL as CATALOG_MODEL
from chalicelib.db.order_models import TABLE_MODEL as ORDERS_MODEL
from chalicelib.config import stage_name

@dataclass(frozen=True)
class TableDef:
    logical_id: str
    name: str
    env: str
    key_schema: list[dict]
    attribute_definitions: list[dict]
    global_secondary_indexes: list[dict] = field(default_factory=list)
    ttl_attribute: str | None = None

# API Gateway gzips JSON replies from this size up (the local gateway does the same).
API_MIN_COMPRESSION_BYTES = 1024


@dataclass(frozen=True)
class QueueDef:
    logical_id: str
    name: str
    env: str
    visibility_timeout: int
    max_receive_count: int = 5
    retention_seconds: int = 4 * 24 * 3600

    @property
    def dlq_name(self) -> str:
        return f"{self.name}-dlq"


@dataclass(frozen=True)
class BucketDef:
    logical_id: str
    name: str
    env: str
    public_read: bool = False          # media: read by browsers (CloudFront in the cloud)
    cors_put: bool = False             # uploads: browsers POST presigned forms
    notify_queue: str | None = None    # logical id of the queue told about new objects
    notify_prefix: str = ""
    # versioning on: a deleted or overwritten object stays recoverable this many days
    old_versions_days: int | None = None


@dataclass(frozen=True)
class UserPoolDef:
    logical_id: str
    name: str
    client_name: str
    groups: tuple[str, ...]
    custom_attributes: tuple[str, ...]


@dataclass(frozen=True)
class TopicDef:
    """An SNS topic. `email_setting` names the deployment setting (comma-separated
    addresses, e.g. ADMIN_EMAILS) whose addresses get e-mail subscriptions."""
    logical_id: str
    name: str
    email_setting: str | None = None


ORDER_ASL = Path(__file__).with_name("statemachines") / "order.asl.json"


@dataclass(frozen=True)
class StateMachineDef:
    """An ASL file with ${Name} placeholders; `substitutions` says what fills each:
    ("queue_url", queue logical id), ("table_name", table logical id) or
    ("setting", name of a deployment setting)."""
    logical_id: str
    name: str
    env: str
    definition_path: Path
    substitutions: dict[str, tuple[str, str]]

    def render(self, values: dict[str, str]) -> str:
        text = self.definition_path.read_text()
        for key in self.substitutions:
            text = text.replace("${" + key + "}", str(values[key]))
        return text


@dataclass(frozen=True)
class Resources:
    stage: str
    tables: tuple[TableDef, ...]
    queues: tuple[QueueDef, ...]
    buckets: tuple[BucketDef, ...]
    user_pool: UserPoolDef
    order_state_machine: StateMachineDef
    alarm_topic: TopicDef              # every CloudWatch alarm of the stage notifies it
    sender_email: str
    # where a scheduled function's failed run lands (Lambda's on-failure destination; the
    # local runner sends the same record), watched by an alarm
    schedule_failures: str = ""

    def table(self, logical_id: str) -> TableDef:
        return next(t for t in self.tables if t.logical_id == logical_id)

    def queue(self, logical_id: str) -> QueueDef:
        return next(q for q in self.queues if q.logical_id == logical_id)

    def bucket(self, logical_id: str) -> BucketDef:
        return next(b for b in self.buckets if b.logical_id == logical_id)

    def environment(self) -> dict[str, str]:
        """Environment variables naming each resource, as the Lambdas receive them."""
        env = {"STAGE": self.stage, "SENDER_EMAIL": self.sender_email,
               "SCHEDULE_FAILURES_QUEUE": self.schedule_failures}
        for item in (*self.tables, *self.queues, *self.buckets):
            env[item.env] = item.name
        return env


def resources(stage: str) -> Resources:
    def name(suffix: str) -> str:
        return stage_name(stage, suffix)

    catalog = _table_from_pynamodb("Catalog", name("catalog"), "CATALOG_TABLE", CATALOG_MODEL)
    orders = _table_from_pynamodb("Orders", name("orders"), "ORDERS_TABLE", ORDERS_MODEL)
    idempotency = TableDef(
        "Idempotency", name("idempotency"), "IDEMPOTENCY_TABLE",
        key_schema=[{"AttributeName": "id", "KeyType": "HASH"}],
        attribute_definitions=[{"AttributeName": "id", "AttributeType": "S"}],
        ttl_attribute="expiration")
    queues = (
        QueueDef("PaymentTokensQueue", name("payment-tokens"), "PAYMENT_TOKENS_QUEUE", 60),
        QueueDef("DispatchQueue", name("dispatch"), "DISPATCH_QUEUE", 120),
        QueueDef("ImageQueue", name("image-processing"), "IMAGE_QUEUE", 180, 3),
        QueueDef("OrderEventsQueue", name("order-events"), "ORDER_EVENTS_QUEUE", 60),
        QueueDef("SitePagesQueue", name("site-pages"), "SITE_PAGES_QUEUE", 300),
    )
    buckets = (
        BucketDef("MediaBucket", name("media"), "MEDIA_BUCKET", public_read=True,
                  old_versions_days=30),
        BucketDef("UploadsBucket", name("uploads"), "UPLOADS_BUCKET", cors_put=True,
                  notify_queue="ImageQueue", notify_prefix="uploads/", old_versions_days=2),
        BucketDef("ReportsBucket", name("reports"), "REPORTS_BUCKET", old_versions_days=90),
        BucketDef("WebBucket", name("web"), "WEB_BUCKET"),
    )
    pool = UserPoolDef("UserPool", name("users"), name("web"),
                       groups=("vendors", "facilitators", "admins"),
                       custom_attributes=("vendor_id",))
    machine = StateMachineDef("OrderStateMachine", name("order"), "ORDER_STATE_MACHINE_ARN",
                              ORDER_ASL, substitutions={
                                  "PaymentTokensQueueUrl": ("queue_url", "PaymentTokensQueue"),
                                  "DispatchQueueUrl": ("queue_url", "DispatchQueue"),
                                  "OrderEventsQueueUrl": ("queue_url", "OrderEventsQueue"),
                                  "OrdersTable": ("table_name", "Orders"),
                                  "PaymentTimeoutSeconds": ("setting", "payment_timeout_seconds"),
                              })
    alarm_topic = TopicDef("AlarmTopic", name("alarms"), email_setting="ADMIN_EMAILS")
    return Resources(stage, (catalog, orders, idempotency), queues, buckets, pool, machine,
                     alarm_topic, sender_email="no-reply@deogharmart.in" if stage == "prod"
                     else f"no-reply@{stage}.deogharmart.in",
                     schedule_failures=name("schedule-failures"))


def _table_from_pynamodb(logical_id: str, name: str, env: str, model) -> TableDef:
    schema = model._get_schema()

    def key_list(items):  # DynamoDB wants HASH before RANGE
        keys = [{"AttributeName": k.get("AttributeName", k.get("attribute_name")),
                 "KeyType": k.get("KeyType", k.get("key_type"))} for k in items]
        return sorted(keys, key=lambda k: k["KeyType"] != "HASH")

    attrs = [{"AttributeName": a.get("AttributeName", a.get("attribute_name")),
              "AttributeType": a.get("AttributeType", a.get("attribute_type"))}
             for a in schema["attribute_definitions"]]
    gsis = []
    for g in schema["global_secondary_indexes"]:
        projection = g.get("Projection", g.get("projection"))
        gsis.append({"IndexName": g.get("IndexName", g.get("index_name")),
                     "KeySchema": key_list(g.get("KeySchema", g.get("key_schema"))),
                     "Projection": projection})
    return TableDef(logical_id, name, env, key_list(schema["key_schema"]), attrs, gsis)
