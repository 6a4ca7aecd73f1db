"""Order storage, and the one transaction that reserves stock together with the order."""
from __future__ import annotations

import json
from functools import lru_cache

from chalicelib import config
from chalicelib.db import models as catalog_models
from chalicelib.db.order_models import LedgerItem, OrderItem, ParcelItem, bind
from chalicelib.db.conditions import conditional_failed
from chalicelib.db.times import stamp
from chalicelib.errors import Conflict
from chalicelib.pages import events


def now() -> str:
    return stamp()


@lru_cache(maxsize=1)
def _ddb():
    import boto3
    return boto3.client("dynamodb", region_name=config.settings().region)


@lru_cache(maxsize=1)
def connection():
    """One PynamoDB connection for transactions (each new one builds a botocore client)."""
    from pynamodb.connection import Connection
    return Connection(region=config.settings().region)


class OutOfStock(Conflict):
    code = "out_of_stock"


def _stock_update(product_id: str, moves: list[tuple[int, str, int]], sign: int) -> dict:
    """One Update of a product item moving stock of several variants (index, id, qty).

    Reserving (sign -1) is conditioned on enough stock and the product being on sale;
    both directions check the variant at that index is still the one ordered, and
    bump the product's version so a vendor's stale edit cannot overwrite the change.
    """
    s = config.settings()
    sets, conds = ["version = version + :one"], []
    values: dict = {":one": {"N": "1"}}
    for n, (index, variant_id, qty) in enumerate(moves):
        path = f"variants[{index}]"
        op = "-" if sign < 0 else "+"
        sets.append(f"{path}.stock = {path}.stock {op} :q{n}")
        conds.append(f"{path}.id = :v{n}")
        values[f":q{n}"] = {"N": str(qty)}
        values[f":v{n}"] = {"S": variant_id}
        if sign < 0:
            conds.append(f"{path}.stock >= :q{n}")
    names = {}
    if sign < 0:
        conds += ["#status = :approved", "vendor_status = :approved"]
        values[":approved"] = {"S": "approved"}
        names["#status"] = "status"
    update = {"TableName": s.catalog_table,
              "Key": {"pk": {"S": f"PRODUCT#{product_id}"}, "sk": {"S": "PRODUCT"}},
              "UpdateExpression": "SET " + ", ".join(sets),
              "ConditionExpression": " AND ".join(conds),
              "ExpressionAttributeValues": values}
    if names:
        update["ExpressionAttributeNames"] = names
    return update


def group_moves(stock_lines: list[dict]) -> dict[str, list[tuple[int, str, int]]]:
    moves: dict[str, list[tuple[int, str, int]]] = {}
    for line in stock_lines:
        moves.setdefault(line["product_id"], []).append(
            (line["variant_index"], line["variant_id"], line["quantity"]))
    return moves


def place(order: OrderItem, parcels: list[ParcelItem], stock_lines: list[dict]) -> None:
    """Order, parcels and every stock reservation: all or nothing."""
    bind()
    items = [{"Put": {"TableName": config.settings().orders_table, "Item": order.serialize(),
                      "ConditionExpression": "attribute_not_exists(pk)"}}]
    for parcel in parcels:
        items.append({"Put": {"TableName": config.settings().orders_table,
                              "Item": parcel.serialize()}})
    products = list(group_moves(stock_lines).items())
    items += [{"Update": _stock_update(pid, moves, -1)} for pid, moves in products]
    client = _ddb()
    try:
        client.transact_write_items(TransactItems=items)
    except client.exceptions.TransactionCanceledException as exc:
        reasons = exc.response.get("CancellationReasons", [])
        offset = 1 + len(parcels)
        failed = [products[i - offset][0] for i, r in enumerate(reasons)
                  if r.get("Code") == "ConditionalCheckFailed" and i >= offset]
        raise OutOfStock("not enough stock left for: " + ", ".join(failed) if failed else
                         "stock changed while ordering; please try again",
                         details=[{"product_id": p} for p in failed]) from None


