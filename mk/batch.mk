# ravi batch (issue 15): its end-to-end tests and its figures.
#   make batch-test     tests/e2e/batch.sh (part of make test)
#   make bench-batch    --jobs 2 against --jobs 1, per-article overhead, memory per worker
DEB_TEST += parallel

TEST_TARGETS += batch-test
BENCH_TARGETS += bench-batch

.PHONY: batch-test bench-batch
batch-test: $(RAVI_BIN) $(TDEPS_STAMP)
	@RAVI=$(CURDIR)/$(RAVI_BIN) SANITIZE=$(SANITIZE) sh tests/e2e/batch.sh

bench-batch: $(RAVI_BIN)
	@echo "bench: ravi batch"
	@RAVI=$(CURDIR)/$(RAVI_BIN) python3 tools/bench-batch.py
