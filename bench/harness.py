"""What the benchmarks that drive the running marketplace share: their own local stack on
free ports, the demo vendor's sign-in, and setting a product's stock through the vendor API.
Used by bench/order_pipeline.py and bench/load.py."""
from __future__ import annotations

import contextlib
import os
import tempfile
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
                  courier=free_port())
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
