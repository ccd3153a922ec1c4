# EdgeCtl — the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash

SPECIMEN   ?= synthetic
ITERATIONS ?= 150
ELEMENTS   ?=
SEED       ?= 1
SPEEDUP    ?= 1000
CAMPAIGN   ?=
DETECTOR   ?=
export SPECIMEN ITERATIONS ELEMENTS SEED SPEEDUP CAMPAIGN DETECTOR

.PHONY: setup setup-test build run test bench clean

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh test

build: setup
	@scripts/build.sh

run: build
	@scripts/run.sh

test: setup-test build
	@scripts/test.sh

# All BenchmarkDotNet benchmarks, short job (3 warm-ups, 3 iterations), with allocations per operation;
# prints one summary table per benchmark class. Reports land in out/bench/results. Takes several minutes.
bench: setup
	dotnet build tests/EdgeCtl.Benchmarks -c Release -m:1 -v q --nologo
	dotnet run -c Release --no-build --project tests/EdgeCtl.Benchmarks -- --filter '*' --job short --memory --artifacts out/bench

clean:
	rm -rf out .tools/restore.stamp
	dotnet clean EdgeCtl.sln -v q --nologo
