# The input half (HTML, SSML): streaming figures for make bench.
BENCH_TARGETS += bench-input

.PHONY: bench-input
bench-input: $(RAVI_BIN)
	@echo "bench: HTML and SSML input (streamed)"
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tools/bench-input.sh
