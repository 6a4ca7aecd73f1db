"""Print the running local stack's environment as shell assignments (for `make seed`)."""
import json
import shlex
import sys

from infra.local.env import STATE_DIR, Ports, stack_env


def main() -> int:
    state = STATE_DIR / "stack.json"
    if not state.exists():
        print("echo 'the local stack is not running: start it with make run' >&2; exit 1")
        return 1
    info = json.loads(state.read_text())
    p = info["ports"]
    ports = Ports(aws=p["DM_AWS_PORT"], stripe=p["DM_STRIPE_PORT"], api=p["DM_API_PORT"],
                  web=p["DM_WEB_PORT"], courier=p["DM_COURIER_PORT"],
                  razorpay=p.get("DM_RAZORPAY_PORT", Ports.razorpay))
    env = stack_env(ports, extra={
        "COGNITO_USER_POOL_ID": info["cognito_user_pool_id"],
        "COGNITO_CLIENT_ID": info["cognito_client_id"]})
    for key, value in env.items():
        print(f"{key}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
