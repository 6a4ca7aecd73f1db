"""Start and stop the whole local marketplace: the processes and their wiring.

`LocalStack.start()` brings up moto, localstripe, the Razorpay stand-in, the resources, the seeded
catalog, `chalice local`, the event runner and the static storefront, in that
order, and `stop()` ends every process it started. The launcher (`make run`)
and the integration tests both use it.
"""
from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from infra.local import env as stack_env_mod
from infra.local.env import ROOT, STATE_DIR, Ports, stack_env, urls

PR_SET_PDEATHSIG = 1


class StackError(RuntimeError):
    """A problem the person starting the stack can act on (printed without a traceback)."""


def _die_with_parent() -> None:
    # Children get SIGTERM if the launcher dies, even by SIGKILL: no orphans.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass
    os.setsid()


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalStack:
    ports: Ports = field(default_factory=Ports.from_env)
    state_dir: Path = STATE_DIR
    seed: bool = True
    quiet: bool = False
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    info: dict = field(default_factory=dict)
    # how each process was started, so one can be started again (restart)
    specs: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"

    # -- helpers -------------------------------------------------------------
    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent)
        self.processes[name] = proc
        self.specs[name] = (args, env)
        return proc

    def _wait_http(self, name: str, url: str, timeout: float = 60, **kw) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.processes[name]
            if proc.poll() is not None:
                tail = (self.log_dir / f"{name}.log").read_text(errors="replace")[-2000:]
                raise StackError(f"{name} exited with code {proc.returncode} while starting:\n{tail}")
            try:
                if requests.get(url, timeout=2, **kw).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise StackError(f"{name} did not answer at {url} within {timeout:.0f} s "
                         f"(log: {self.log_dir / (name + '.log')})")

    def check_ports(self) -> None:
        busy = [f"{var}={port}" for var, port in self.ports.named().items() if not port_free(port)]
        if busy:
            raise StackError(
                "port(s) already in use on 127.0.0.1: " + ", ".join(busy) + ".\n"
                "Another stack may still be running (stop it with Ctrl-C), or choose other "
                "ports, e.g.  DM_API_PORT=8100 make run")

    # -- lifecycle -----------------------------------------------------------
    def start(self) -> dict:
        from infra.local import provision
        from infra.resources import resources

        self.check_ports()
        u = urls(self.ports)
        py = sys.executable
        base_env = stack_env(self.ports)
        try:
            self.say(f"• local AWS (moto) on {u['aws_endpoint_url']}")
            self._spawn("moto", [py, "-m", "infra.local.moto_server", str(self.ports.aws)],
                        {"DM_PORTAL_URL": f"http://127.0.0.1:{self.ports.web}/portal.html"})
            self._wait_http("moto", f"{u['aws_endpoint_url']}/moto-api/data.json")
            self.say(f"• local Stripe (localstripe) on {u['stripe_api_base']}")
            self._spawn("stripe", [py, "-m", "infra.local.stripe_server", str(self.ports.stripe)],
                        {})
            self._wait_http("stripe", f"{u['stripe_api_base']}/v1/customers",
                            auth=(stack_env_mod.STRIPE_SECRET_KEY, ""))
            self.say(f"• local Razorpay (stand-in) on {u['razorpay_api_base']}")
            self._spawn("razorpay", [py, "-m", "infra.local.razorpay_server",
                                     str(self.ports.razorpay)],
                        {"RAZORPAY_KEY_ID": stack_env_mod.RAZORPAY_KEY_ID,
                         "RAZORPAY_KEY_SECRET": stack_env_mod.RAZORPAY_KEY_SECRET})
            self._wait_http("razorpay", f"{u['razorpay_api_base']}/_dm/webhooks")
            self.say("• creating tables, buckets, queues, user pool, mail identity")
            os.environ.update(base_env)  # this process seeds and provisions through boto3 too
            res = resources("local")
            done = provision.provision(res, u["aws_endpoint_url"], stack_env_mod.REGION)
            cognito = {
                "COGNITO_USER_POOL_ID": done.user_pool_id,
                "COGNITO_CLIENT_ID": done.user_pool_client_id,
                "COGNITO_JWKS_URL": f"{u['aws_endpoint_url']}/{done.user_pool_id}"
                                    "/.well-known/jwks.json",
            }
            os.environ.update(cognito)
            from chalicelib import config
            config.reset()
            config.settings()  # fail now, clearly, if a required variable is missing
            accounts = self._seed_and_accounts(provision, done)
            self.say("• shop pages (home, products, makers, categories, sitemap)")
            from infra.local import pages
            pages.publish()
            full_env = {**base_env, **cognito}
            self.say(f"• API (chalice local) on {u['api_url']}")
            self._spawn("api", [py, "-m", "infra.local.gateway", "local", "--host", "127.0.0.1", "--port",
                                str(self.ports.api), "--stage", "local", "--no-autoreload"],
                        full_env)
            self._wait_http("api", f"{u['api_url']}/health", timeout=90)
            self.say("• event runner (SQS handlers, schedules)")
            self._spawn("runner", [py, "-m", "infra.local.runner", "--app", "app:app"], full_env)
            self.say(f"• courier simulator on {u['courier_url']}")
            self._spawn("courier", [py, "-m", "infra.local.courier_sim", str(self.ports.courier)],
                        full_env)
            self._wait_http("courier", f"{u['courier_url']}/shipments")
            requests.post(f"{u['stripe_api_base']}/_config/webhooks/deogharmart", timeout=10,
                          data={"url": f"{u['api_url']}/webhooks/stripe",
                                "secret": stack_env_mod.STRIPE_WEBHOOK_SECRET},
                          auth=(stack_env_mod.STRIPE_SECRET_KEY, "")).raise_for_status()
            requests.post(f"{u['razorpay_api_base']}/_config/webhooks", timeout=10,
                          json={"url": f"{u['api_url']}/webhooks/razorpay",
                                "secret": stack_env_mod.RAZORPAY_WEBHOOK_SECRET}
                          ).raise_for_status()
            self.say(f"• storefront on {u['web_url']} (sellers' portal: /portal.html)")
            self._spawn("web", [py, "-m", "infra.local.static_server", str(self.ports.web)],
                        full_env)
            self._wait_http("web", f"{u['web_url']}/")
        except BaseException:
            self.stop()
            raise
        self.info = {
            **u,
            "stage": "local",
            "courier_mode": base_env["COURIER_MODE"],
            "region": stack_env_mod.REGION,
            "stripe_publishable_key": stack_env_mod.STRIPE_PUBLISHABLE_KEY,
            "stripe_secret_key": stack_env_mod.STRIPE_SECRET_KEY,
            "payment_providers": base_env["PAYMENT_PROVIDERS"],
            "razorpay_key_id": stack_env_mod.RAZORPAY_KEY_ID,
            "razorpay_key_secret": stack_env_mod.RAZORPAY_KEY_SECRET,
            "razorpay_webhook_secret": stack_env_mod.RAZORPAY_WEBHOOK_SECRET,
            "razorpay_upi_app_url": f"{u['razorpay_api_base']}/_dm/upi",   # approve pending UPI
            "cognito_user_pool_id": done.user_pool_id,
            "cognito_client_id": done.user_pool_client_id,
            "openapi_url": f"{u['api_url']}/openapi.json",
            "portal_url": f"{u['web_url']}/portal.html",
            "demo_accounts": accounts,
            "logs": str(self.log_dir),
            "ports": self.ports.named(),
        }
        self.state_dir.mkdir(parents=True, exist_ok=True)
        (self.state_dir / "stack.json").write_text(json.dumps(self.info, indent=2, ensure_ascii=False))
        return self.info

    def _seed_and_accounts(self, provision, done) -> list[dict]:
        from infra.seed import seed as seeding

        accounts = [dict(a) for a in provision.DEMO_ACCOUNTS]
        data = seeding.load_data()
        for n, vendor_id in enumerate(seeding.demo_vendor_ids(data), start=1):
            accounts.append({"role": "vendor", "email": f"vendor{n}@demo.deogharmart.in",
                             "password": f"Vendor{n}@Deoghar2026", "group": "vendors",
                             "vendor_id": vendor_id, "name": vendor_id})
        import boto3
        idp = boto3.client("cognito-idp")
        for account in accounts[len(provision.DEMO_ACCOUNTS):]:
            provision.ensure_user(idp, done.user_pool_id, account)
        if self.seed:
            if self.quiet:
                seeding.seed()
            else:
                seeding.main([])
            seeding.link_demo_accounts(idp, done.user_pool_id, accounts)
        return [{k: a[k] for k in ("role", "email", "password", "vendor_id")} for a in accounts]

    def stop(self) -> None:
        """Stop in reverse order of start, each before the next, so nothing outlives
        the services it talks to (the runner must not poll a stopped moto)."""
        for name, proc in reversed(list(self.processes.items())):
            _end(proc, signal.SIGTERM)
        self.processes.clear()

    def kill(self, name: str) -> None:
        """SIGKILL one process and its children, as a crash would: no cleanup runs."""
        _end(self.processes[name], signal.SIGKILL)

    def restart(self, name: str, env: dict[str, str] | None = None,
                crash: bool = True) -> subprocess.Popen:
        """Start one process again as `start()` started it (plus `env`, for this run
        only), after killing it (`crash`) or stopping it politely. It keeps its place
        in the stop order."""
        _end(self.processes[name], signal.SIGKILL if crash else signal.SIGTERM)
        args, base_env = self.specs[name]
        proc = self._spawn(name, args, {**base_env, **(env or {})})
        self.specs[name] = (args, base_env)
        return proc

    def run_schedule(self, name: str, env: dict[str, str] | None = None,
                     timeout: float = 120) -> object:
        """Run one `@app.schedule` handler now, as `make schedule NAME=...` does: a runner
        process of its own with the stack's environment (plus `env`, e.g. shorter
        deadlines for the reconciliation). Its result, parsed from the last line it prints."""
        args, base_env = self.specs["runner"]
        done = subprocess.run([*args, "--run-schedule", name], cwd=ROOT, timeout=timeout,
                              env={**os.environ, **base_env, **(env or {})},
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise StackError(f"schedule {name} failed ({done.returncode}):\n"
                             f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        last = done.stdout.strip().splitlines()[-1]
        return json.loads(last) if last != "done" else None

    def dead(self) -> list[str]:
        return [n for n, p in self.processes.items() if p.poll() is not None]


def _end(proc: subprocess.Popen, sig: int, timeout: float = 10) -> None:
    """Signal a process's group (if it still runs) and wait; SIGKILL if it will not go."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
