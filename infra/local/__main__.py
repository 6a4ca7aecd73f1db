"""`make run`: start the local marketplace and keep it up until Ctrl-C."""
import signal
import sys
import time

from infra.local.stack import LocalStack, StackError


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    stack = LocalStack()
    # Ctrl-C and `kill` both stop everything, even when started from a shell that
    # ignores SIGINT for background jobs.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        info = stack.start()
    except StackError as e:
        print(f"\ncannot start DeogharMart locally: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopped while starting", file=sys.stderr)
        return 130
    print("\nDeogharMart is running locally:")
    for key in ("web_url", "portal_url", "api_url", "openapi_url", "aws_endpoint_url", "stripe_api_base",
                "razorpay_api_base", "razorpay_upi_app_url"):
        print(f"  {key:20} {info[key]}")
    print("  demo accounts:")
    for a in info["demo_accounts"]:
        extra = f"  (vendor {a['vendor_id']})" if a.get("vendor_id") else ""
        print(f"    {a['role']:12} {a['email']:32} {a['password']}{extra}")
    print(f"  written to .local/stack.json; logs in {info['logs']}")
    print("Press Ctrl-C to stop.")
    try:
        while True:
            time.sleep(1)
            dead = stack.dead()
            if dead:
                print(f"\n{', '.join(dead)} stopped unexpectedly; see {info['logs']}. "
                      "Shutting down.", file=sys.stderr)
                return 1
    except KeyboardInterrupt:
        print("\nstopping…")
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
