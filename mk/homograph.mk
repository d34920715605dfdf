# Homographs (issue 12): training, evaluation, speed and tests of the homograph stage.
#   make train-homographs  retrain lexicon/homographs.model (needs ../shared/data)
#   make eval              prints ParsHomo dev accuracy and GE2PE Homograph_test accuracy
#                          next to plain eSpeak NG (eval-homograph)
#   make bench             stage cost per word and model load time (bench-homograph)
HOMOGRAPH_DATA   ?= ../shared/data
HOMOGRAPH_MODEL  := lexicon/homographs.model
HOMOGRAPH_EPOCHS ?= 10
HOMOGRAPH_SEED   ?= 1
HOMOGRAPH_PRIOR  ?= 1
HOMOGRAPH_RATE   ?= 0.1
HOMOGRAPH_L2     ?= 0.001
HOMOGRAPH_DROPOUT ?= 0.4

HG_TOOL_CFLAGS = $(CFLAGS) $(PKG_CFLAGS) -Isrc -Itools/homograph
HG_TOOL_LIBS   = $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS) -ljansson
HG_CORPUS := tools/homograph/corpus.c tools/homograph/corpus.h
HG_TRAIN  := $(BUILD)/tools/homograph-train
HG_EVAL   := $(BUILD)/tools/homograph-eval
HG_BENCH  := $(BUILD)/tools/homograph-bench
HG_TOOLS_STAMP := $(BUILD)/.deps-homograph-tools

$(HG_TOOLS_STAMP): | $(DEPS_STAMP)
	@sh tools/ensure-debs.sh libjansson-dev
	@mkdir -p $(@D) && touch $@

$(BUILD)/tools/homograph-%: tools/homograph/%.c $(HG_CORPUS) $(LIBRAVI) | $(HG_TOOLS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HG_TOOL_CFLAGS) -o $@ $< tools/homograph/corpus.c $(HG_TOOL_LIBS)

.PHONY: train-homographs homograph-train-determinism eval-homograph bench-homograph golden-homograph homograph-e2e
# The homograph goldens run in a process of their own, as the ezafe ones do (mk/ezafe.mk).
golden-homograph: $(GOLDEN)
	@RAVI_DATA=$(CURDIR) XDG_CONFIG_HOME=/nonexistent/ravi-test $(GOLDEN) tests/golden-homograph

# Start-up errors (missing, damaged, stale model), --explain, the user's senses from
# $$XDG_CONFIG_HOME, the list and the model agreeing.
homograph-e2e: $(RAVI_BIN)
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tests/homograph/run.sh

# The user's own lexicon must not change what is trained or measured.
train-homographs: $(HG_TRAIN)
	XDG_CONFIG_HOME=/nonexistent nice -n 10 $(HG_TRAIN) . $(HOMOGRAPH_DATA) $(HOMOGRAPH_MODEL) \
	    $(HOMOGRAPH_EPOCHS) $(HOMOGRAPH_SEED) $(HOMOGRAPH_PRIOR) $(HOMOGRAPH_RATE) $(HOMOGRAPH_L2) $(HOMOGRAPH_DROPOUT)

# make train-homographs is deterministic: two trainings give the same bytes (skipped without
# the training data).
homograph-train-determinism: $(HG_TRAIN)
	@if [ ! -d $(HOMOGRAPH_DATA)/homographs ]; then echo "homograph training: skipped (no $(HOMOGRAPH_DATA)/homographs)"; exit 0; fi; \
	t=$$(mktemp -d) && trap 'rm -rf "$$t"' EXIT && \
	for i in 1 2; do XDG_CONFIG_HOME=/nonexistent nice -n 10 $(HG_TRAIN) . $(HOMOGRAPH_DATA) $$t/$$i.model \
	    $(HOMOGRAPH_EPOCHS) $(HOMOGRAPH_SEED) $(HOMOGRAPH_PRIOR) $(HOMOGRAPH_RATE) $(HOMOGRAPH_L2) $(HOMOGRAPH_DROPOUT) >$$t/$$i.log 2>&1 \
	    || { cat $$t/$$i.log; exit 1; }; done && \
	if cmp -s $$t/1.model $$t/2.model; then echo "homograph training, two runs the same bytes: 1 passed, 0 failed"; \
	else echo "homograph training: two runs gave different models"; exit 1; fi

eval-homograph: $(HG_EVAL)
	@echo "== homographs (model $(HOMOGRAPH_MODEL))"
	@XDG_CONFIG_HOME=/nonexistent $(HG_EVAL) . $(HOMOGRAPH_DATA)

bench-homograph: $(HG_BENCH)
	@XDG_CONFIG_HOME=/nonexistent $(HG_BENCH) . samples/news-1.txt samples/news-2.txt samples/news-3.txt \
	    $(wildcard $(HOMOGRAPH_DATA)/ud-persian/perdt-train-tokens.txt)

TEST_TARGETS  += golden-homograph homograph-e2e homograph-train-determinism
EVAL_TARGETS  += eval-homograph
BENCH_TARGETS += bench-homograph
