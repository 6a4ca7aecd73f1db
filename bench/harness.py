"""What the benchmarks that drive the running marketplace share: their own local stack on
free ports, the demo vendor's sign-in, and setting a product's stock through the vendor API.
Used by bench/order_pipeline.py, bench/cost.py and bench/load.py."""
from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from pathlib import Path

import requests


@contextlib.contextmanager
def own_stack(**env: str):
    """Start the whole local stack (moto, localstripe, chalice local, runner, courier,
    static server) on free ports with `env` set, yield its info (stack.json's content and
    "pids": each process's id), stop it afterwards."""
    os.environ.update(env)
    from infra.local.env import Ports
    from infra.local.stack import LocalStack, free_port
    ports = Ports(aws=free_port(), stripe=free_port(), api=free_port(), web=free_port(),
                  courier=free_port(), razorpay=free_port())
    stack = LocalStack(ports=ports, state_dir=Path(tempfile.mkdtemp()), quiet=True)
    info = stack.start()
    info["pids"] = {name: proc.pid for name, proc in stack.processes.items()}
    try:
        yield info
    finally:
        stack.stop()


def demo_vendor(info: dict, n: int = 1) -> dict:
    """The n-th demo vendor signed in: {"id", "headers"} (Authorization for the vendor API)."""
    account = [a for a in info["demo_accounts"] if a["role"] == "vendor"][n - 1]
    r = requests.post(f"{info['api_url']}/auth/login", timeout=30,
                      json={"email": account["email"], "password": account["password"]})
    r.raise_for_status()
    return {"id": account["vendor_id"], "headers": {"Authorization": f"Bearer {r.json()['id_token']}"}}


def set_stock(api: str, vendor: dict, product_id: str, stock: int | dict[str, int]) -> dict:
    """Set the stock of every variant (an int) or of some ({variant id: units}) of one of
    the vendor's products, as the vendor would; the product as the vendor API returns it."""
    mine = requests.get(f"{api}/vendor/products/{product_id}", headers=vendor["headers"],
                        timeout=30).json()
    for v in mine["variants"]:
        if isinstance(stock, int):
            v["stock"] = stock
        elif v["id"] in stock:
            v["stock"] = stock[v["id"]]
    r = requests.patch(f"{api}/vendor/products/{product_id}", headers=vendor["headers"],
                       timeout=30, json={"version": mine["version"], "variants": mine["variants"]})
    r.raise_for_status()
    return r.json()


# The order journey the pipeline and cost benches both measure (bench/load.py has its own,
# concurrent shoppers).
CONTACT = {"name": "Bench", "phone": "9876543210", "email": "bench@example.in"}
ADDRESS = {"line1": "1 Main Road", "city": "Ranchi", "state": "Jharkhand",
           "pincode": "834001", "country": "IN"}
TEST_CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}


class Journeys:
    """Orders of one product from quote to delivered: the shopper quotes and orders (and pays
    by card at localstripe), the pipeline books the parcel, the maker packs it (after
    listing their orders, if `maker_lists_orders`), the courier simulator delivers it.
    Keeps each API request's duration (`call_ms`) and how many status reads the waiting
    took (`polls`: each costs the bench, not the pipeline, 1 GetItem + 1 Query). Safe to
    run from several threads."""

    def __init__(self, info: dict, vendor: dict, product: dict, maker_lists_orders=False):
        import stripe
        self.api, self.vendor, self.maker_lists_orders = info["api_url"], vendor, maker_lists_orders
        self.stripe = stripe.StripeClient(info["stripe_secret_key"],
                                          base_addresses={"api": info["stripe_api_base"]})
        self.items = [{"product_id": product["id"], "variant_id": product["variants"][0]["id"],
                       "quantity": 1}]
        self.call_ms: list[float] = []
        self.polls = 0
        self._lock = threading.Lock()

    def call(self, method: str, path: str, **kw) -> dict:
        start = time.perf_counter()
        r = requests.request(method, self.api + path, timeout=30, **kw)
        self.call_ms.append((time.perf_counter() - start) * 1000)
        r.raise_for_status()
        return r.json()

    def run(self, method: str = "card") -> dict:
        """One order to the end; the completed order as its shopper sees it."""
        self.call("POST", "/quotes", json={"items": self.items, "pincode": ADDRESS["pincode"]})
        made = self.call("POST", "/orders", json={"items": self.items, "payment_method": method,
                                                  "contact": CONTACT, "address": ADDRESS})
        headers = {"X-Order-Token": made["order_token"]}
        if method == "card":
            pm = self.stripe.v1.payment_methods.create(params={"type": "card", "card": TEST_CARD})
            self.call("POST", f"/orders/{made['order_id']}/pay", headers=headers,
                      json={"payment_method": pm.id})
        booked = self._wait(made["order_id"], headers,
                            lambda o: o["parcels"][0].get("tracking_number"))
        if self.maker_lists_orders:
            self.call("GET", "/vendor/orders", headers=self.vendor["headers"])
        self.call("POST", f"/vendor/parcels/{booked['parcels'][0]['id']}/packed",
                  headers=self.vendor["headers"])
        return self._wait(made["order_id"], headers, lambda o: o["status"] == "completed")

    def _wait(self, order_id: str, headers: dict, ready) -> dict:
        from tests.integration.waiting import wait_for

        def probe():
            with self._lock:
                self.polls += 1
            o = requests.get(f"{self.api}/orders/{order_id}", headers=headers, timeout=30).json()
            return o if ready(o) else None
        return wait_for(probe, timeout=90, what="the order to move on")
