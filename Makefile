# DeogharMart — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

BROWSER_STAMP := tools/browser/node_modules/.installed
# checkov (infra tests, make synth) in its own virtualenv: its pins conflict with the app's
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

.PHONY: run test unit integration infra seed publish admin smoke bench bench-pages cost load schedule report clean chromium synth deploy wheelhouse checkov

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "DeogharMart needs Python 3.11 (found " + sys.version.split()[0] + "); set PYTHON=/path/to/python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(CHECKOV_STAMP): requirements-checkov.txt
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r requirements-checkov.txt
	touch $(CHECKOV_STAMP)

## Install checkov (the infra tests' second IaC scanner) into .venv-checkov/.
checkov: $(CHECKOV_STAMP)

# The browser tests drive Debian's chromium (never a downloaded browser) and inject axe-core.
$(BROWSER_STAMP): tools/browser/package.json tools/browser/package-lock.json
	@command -v npm >/dev/null || { echo "The browser tests need Node.js 20 with npm"; exit 1; }
	cd tools/browser && npm ci --no-audit --no-fund --silent
	touch $(BROWSER_STAMP)

# ...and a Devanagari font, so the Hindi pages in the screenshots are readable (shoppers'
# phones have one; a bare Debian image does not).
chromium:
	@missing=""; command -v chromium >/dev/null || missing="chromium"; \
	{ fc-list :lang=hi 2>/dev/null | grep -q . || [ -d /usr/share/fonts/truetype/lohit-devanagari ]; } || missing="$$missing fonts-lohit-deva"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's$$missing for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "The browser tests need Debian's$$missing: sudo apt-get install$$missing"; exit 1; fi; \
	fi

## Start the whole marketplace locally (Ctrl-C stops everything).
run: $(STAMP)
	$(PY) -m infra.local

## Run every test: unit (no network), infra, and integration (starts its own local stacks),
## in two lanes at once (tests/lanes.py): integration beside unit + infra + fuzz.
test: $(STAMP) $(CHECKOV_STAMP) $(BROWSER_STAMP) chromium
	$(PY) -m tests.lanes -p no:cacheprovider

unit: $(STAMP)
	$(PY) -m pytest tests/unit

integration: $(STAMP) $(BROWSER_STAMP) chromium
	$(PY) -m pytest tests/integration

## The cloud stack's tests: synthesize dev and prod offline, assert, cfn-lint, cdk-nag, checkov.
infra: $(STAMP) $(CHECKOV_STAMP)
	$(PY) -m pytest tests/infra

## Re-seed a running local stack (idempotent), then rebuild its shop pages.
seed: $(STAMP)
	set -a && . <($(PY) -m infra.local.printenv) && $(PY) -m infra.seed && $(PY) -m infra.local.pages

## Rebuild every shop page (after a template or string change) on the running local stack;
## the cloud: `make deploy` publishes them (or: python -m infra.cdk.publish --stage dev).
publish: $(STAMP)
	set -a && . <($(PY) -m infra.local.printenv) && $(PY) -m infra.local.pages

## The stage's first district-office admin (asks for the password; further officials are
## invited from the desk):  make admin EMAIL=office@example.in [NAME="…"] STAGE=local|dev|prod
admin: $(STAMP)
	@test -n "$(EMAIL)" || { echo 'usage: make admin EMAIL=office@example.in [NAME="District office"] STAGE=local|dev|prod'; exit 1; }
	@if [ "$(STAGE)" = local ]; then set -a && . <($(PY) -m infra.local.printenv) && set +a; fi; \
	  $(PY) -m tools.admin --stage "$(STAGE)" --email "$(EMAIL)" --name "$(or $(NAME),District office)"

## Check a live stage end to end without changing its data (tools/smoke.py): a PASS/FAIL line
## per check, non-zero exit on any failure.  make smoke URL=https://shop… [API=https://…/api]
## (no URL: the running local stack; `make deploy` runs it on the stage it deployed)
smoke: $(STAMP)
	$(PY) -m tools.smoke $(if $(URL),$(URL) $(if $(API),--api $(API)),--local)

