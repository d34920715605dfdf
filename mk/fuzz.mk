# Coverage-guided fuzzing with libFuzzer (clang, ASan+UBSan): issue 7.
#   make fuzz                    every target for FUZZ_SECONDS (default 60) each
#   make fuzz FUZZ_SECONDS=20    the short pass CI runs
#   make fuzz-text               one target
# Each target tests/fuzz/fuzz_NAME.c starts from its seed corpus tests/fuzz/corpus/NAME/ (small,
# written by the team); what a run discovers goes to build-fuzz/corpus/NAME/, not into git.
# A crash input is kept in build-fuzz/ and must become a regression file in the seed corpus.

FUZZ_BUILD   := build-fuzz
FUZZ_CC      := clang
FUZZ_SECONDS ?= 60
# CI replays a fixed stretch of each search (a seed and a run count) so that its verdict is the
# same every time; `make fuzz` alone explores with a fresh seed.
FUZZ_SEED    ?=
FUZZ_RUNS    ?=
FUZZ_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra \
                -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
# the programs' parsers too (the batch manifest and journal): every object but main's
FUZZ_LIB_OBJ := $(sort $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o) $(APP_SRC:%.c=$(FUZZ_BUILD)/%.o) \
                $(filter-out $(FUZZ_BUILD)/src/main.o,$(CLI_SRC:%.c=$(FUZZ_BUILD)/%.o)))
FUZZ_DEBS    := clang libclang-rt-14-dev

.PHONY: fuzz fuzz-build $(FUZZ_NAMES:%=fuzz-%)

$(FUZZ_BUILD)/.deps:
	@sh tools/ensure-debs.sh $(FUZZ_DEBS)
	@mkdir -p $(@D) && touch $@

$(FUZZ_BUILD)/%.o: %.c | $(DEPS_STAMP) $(FUZZ_BUILD)/.deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libravi.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_BUILD)/libravi.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -o $@ $< \
	    $(FUZZ_BUILD)/libravi.a $(PKG_LIBS)

-include $(FUZZ_LIB_OBJ:.o=.d)

fuzz-build: $(FUZZ_BINS)

$(FUZZ_NAMES:%=fuzz-%): fuzz-%: $(FUZZ_BUILD)/fuzz_%
	@mkdir -p $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/crashes/$*
	@echo "fuzz $*: $(FUZZ_SECONDS) s"
	@cd $(FUZZ_BUILD)/crashes/$* && RAVI_DATA=$(CURDIR) \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    $(CURDIR)/$(FUZZ_BUILD)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) $(if $(FUZZ_SEED),-seed=$(FUZZ_SEED)) $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS)) -max_len=65536 \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    $(CURDIR)/$(FUZZ_BUILD)/corpus/$* $(CURDIR)/tests/fuzz/corpus/$* 2>&1 | \
	    grep -E "^(stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|#[0-9]+[[:space:]]+DONE|==[0-9]+==ERROR|SUMMARY|Test unit written)" ; \
	    if ls $(CURDIR)/$(FUZZ_BUILD)/crashes/$*/ | grep -Eq '^(crash|leak|timeout|oom)-'; then \
	        echo "fuzz $*: FAILED, the input is in $(FUZZ_BUILD)/crashes/$*"; exit 1; fi

fuzz: $(FUZZ_NAMES:%=fuzz-%)
