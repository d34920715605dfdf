# The normalize stage's own targets (issue 3).
#   make eval   -> eval-normalize: 10,000 random integers (and ordinals, dates, times) against an
#                  independent implementation, and the pass rate of each normalize golden file
#   make bench  -> bench-normalize: ravi normalize throughput on 20 MB of number-heavy text
#   make test   -> test-normalize-oracle: a quick 300-number oracle check (skipped without node)

ORACLE_DIR     := tools/oracle
ORACLE_MODULES := $(ORACLE_DIR)/node_modules/@persian-tools/persian-tools/package.json
BENCH_TEXT     := $(BUILD)/bench/numbers.txt
BENCH_MB       ?= 20

EVAL_TARGETS  += eval-normalize
BENCH_TARGETS += bench-normalize
TEST_TARGETS  += test-normalize-oracle

.PHONY: eval-normalize bench-normalize test-normalize-oracle oracle-deps

# The oracle's packages, pinned by package-lock.json; fetched once with npm ci.
$(ORACLE_MODULES): $(ORACLE_DIR)/package-lock.json
	@cd $(ORACLE_DIR) && npm ci --no-audit --no-fund --silent
	@touch $@

oracle-deps: $(ORACLE_MODULES)

eval-normalize: $(RAVI_BIN) $(GOLDEN) $(ORACLE_MODULES)
	@echo "normalize: agreement with the oracle (fixed seed)"
	@node $(ORACLE_DIR)/check-numbers.js --ravi ./$(RAVI_BIN) --numbers 10000 --ordinals 1000 \
	    --dates 2000 --invalid 300 --times 1000 || true
	@echo "normalize: golden pass rate per category"
	@RAVI_DATA=$(CURDIR) $(GOLDEN) tests/golden normalize- 2>/dev/null | awk '\
	    / +[0-9]+\/[0-9]+/ { split($$2, a, "/"); printf "  %-34s %4d/%-4d %6.1f%%\n", $$1, a[1], a[2], 100 * a[1] / a[2] } \
	    /^golden:/ { print "  " $$0 }'; true
	@echo "normalize: phoneme golden pass rate per category (what is heard)"
	@RAVI_DATA=$(CURDIR) $(GOLDEN) tests/golden phonemes- 2>/dev/null | awk '\
	    / +[0-9]+\/[0-9]+/ { split($$2, a, "/"); printf "  %-34s %4d/%-4d %6.1f%%\n", $$1, a[1], a[2], 100 * a[1] / a[2] }'; true

# Skipped (with a message) where node is missing; fetches the pinned oracle when npm can.
test-normalize-oracle: $(RAVI_BIN)
	@if ! command -v node >/dev/null 2>&1; then \
	    echo "normalize oracle: skipped (node not installed)"; \
	elif [ ! -f $(ORACLE_MODULES) ] && ! (cd $(ORACLE_DIR) && npm ci --no-audit --no-fund --silent >/dev/null 2>&1); then \
	    echo "normalize oracle: skipped (cannot install $(ORACLE_DIR) packages: npm ci failed)"; \
	else \
	    node $(ORACLE_DIR)/check-numbers.js --ravi ./$(RAVI_BIN) --numbers 300 --ordinals 50 \
	        --dates 100 --invalid 30 --times 50 --seed 7; \
	fi

$(BENCH_TEXT): tools/bench/gen-number-text.py
	@mkdir -p $(@D)
	python3 tools/bench/gen-number-text.py $(BENCH_MB) $@

bench-normalize: $(RAVI_BIN) $(BENCH_TEXT)
	@sh tools/bench/normalize-throughput.sh ./$(RAVI_BIN) $(BENCH_TEXT) 5
