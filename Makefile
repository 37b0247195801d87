# addonhost — two commands set everything up on a fresh machine: `make demo` and `make test`.
# Each target installs what it needs (apt-get, as root) when it is missing.

SWIFT       ?= swift
BUILD_FLAGS ?=
STORE       ?= $(CURDIR)/store
BIN         := .build/debug/addonhost

# Debian packages: C libraries for the system library targets (libcurl's and libarchive's
# headers for CHTTP and CArchive, which load their library only when it is first used), and the
# reference tools (oracles) the tests compare with.
BUILD_PACKAGES := pkg-config libsqlite3-dev libxml2-dev libarchive-dev libcurl4-openssl-dev
TOOL_PACKAGES  := sqlite3 libxml2-utils gettext php-cli php-mbstring smarty4 python3 zip
ALL_PACKAGES   := $(BUILD_PACKAGES) $(TOOL_PACKAGES)

.PHONY: all build deps test demo bench bench-clean fuzz fuzz-smoke fuzz-seeds fuzz-build fuzz-smoke-build \
        crash-loop screenshot clean help

all: build

help:
	@echo "make demo   run the whole Customer reliability story on a fresh store"
	@echo "make test   build and run every test (installs what is missing)"
	@echo "make bench  measure addonhost against Smarty, msgfmt and sqlite3"
	@echo "make fuzz   run the fuzz targets (FUZZ_SECONDS each, or until FUZZ_RUNS executions)"
	@echo "make fuzz-smoke  replay Tests/Fuzz/Regressions and fuzz FUZZ_SMOKE_SECONDS each (part of test)"
	@echo "make crash-loop  kill -9 install/uninstall at 200 random moments"
	@echo "make screenshot  render an order page and take a headless Chromium screenshot of it"

