# ALSC Mentoring Program: the site, the functions and the local stack.
#
#   make run     build the site and start the whole system at http://localhost:8080 (PORT overrides)
#   make test    every test: unit, integration (dynalite), site build and links, browser (Chromium);
#                ends with the count of tests run, passed, failed and skipped (SKIP_BROWSER_TESTS=1
#                lets a machine without Chromium skip the browser tests, saying so)
#   make bench   the measured figures docs/development.md reports
#   make load    the fault trial: hostile input, then applications, a matched cohort's participant
#                forms and a staff commit while the database is killed and frozen and the outbox
#                is unwritable, then rematch requests and the staff's rematch under the same
#                faults; fails unless every owed email went exactly once (bounded, loopback only,
#                about a minute and a half)
#   make site    build the site alone into site/public
#   make build   build every function's deployable artefact into build/
#   make clean   delete build output, the built site and the demo's data and emails (var/)
#   make match   run the matcher on the running local stack: EVENT='{"cycle": "demo", "mode": "propose"}'
#   make run TODAY=2027-03-01   the same as of that day: site, demo, functions and commands
#   make remind  send what is due on the running local stack today (its TODAY), or as of NOW=2026-11-24T09:00:00-06:00
#   make restore TO=name  on the running local stack, rehearse a restore into a new table
#   make deploy       build and deploy the whole stack to AWS, then upload the site; the first time
#                     with its values: EMAIL_FROM= ALARM_EMAIL= STAFF_EMAILS= BACKUP_COPY_VAULT_ARN=
#                     (docs/operations.md)
#   make deploy-site  rebuild the site and upload it to the deployed stack (after a content change)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

