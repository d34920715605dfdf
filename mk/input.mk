# The input half (HTML, SSML): streaming figures for make bench.
BENCH_TARGETS += bench-input

.PHONY: bench-input
bench-input: $(RAVI_BIN)
	@echo "bench: HTML and SSML input (streamed)"
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tools/bench-input.sh

# SSML says what plain text says (issue 19): every golden and sample text, in five SSML wrappers.
TEST_TARGETS += ssml-same
SSML_SAME := $(BUILD)/tests/ssml_same

$(SSML_SAME): tests/ssml_same.c $(LIBRAVI) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS)

.PHONY: ssml-same
ssml-same: $(SSML_SAME)
	@RAVI_DATA=$(CURDIR) $(SSML_SAME) tests/golden/*.tsv tests/golden-ezafe/*.tsv samples/*.txt
