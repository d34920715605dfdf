# ravi serve (issue 14): the listen page compiled into the program, the server's tests, figures
# and fuzz targets.
#   make serve-test     the server through its protocols (tests/serve/test_serve.py): HTTP, Wyoming,
#                       limits, slow clients, crashing workers, the token, graceful shutdown; then
#                       the real `openai` npm client and the listen page in headless Chromium (its
#                       screenshot: build/tests/serve/listen.png)
#   make serve-bench    throughput at 1 and 2 workers, 8 clients for 60 s (loopback only)
SERVE_PAGE_C := $(BUILD)/gen/serve_page.c
SERVE_PAGE_O := $(BUILD)/gen/serve_page.o

$(SERVE_PAGE_C): src/serve/page.html tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh serve_page_html src/serve/page.html >$@

$(SERVE_PAGE_O): $(SERVE_PAGE_C)
	$(CC) $(CFLAGS) -c $< -o $@

# the page belongs with the server's objects, in its archive
$(LIBRAVI_SERVE): $(SERVE_PAGE_O)

# the server's parsers (the JSON of a speech request, Wyoming's event headers) are fuzzed with
# the library's objects
$(FUZZ_BUILD)/libravi.a: $(FUZZ_BUILD)/src/serve/params.o $(FUZZ_BUILD)/src/serve/wyevent.o \
                         $(FUZZ_BUILD)/src/serve/encode.o

# What the server's tests run: FFmpeg decodes what it serves, Chromium shows the listen page,
# node runs the npm clients (Debian's npm when node came without it).
DEB_TEST += ffmpeg chromium nodejs
$(TDEPS_STAMP): mk/serve.mk

# The npm packages, pinned, installed at test time into the build tree (never committed).
# playwright-core 1.55 runs on Debian 12's node 18 and drives its Chromium over CDP.
SERVE_NPM      := openai@6.30.1 playwright-core@1.55.0
SERVE_NODE_DIR := $(BUILD)/serve-node
SERVE_NODE     := $(SERVE_NODE_DIR)/.installed

$(SERVE_NODE): mk/serve.mk | $(TDEPS_STAMP)
	@command -v npm >/dev/null 2>&1 || sh tools/ensure-debs.sh npm
	@mkdir -p $(SERVE_NODE_DIR)
	cd $(SERVE_NODE_DIR) && npm install --prefix . --no-save --no-audit --no-fund --loglevel=error $(SERVE_NPM)
	@touch $@

.PHONY: serve-test serve-bench
serve-test: $(RAVI_BIN) $(SERVE_BIN) $(TDEPS_STAMP) $(SERVE_NODE)
	@mkdir -p $(BUILD)/tests/serve
	@RAVI=$(CURDIR)/$(RAVI_BIN) SANITIZE=$(SANITIZE) NODE_PATH=$(CURDIR)/$(SERVE_NODE_DIR)/node_modules \
	    SCREENSHOT=$(CURDIR)/$(BUILD)/tests/serve/listen.png \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    python3 tests/serve/test_serve.py

serve-bench: $(RAVI_BIN) $(SERVE_BIN) $(TDEPS_STAMP)
	@RAVI=$(CURDIR)/$(RAVI_BIN) python3 tools/serve-bench.py

TEST_TARGETS  += serve-test
BENCH_TARGETS += serve-bench
