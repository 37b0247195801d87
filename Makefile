# addonhost — two commands set everything up on a fresh machine: `make demo` and `make test`.
# Each target installs what it needs (apt-get, as root) when it is missing.

SWIFT       ?= swift
BUILD_FLAGS ?=
STORE       ?= $(CURDIR)/store
BIN         := .build/debug/addonhost

# Debian packages: C libraries for the system library targets, and the reference tools
# (oracles) the tests compare with.
BUILD_PACKAGES := pkg-config libsqlite3-dev libxml2-dev libarchive-dev
TOOL_PACKAGES  := sqlite3 libxml2-utils gettext php-cli php-mbstring smarty4 python3 zip
ALL_PACKAGES   := $(BUILD_PACKAGES) $(TOOL_PACKAGES)

.PHONY: all build deps deps-build test demo bench fuzz clean help

all: build

help:
	@echo "make demo   run the whole Customer reliability story on a fresh store"
	@echo "make test   build and run every test (installs what is missing)"
	@echo "make bench  measure addonhost against Smarty, msgfmt and sqlite3"
	@echo "make fuzz   run the fuzz targets (FUZZ_SECONDS each)"

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

test: build
	$(SWIFT) test $(BUILD_FLAGS)

# The Customer reliability story, narrated step by step, in .build/demo (store, archive, pages).
# The script lives beside the add-on's code and its simulator; it fails on any step that should
# succeed and on any refusal that does not happen.
demo: build
	bash Sources/CustomerReliability/Demo/demo.sh

clean:
	rm -rf .build store

# A headless Chromium screenshot of the order page of a sample store (with the Customer
# reliability add-on when its package is in the repository): .build/pages/order.png.
PAGES_DIR := .build/pages
SCREENSHOT_ORDER ?= 7

.PHONY: screenshot
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