def cancel_and_release(order: OrderItem, from_statuses: tuple[str, ...], reason: str,
                       deltas=None) -> bool:
    """Cancel the order and give back every reserved unit in one transaction (with the
    counters it moves), so a crash can never cancel without releasing (or release
    twice). False when the order was not in `from_statuses` (someone else got there
    first)."""
    bind()
    client = _ddb()
    moves = group_moves(json.loads(order.stock_lines))
    at = now()
    for attempt in range(3):
        items = [{"Update": {
            "TableName": config.settings().orders_table,
            "Key": {"pk": {"S": order.pk}, "sk": {"S": "ORDER"}},
            "UpdateExpression": "SET #s = :c, status_pk = :spk, status_sk = :ssk, updated_at = :t, "
                                "cancel_reason = :r, history = list_append(history, :h)",
            "ConditionExpression": "#s IN (" + ", ".join(f":f{i}" for i in range(len(from_statuses))) + ")",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {
                ":c": {"S": "cancelled"}, ":spk": {"S": "ORDER#cancelled"},
                ":ssk": {"S": f"{at}#{order.id}"}, ":t": {"S": at}, ":r": {"S": reason},
                ":h": {"L": [{"M": {"at": {"S": at}, "status": {"S": "cancelled"}}}]},
                **{f":f{i}": {"S": st} for i, st in enumerate(from_statuses)}}}}]
        items += [{"Update": _stock_update(pid, m, +1)} for pid, m in moves.items() if m]
        items += [{"Update": _stat_update(stat, actions)}
                  for stat, actions in (deltas.updates() if deltas is not None else [])]
        try:
            client.transact_write_items(TransactItems=items)
            order.refresh()
            events.changed(products=events.low_stock(json.loads(order.stock_lines)))  # back in stock
            return True
        except client.exceptions.TransactionCanceledException as exc:
            reasons = exc.response.get("CancellationReasons", [])
            if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                return False  # not in a cancellable status any more
            moves = _current_indexes(moves)  # the vendor reordered variants: find them by id
    raise Conflict("could not release the order's stock; it will be retried",
                   code="release_failed")


def cancel_parcel_and_release(parcel: ParcelItem, stock_lines: list[dict], deltas) -> bool:
    """One parcel (of a live order) cancelled and its units given back, with the counters
    it moves, in one transaction. False when the parcel was no longer awaiting pickup."""
    bind()
    client = _ddb()
    moves = group_moves(stock_lines)
    at = now()
    for _ in range(3):
        items = [{"Update": {
            "TableName": config.settings().orders_table,
            "Key": {"pk": {"S": parcel.pk}, "sk": {"S": parcel.sk}},
            "UpdateExpression": "SET #s = :c, status_pk = :spk, status_sk = :ssk, updated_at = :t",
            "ConditionExpression": "#s = :f", "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {
                ":c": {"S": "cancelled"}, ":spk": {"S": "PARCEL#cancelled"},
                ":ssk": {"S": f"{at}#{parcel.id}"}, ":t": {"S": at},
                ":f": {"S": "awaiting_pickup"}}}}]
        items += [{"Update": _stock_update(pid, m, +1)} for pid, m in moves.items() if m]
        items += [{"Update": _stat_update(stat, actions)} for stat, actions in deltas.updates()]
        try:
            client.transact_write_items(TransactItems=items)
            parcel.refresh()
            events.changed(products=events.low_stock(stock_lines))
            return True
        except client.exceptions.TransactionCanceledException as exc:
            reasons = exc.response.get("CancellationReasons", [])
            if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                return False
            moves = _current_indexes(moves)
    raise Conflict("could not release the parcel's stock; try again", code="release_failed")


def _stat_update(stat, actions) -> dict:
    """A PynamoDB counter update as a low-level transaction item (next to the stock ones)."""
    from pynamodb.expressions.update import Update
    names: dict = {}
    values: dict = {}
    expression = Update(*actions).serialize(names, values)
    return {"TableName": config.settings().orders_table,
            "Key": {"pk": {"S": stat.pk}, "sk": {"S": stat.sk}},
            "UpdateExpression": expression,
            "ExpressionAttributeNames": {v: k for k, v in names.items()},
            "ExpressionAttributeValues": values}


def _current_indexes(moves: dict) -> dict:
    fixed = {}
    for product_id, product_moves in moves.items():
        product = catalog_models.ProductItem.get(f"PRODUCT#{product_id}", "PRODUCT")
        index = {v.id: i for i, v in enumerate(product.variants)}
        fixed[product_id] = [(index[vid], vid, qty) for _, vid, qty in product_moves
                             if vid in index]
    return fixed


def transition(item, from_statuses: tuple[str, ...], to_status: str, deltas=None,
               **fields) -> bool:
    """Move an order or parcel to `to_status` if it is in one of `from_statuses`, with
    the counters it moves (`deltas`, chalicelib.stats) in the same transaction. False when
    it was not (someone else moved it first). Updates `item` in place."""
    model = type(item)
    at = now()
    values = {"status": to_status, "updated_at": at,
              "status_pk": f"{'ORDER' if model is OrderItem else 'PARCEL'}#{to_status}",
              "status_sk": f"{at}#{item.id}", **fields}
    actions = [getattr(model, k).set(v) for k, v in values.items()]
    if model is OrderItem:
        entry = {"at": at, "status": to_status}
        actions.append(model.history.set(model.history.append([entry])))
    if not _write(item, actions, model.status.is_in(*from_statuses), deltas):
        return False
    if deltas is not None:   # a transaction does not refresh the item
        for k, v in values.items():
            setattr(item, k, v)
        if model is OrderItem:
            item.history = [*(item.history or []), entry]
    return True


def set_fields(item, condition=None, deltas=None, **fields) -> bool:
    """Set fields (if `condition` holds), with counters in the same transaction."""
    model = type(item)
    if not _write(item, [getattr(model, k).set(v) for k, v in fields.items()], condition,
                  deltas):
        return False
    if deltas is not None:
        for k, v in fields.items():
            setattr(item, k, v)
    return True


