# ALSC Mentoring Program: the site, the functions and the local stack.
#
#   make run     build the site and start the whole system at http://localhost:8080 (PORT overrides)
#   make test    every test: unit, integration (dynalite), site build and links, browser (Chromium)
#   make bench   the measured figures the README reports
#   make site    build the site alone into site/public
#   make build   build every function's deployable artefact into build/
#   make match   run the matcher on the running local stack: EVENT='{"cycle": "demo", "mode": "propose"}'
#   make remind  send what is due on the running local stack as of a time: NOW=2026-11-24T09:00:00-06:00

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

HUGO_VERSION := v0.165.0
BIN          := $(CURDIR)/.bin
HUGO         := $(BIN)/hugo-$(HUGO_VERSION)
NODE_DEPS    := infra/node_modules/.package-lock.json
FUNCTIONS    := $(patsubst functions/%/main.go,%,$(wildcard functions/*/main.go))
PORT         ?= 8080
# Deployable functions' build flags; infra/emulator.LambdaFlags says why, and a test keeps them equal.
LAMBDA_FLAGS := -trimpath -ldflags='-s -w' -tags=lambda.norpc,validator_novalidatefn

export HUGO
export AWS_REGION ?= us-east-1

EVENT        ?= {"cycle": "demo", "mode": "propose"}

.PHONY: help run test bench site build deps system-deps clean match remind

help:
	@sed -n 's/^#   //p' Makefile

# Hugo is built once from its pinned module version and kept in .bin (Debian's is too old).
$(HUGO):
	@mkdir -p $(BIN)/tmp
	@echo "building Hugo $(HUGO_VERSION) (once; a few minutes)"
	GOBIN=$(BIN)/tmp go install github.com/gohugoio/hugo@$(HUGO_VERSION)
	mv $(BIN)/tmp/hugo $@

$(NODE_DEPS): infra/package-lock.json
	npm ci --prefix infra --no-audit --no-fund --loglevel=error
	@touch $@

# Debian packages the tests and benchmarks use: a real browser and the reference solver.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium chromium-driver"; \
	/usr/bin/python3 -c 'import scipy' 2>/dev/null || missing="$$missing python3-scipy"; \
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

test: deps system-deps site
	go vet ./...
	@unformatted=$$(gofmt -l functions infra); if [ -n "$$unformatted" ]; then echo "not gofmt-ed: $$unformatted"; exit 1; fi
	go test -count=1 ./...

bench: deps system-deps site
	go run ./infra/bench

# The local stack writes var/local.env while it runs: where its table, outbox and calendar are.
match:
	@test -f var/local.env || { echo "start the local stack first (make run, in another terminal)"; exit 2; }
	set -a && . var/local.env && set +a && go run ./functions/matcher -event '$(EVENT)'

remind:
	@test -f var/local.env || { echo "start the local stack first (make run, in another terminal)"; exit 2; }
	@test -n "$(NOW)" || { echo "say when: make remind NOW=2026-11-24T09:00:00-06:00"; exit 2; }
	set -a && . var/local.env && set +a && go run ./functions/remind -event '{"now": "$(NOW)"}'

build:
	@for f in $(FUNCTIONS); do \
	  mkdir -p build/$$f; \
	  CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build $(LAMBDA_FLAGS) -o build/$$f/bootstrap ./functions/$$f; \
	  echo "build/$$f/bootstrap"; \
	done

clean:
	rm -rf build site/public site/resources var
