# EdgeCtl — the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash

SPECIMEN   ?= synthetic
ITERATIONS ?= 150
ELEMENTS   ?=
SEED       ?= 1
SPEEDUP    ?= 1000
CAMPAIGN   ?=
export SPECIMEN ITERATIONS ELEMENTS SEED SPEEDUP CAMPAIGN

.PHONY: setup build run test bench clean

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

run: build
	@scripts/run.sh

test: build
	@scripts/test.sh

bench: setup
	dotnet run -c Release --project tests/EdgeCtl.Benchmarks -- --filter '*' --memory

clean:
	rm -rf out .tools/restore.stamp
	dotnet clean EdgeCtl.sln -v q --nologo