def update(item, actions, condition=None, deltas=None) -> bool:
    """PynamoDB update actions on an item (if `condition` holds), with counters in the
    same transaction; False when the condition refused it."""
    return _write(item, actions, condition, deltas)


def _write(item, actions, condition, deltas) -> bool:
    """One conditional update, alone or in a transaction with counter updates."""
    updates = deltas.updates() if deltas is not None else []
    if not updates:
        from pynamodb.exceptions import UpdateError
        try:
            item.update(actions=actions, condition=condition)
            return True
        except UpdateError as exc:
            if conditional_failed(exc):
                return False
            raise
    return with_counters(lambda tw: tw.update(item, actions=actions, condition=condition),
                          updates)


def with_counters(write, updates) -> bool:
    """`write(tw)` — one conditional change — and the counters it moves, in one transaction.
    False when the change's condition refused it (nothing is counted then)."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite
    try:
        with TransactWrite(connection=connection()) as tw:
            write(tw)
            for stat, stat_actions in updates:
                tw.update(stat, actions=stat_actions)
        return True
    except TransactWriteError as exc:
        if conditional_failed(exc):
            return False
        raise


def record_parcel_refund(order: OrderItem, parcel: ParcelItem, amount: int, deltas) -> bool:
    """A parcel's refund counted once: the parcel notes it and the order's refunded total
    moves, with the counters, in one transaction. False when the parcel was refunded
    already or the order's total moved meanwhile (read both again)."""
    already = int(order.refunded_paise or 0)

    def write(tw):
        tw.update(order, actions=[OrderItem.refunded_paise.set(already + amount),
                                  OrderItem.updated_at.set(now())],
                  condition=OrderItem.refunded_paise == already)
        tw.update(parcel, actions=[ParcelItem.refunded_paise.set(amount)],
                  condition=ParcelItem.refunded_paise.does_not_exist())

    if not with_counters(write, deltas.updates()):
        return False
    order.refunded_paise, parcel.refunded_paise = already + amount, amount
    return True


def get_order(order_id: str) -> OrderItem | None:
    bind()
    try:
        return OrderItem.get(f"ORDER#{order_id}", "ORDER")
    except OrderItem.DoesNotExist:
        return None


def parcels_of(order_id: str) -> list[ParcelItem]:
    bind()
    return list(ParcelItem.query(f"ORDER#{order_id}", ParcelItem.sk.startswith("PARCEL#")))


def get_parcel(parcel_id: str) -> ParcelItem | None:
    bind()
    order_id, _, n = parcel_id.rpartition("-p")
    if not order_id or not n.isdigit():
        return None
    try:
        return ParcelItem.get(f"ORDER#{order_id}", f"PARCEL#{int(n):02d}")
    except ParcelItem.DoesNotExist:
        return None


def parcels_by_ids(parcel_ids: list[str]) -> list[ParcelItem]:
    """Several parcels in BatchGets (missing ones are left out)."""
    bind()
    keys = []
    for parcel_id in dict.fromkeys(parcel_ids):
        order_id, _, n = parcel_id.rpartition("-p")
        if order_id and n.isdigit():
            keys.append((f"ORDER#{order_id}", f"PARCEL#{int(n):02d}"))
    return list(ParcelItem.batch_get(keys)) if keys else []


def vendor_parcels(vendor_id: str, limit: int, start_key: dict | None):
    bind()
    result = ParcelItem.by_vendor.query(f"VENDOR#{vendor_id}", scan_index_forward=False,
                                        limit=limit, page_size=limit,
                                        last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key


def orders_by_status(status: str, older_than: str):
    """Every order in `status` since before `older_than`, oldest first, page by page."""
    bind()
    return OrderItem.by_status.query(f"ORDER#{status}", OrderItem.status_sk < older_than)


def parcels_by_status(status: str, older_than: str):
    """Every parcel in `status` since before `older_than`, oldest first, page by page."""
    bind()
    return ParcelItem.by_status.query(f"PARCEL#{status}", ParcelItem.status_sk < older_than)


def waiting_for_pickup(older_than: str, limit: int, start_key: dict | None,
                       missing_tracking: bool):
    """One page of parcels awaiting pickup since before `older_than`, oldest first (a Query
    of the status index; without a tracking number only, if asked, by its filter)."""
    bind()
    result = ParcelItem.by_status.query(
        "PARCEL#awaiting_pickup", ParcelItem.status_sk < older_than, limit=limit,
        page_size=limit, last_evaluated_key=start_key,
        filter_condition=ParcelItem.tracking_number.does_not_exist() if missing_tracking else None)
    items = list(result)
    return items, result.last_evaluated_key


def ledger(vendor_id: str) -> list[LedgerItem]:
    bind()
    return list(LedgerItem.query(f"LEDGER#{vendor_id}", scan_index_forward=False))


def plain(value) -> dict:
    """A stored map as a dict, whether PynamoDB hands back a MapAttribute or a dict."""
    return value.as_dict() if hasattr(value, "as_dict") else dict(value)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
