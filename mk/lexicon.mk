# The lexicon stage's own tests and benchmark (see lexicon/README.md).
#   make lexicon-check   every shipped lexicon file passes `ravi lexicon check`
#   make lexicon-e2e     bad-line messages, loading errors, override order (tests/lexicon/run.sh)
#   make lexicon-names   a sample of shipped names is said as its entry in a sentence
#   make lexicon-valgrind  the lexicon commands under valgrind memcheck (plain build only)
#   make bench-lexicon   load time of the shipped files and lookup time

TEST_TARGETS  += lexicon-check lexicon-e2e lexicon-names $(if $(SANITIZE),,lexicon-valgrind)
BENCH_TARGETS += bench-lexicon

.PHONY: lexicon-check lexicon-e2e lexicon-names lexicon-valgrind bench-lexicon

$(BUILD)/tests/lexicon_names: tests/lexicon/names_phonemes.c $(LIBRAVI) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS)

$(BUILD)/tests/lexicon_bench: tests/lexicon/bench.c $(LIBRAVI) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS)

# The shipped files (lexicon/*.tsv), all of them, in the order a run loads them: one bad line
# fails the build (the same line would stop every run of ravi anyway).
lexicon-check: $(RAVI_BIN)
	@RAVI_DATA=$(CURDIR) XDG_CONFIG_HOME=/nonexistent/ravi-check ./$(RAVI_BIN) lexicon check

lexicon-e2e: $(RAVI_BIN)
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tests/lexicon/run.sh

lexicon-valgrind: $(RAVI_BIN)
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tests/lexicon/valgrind.sh

lexicon-names: $(BUILD)/tests/lexicon_names
	@RAVI_DATA=$(CURDIR) $(BUILD)/tests/lexicon_names

bench-lexicon: $(BUILD)/tests/lexicon_bench
	@RAVI_DATA=$(CURDIR) $(BUILD)/tests/lexicon_bench