## Print the benchmarks' figures.
bench: $(STAMP)
	$(PY) bench/cold_start.py
	$(PY) bench/ddb_requests.py
	$(PY) bench/order_pipeline.py
	$(PY) bench/package_size.py
	$(PY) bench/image_checks.py
	$(PY) bench/payout_run.py
	$(PY) bench/publish_pages.py

## The shop's pages in Debian's chromium: weight and paint at 400 kbit/s (budgets), Lighthouse.
bench-pages: $(STAMP) $(BROWSER_STAMP) chromium
	$(PY) bench/storefront_pages.py
	$(PY) bench/lighthouse.py

## The AWS bill on paper from measured requests (own local stack; bench/cost.py)
cost: $(STAMP)
	$(PY) bench/cost.py

## Concurrent shoppers for 60 s on an own local stack, then the books check (bench/load.py);
## e.g. make load ARGS="--shoppers 40 --seconds 120"
load: $(STAMP)
	$(PY) bench/load.py $(ARGS)

## Make a report now against the running stack: make report KIND=daily|weekly [DATE=2026-11-26]
report: $(STAMP)
	set -a && . <($(PY) -m infra.local.printenv) && $(PY) -m tools.report $(or $(KIND),daily) $(if $(DATE),--date $(DATE))

## Run one schedule handler now against the running stack: make schedule NAME=...
schedule: $(STAMP)
	set -a && . <($(PY) -m infra.local.printenv) && $(PY) -m infra.local.runner --run-schedule $(NAME)

# --- the cloud deployment (AWS, ap-south-1) ------------------------------------------------
STAGE ?= dev
CDK_OUT := cdk.out
# The CDK CLI is needed only to deploy; pinned, and run through npx (never installed globally).
CDK := npx --yes aws-cdk@2.1148.1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20

## Synthesize the stage's CloudFormation template into cdk.out/ (offline, no AWS account):
## builds the Lambda package, runs cdk-nag's AwsSolutions pack, then cfn-lint and checkov (skips
## with reasons: infra/checkov-skips.yaml).  make synth STAGE=prod
synth: $(STAMP) $(CHECKOV_STAMP)
	rm -f $(CDK_OUT)/*.template.json
	$(PY) -m infra.cdk.app --stage $(STAGE) --out $(CDK_OUT)
	$(VENV)/bin/cfn-lint $(CDK_OUT)/*.template.json
	$(PY) -m infra.cdk.checkov_scan --label $(STAGE) $(CDK_OUT)

## Deploy the stage (AWS credentials, `npx aws-cdk bootstrap` once, the stage's secret: see
## docs/deploy.md): refuse live Stripe keys in a trial stage, synthesize, deploy, publish
## frontend/ with the deployed API address, then smoke-test the stage.  make deploy STAGE=dev
deploy: $(STAMP)
	$(PY) -m infra.cdk.publish --stage $(STAGE) --check-keys
	$(MAKE) synth STAGE=$(STAGE)
	$(CDK) deploy --app $(CDK_OUT) $(STAGE)
	$(PY) -m infra.cdk.publish --stage $(STAGE)
	$(PY) -m tools.smoke --stage $(STAGE)

## Download Lambda (manylinux, CPython 3.11) wheels of requirements.txt into wheelhouse/, so
## packaging works without network: PIP_NO_INDEX=1 PIP_FIND_LINKS=$$PWD/wheelhouse make synth
wheelhouse: $(STAMP)
	$(PY) -m pip download --only-binary=:all: --platform manylinux2014_x86_64 \
	  --platform manylinux_2_28_x86_64 --implementation cp --python-version 3.11 \
	  -d wheelhouse -r requirements.txt
	$(PY) -m pip download -d wheelhouse -r requirements.txt

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .local .pytest_cache $(CDK_OUT) chalice.out