# Installs the Debian packages that are missing; does nothing when all are there.
deps:
	@missing=$$(for p in $(ALL_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "error: missing packages ($$missing); run as root or install them" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

test: build fuzz-smoke
	$(SWIFT) test $(BUILD_FLAGS)

# kill -9 of install/uninstall at 200 random moments (the default test run does 20).
crash-loop: build
	ADDONHOST_CRASH_ITERATIONS=$${ADDONHOST_CRASH_ITERATIONS:-200} $(SWIFT) test $(BUILD_FLAGS) --filter CrashRecoveryTests/killAtRandomMomentsLeavesBeforeOrAfter

# The Customer reliability story, narrated step by step, in .build/demo (store, archive, pages).
# The script lives beside the add-on's code and its simulator; it fails on any step that should
# succeed and on any refusal that does not happen.
demo: build
	bash Sources/CustomerReliability/Demo/demo.sh

clean:
	rm -rf .build .build-fuzz .build-release store

# A headless Chromium screenshot of the order page of a sample store (with the Customer
# reliability add-on when its package is in the repository): .build/pages/order.png.
PAGES_DIR := .build/pages
SCREENSHOT_ORDER ?= 7

screenshot:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" != 0 ]; then echo "error: chromium is missing; run as root or install it" >&2; exit 1; fi; \
	  echo "Installing: chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }
	$(SWIFT) build --product addonhost $(BUILD_FLAGS)
	rm -rf $(PAGES_DIR)/store && mkdir -p $(PAGES_DIR)
	$(BIN) --store $(PAGES_DIR)/store init --orders 200 --seed 1 >/dev/null
	if [ -d addons/customer_reliability ]; then \
	  $(BIN) --store $(PAGES_DIR)/store addon install addons/customer_reliability >/dev/null; fi
	$(BIN) --store $(PAGES_DIR)/store render order $(SCREENSHOT_ORDER) --out $(PAGES_DIR)/order.html
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1600 \
	  --screenshot=$(CURDIR)/$(PAGES_DIR)/order.png file://$(CURDIR)/$(PAGES_DIR)/order.html 2>/dev/null
	@echo "Screenshot: $(PAGES_DIR)/order.png (page: $(PAGES_DIR)/order.html)"

# Benchmarks: addonhost beside Smarty, msgfmt and sqlite3 in the same run (release build).
# One table on standard output and in $(BENCH_DIR)/results.md. BENCH_QUICK=1 for a short run;
# BENCH_ONLY="200 add-ons" for the measurements whose name contains that.
# Ratios never fail the run; generated stores are kept in $(BENCH_DIR)/stores (make bench-clean).
BENCH_DIR     := .build/bench
RELEASE_DIR   := .build-release
ORACLES       ?= $(CURDIR)/../shared/oracles
SMARTY_RENDER ?= $(ORACLES)/smarty-render

# The release binary links the Swift runtime statically: the dynamic loader's symbol lookups
# were most of a command's start-up (26 ms → 16 ms for `addon list`).
RELEASE_FLAGS := -c release --static-swift-stdlib --scratch-path $(RELEASE_DIR)

bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product addonhost
	$(SWIFT) build $(RELEASE_FLAGS) --product addonhost-bench
	$(RELEASE_DIR)/release/addonhost-bench --binary $(RELEASE_DIR)/release/addonhost --repository $(CURDIR) \
	  --work $(BENCH_DIR) --smarty-render $(SMARTY_RENDER) $(if $(BENCH_QUICK),--quick) $(if $(BENCH_ONLY),--only "$(BENCH_ONLY)")

bench-clean:
	rm -rf $(BENCH_DIR)

# Fuzzing: one libFuzzer target per format reader (Sources/Fuzz<Module>), built with the fuzzer
# and address sanitizers in their own scratch folder; a plain build of the same target replays
# files. Inputs that crash, hang, leak or run out of memory land in Tests/Fuzz/Regressions/<target>/.
FUZZ_SECONDS       ?= 60
# Stops a target earlier, after this many executions (libFuzzer -runs); empty: only the time bounds it.
FUZZ_RUNS          ?=
# Seconds one input may run, by the wall clock, before it counts as a hang (Tests/Fuzz/run.sh).
export FUZZ_TIMEOUT ?= 5
# Fuzzing processes per target, sharing its corpus (libFuzzer -fork); empty: one.
export FUZZ_FORK ?=
# Largest input libFuzzer makes, in bytes (-max_len); empty: the largest corpus file.
export FUZZ_MAX_LEN ?=
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_CONFIG        ?= release
FUZZ_SMOKE_CONFIG  ?= debug
FUZZ_DIR           := .build-fuzz
FUZZ_CORPUS        ?= ../shared/corpus
FUZZ_TARGETS       ?= $(filter-out FuzzSupport,$(notdir $(wildcard Sources/Fuzz*)))
FUZZ_SWIFT_FLAGS   := --scratch-path $(FUZZ_DIR) -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING

# Seeds: the shared corpus and the test fixtures, regenerated (never committed).
fuzz-seeds:
	@rm -rf $(FUZZ_DIR)/seeds
	@python3 Tests/Fuzz/seeds.py $(FUZZ_CORPUS) $(FUZZ_DIR)/seeds

# Builds every target with the sanitizers in configuration $(1). Only failures show the build
# output: ld.gold prints a warning per ASan symbol on each link.
define fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  echo "Building $$t ($(1), fuzzer + address sanitizers)"; \
	  out=$$($(SWIFT) build $(FUZZ_SWIFT_FLAGS) -c $(1) --product $$t 2>&1) || { echo "$$out"; exit 1; }; \
	done
endef

fuzz-build: deps
	$(call fuzz-build,$(FUZZ_CONFIG))

fuzz-smoke-build: deps
	$(call fuzz-build,$(FUZZ_SMOKE_CONFIG))

# Runs every target for $(2) seconds with new inputs kept in $(3)/<target> (a failing target
# does not stop the others) and fails if any failed.
define fuzz-run
	@report=$(FUZZ_DIR)/fuzz-report.md; \
	printf '| target | executions | exec/s | result |\n|---|---|---|---|\n' >$$report; \
	failed=0; \
	for t in $(FUZZ_TARGETS); do \
	  Tests/Fuzz/run.sh $(FUZZ_DIR)/$(1)/$$t $$t $(2) $(FUZZ_DIR) $$report $(3)/$$t $(4) || failed=1; \
	done; \
	echo; cat $$report; \
	exit $$failed
endef

fuzz: fuzz-build fuzz-seeds
	$(call fuzz-run,$(FUZZ_CONFIG),$(FUZZ_SECONDS),$(FUZZ_DIR)/corpus,$(FUZZ_RUNS))

# Starts from the seeds and fixtures only, so its cost does not grow with the kept corpus.
fuzz-smoke: fuzz-smoke-build fuzz-seeds
	@rm -rf $(FUZZ_DIR)/smoke-corpus
	$(call fuzz-run,$(FUZZ_SMOKE_CONFIG),$(FUZZ_SMOKE_SECONDS),$(FUZZ_DIR)/smoke-corpus)