HUGO_VERSION := v0.165.0
TRIVY_VERSION := v0.74.0
# cfn-lint, the CloudFormation linter (Python): make test needs it; .ci/run installs this version.
CFN_LINT_VERSION := 1.51.0
BIN          := $(CURDIR)/.bin
HUGO         := $(BIN)/hugo-$(HUGO_VERSION)
TRIVY        := $(BIN)/trivy-$(TRIVY_VERSION)
NODE_DEPS    := infra/node_modules/.package-lock.json
FUNCTIONS    := $(patsubst functions/%/main.go,%,$(wildcard functions/*/main.go))
PORT         ?= 8080
# Deployable functions' build flags; infra/emulator.LambdaFlags says why, and a test keeps them equal.
LAMBDA_FLAGS := -trimpath -ldflags='-s -w' -tags=lambda.norpc,validator_novalidatefn
# The same flags for sam build, which reads them from GOFLAGS: its entries cannot hold spaces,
# and since Go 1.22 -s implies -w, so the binaries are the same.
LAMBDA_GOFLAGS := $(subst -ldflags='-s -w',-ldflags=-s,$(LAMBDA_FLAGS))
# The deployed stack's name and region, as sam deploy --guided saved them in samconfig.toml.
STACK        = $(shell sed -n 's/^stack_name *= *"\(.*\)"/\1/p' samconfig.toml 2>/dev/null | head -1)
STACK_REGION = $(shell sed -n 's/^region *= *"\(.*\)"/\1/p' samconfig.toml 2>/dev/null | head -1)

export HUGO
export AWS_REGION ?= us-east-1

EVENT        ?= {"cycle": "demo", "mode": "propose"}

# Packages whose code runs goroutines or shares state between requests (the request limiter,
# the supervised dynalite, concurrent runs of the matcher and the reminder, conditional writes
# that race): make test runs their tests with the race detector, which needs cgo and a C
# compiler, and every other package's without.
RACE_PACKAGES := ./functions/internal/web ./functions/internal/outbox ./functions/internal/remind ./functions/internal/season ./functions/internal/store ./infra/dynalite

.PHONY: help run test bench load site build deps system-deps clean match remind restore deploy deploy-site aws-clis office trivy lint

help:
	@sed -n 's/^#   //p' Makefile

# Hugo is built once from its pinned module version and kept in .bin (Debian's is too old).
$(HUGO):
	@mkdir -p $(BIN)/tmp
	@echo "building Hugo $(HUGO_VERSION) (once; a few minutes)"
	GOBIN=$(BIN)/tmp go install github.com/gohugoio/hugo@$(HUGO_VERSION)
	mv $(BIN)/tmp/hugo $@

# Trivy scans template.yaml for misconfigurations with the checks built into the binary (no
# download at scan time); built once from its pinned module version like Hugo.
$(TRIVY):
	@mkdir -p $(BIN)/tmp-trivy
	@echo "building Trivy $(TRIVY_VERSION) (once; several minutes)"
	GOEXPERIMENT=jsonv2 GOBIN=$(BIN)/tmp-trivy go install github.com/aquasecurity/trivy/cmd/trivy@$(TRIVY_VERSION)
	mv $(BIN)/tmp-trivy/trivy $@

$(NODE_DEPS): infra/package-lock.json
	npm ci --prefix infra --no-audit --no-fund --loglevel=error
	@touch $@

# Debian packages the tests and benchmarks use: a real browser, the reference solver, and the C
# compiler the race detector needs.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium chromium-driver"; \
	/usr/bin/python3 -c 'import scipy' 2>/dev/null || missing="$$missing python3-scipy"; \
	command -v jq >/dev/null || missing="$$missing jq"; \
	command -v gcc >/dev/null || missing="$$missing gcc libc6-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "please install:$$missing (Debian packages)"; fi; \
	fi

deps: $(HUGO) $(NODE_DEPS)
	go mod download

site: $(HUGO)
	$(HUGO) --source site --destination public --cleanDestinationDir --minify --panicOnWarning --quiet

run: deps site
	PORT=$(PORT) go run ./infra/localstack

test: deps $(TRIVY) system-deps site
	go vet ./...
	@unformatted=$$(gofmt -l functions infra); if [ -n "$$unformatted" ]; then echo "not gofmt-ed: $$unformatted"; exit 1; fi
	@command -v cfn-lint >/dev/null || { echo "make test needs cfn-lint $(CFN_LINT_VERSION): pip install cfn-lint==$(CFN_LINT_VERSION)"; exit 2; }
	@rm -rf test-results && mkdir -p test-results
	{ set +e; go test -count=1 -json -artifacts -outputdir $(CURDIR)/test-results $$(go list ./... | grep -vxF "$$(go list $(RACE_PACKAGES))"); \
	  a=$$?; go test -race -count=1 -json $(RACE_PACKAGES); b=$$?; [ $$a = 0 ] && [ $$b = 0 ]; } | go run ./infra/testsummary

# The template's checks alone (make test runs both, in infra/samcheck): cfn-lint, and Trivy's
# CloudFormation checks, whose accepted findings are suppressed beside their resources, each
# with its reason ("# trivy:ignore:ID reason").
lint:
	cfn-lint template.yaml

trivy: $(TRIVY)
	$(TRIVY) config --quiet --skip-check-update --exit-code 1 template.yaml

bench: deps system-deps site
	go run ./infra/bench

load: deps site
	go run ./infra/load

# The local stack writes var/local.env while it runs: where its table, outbox and calendar are.
# Only the matcher's JSON answer goes to standard output (make match > answer.json); messages go
# to standard error, and a refused or failed run exits non-zero.
LOCAL_ENV ?= var/local.env
match:
	@test -f '$(LOCAL_ENV)' || { echo "start the local stack first (make run, in another terminal)" >&2; exit 2; }
	@set -a && . '$(abspath $(LOCAL_ENV))' && set +a && go run ./functions/matcher -event '$(EVENT)'

# Without NOW, as of now on the stack's day (TODAY, which var/local.env holds).
remind:
	@test -f var/local.env || { echo "start the local stack first (make run, in another terminal)"; exit 2; }
	set -a && . var/local.env && set +a && go run ./functions/remind -event '$(if $(NOW),{"now": "$(NOW)"},{})'

# Dumps the running stack's table, loads it into the new table TO, checks that the functions read
# it, and says what a restore in AWS does besides (docs/operations.md, "Backups and restore").
restore:
	@test -f var/local.env || { echo "start the local stack first (make run, in another terminal)"; exit 2; }
	@test -n "$(TO)" || { echo "name the new table: make restore TO=mentoring-restored"; exit 2; }
	@set -a && . var/local.env && set +a && go run ./infra/restore -to '$(TO)' -dump var/backups

build:
	@for f in $(FUNCTIONS); do \
	  mkdir -p build/$$f; \
	  CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build $(LAMBDA_FLAGS) -o build/$$f/bootstrap ./functions/$$f; \
	  echo "build/$$f/bootstrap"; \
	done

# Deploying needs the AWS SAM CLI and the AWS CLI v2, with credentials (docs/operations.md).
aws-clis:
	@command -v sam >/dev/null || { echo "make deploy needs the AWS SAM CLI (sam) on PATH"; exit 2; }
	@command -v aws >/dev/null || { echo "make deploy needs the AWS CLI v2 (aws) on PATH"; exit 2; }

# The pages and emails give the ALSC office's address from one file; the demo's is a stand-in.
OFFICE := functions/internal/program/data/office.toml
office:
	@! grep -Eq '^placeholder *= *true' $(OFFICE) || { echo "set the ALSC office's real address in $(OFFICE), with placeholder = false, before deploying" >&2; exit 2; }

# The first run writes samconfig.toml from the values given (infra/deploy/samconfig.sh), so that
# sam deploy never asks a question; later runs reuse it.
deploy: aws-clis office site
	@test -f samconfig.toml || bash infra/deploy/samconfig.sh
	GOFLAGS="$(LAMBDA_GOFLAGS)" CGO_ENABLED=0 sam build
	sam deploy
	@echo "stack deployed (its outputs are above); now the site:"
	@$(MAKE) --no-print-directory deploy-site

deploy-site: aws-clis office site
	@test -f samconfig.toml || { echo "no samconfig.toml: run make deploy first"; exit 2; }
	bash infra/deploy/site.sh "$(STACK)" "$(STACK_REGION)" site/public

clean:
	rm -rf build site/public site/resources var
