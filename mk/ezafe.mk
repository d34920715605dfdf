# Ezafe tagger: training, evaluation and speed (issue 5).
#   make train-ezafe   retrain lexicon/ezafe.model from the treebanks and PerDT's unlabelled text
#                      (needs EZAFE_DATA; EZAFE_CLUSTERS, EZAFE_CLUSTER_MIN and EZAFE_SELF on the
#                      command line change the clustering and self-training, see tools/ezafe/train.c)
#   make eval          prints ezafe precision / recall / F1 (eval-ezafe) and the phoneme
#                      error rate of ravi vs plain espeak-ng (eval-per)
#   make bench         prints the tagger's cost per word (bench-ezafe)
EZAFE_DATA      ?= ../shared/data/ud-persian
EZAFE_HOMOGRAPH ?= ../shared/data/ge2pe/Homograph_test.csv
EZAFE_MODEL     := lexicon/ezafe.model
EZAFE_EPOCHS    ?= 8
EZAFE_SEED      ?= 1
EZAFE_MEMBERS   ?= 4

EZAFE_TOOL_CFLAGS = $(CFLAGS) -Isrc -Itools/ezafe
EZAFE_CORPUS := tools/ezafe/corpus.c tools/ezafe/corpus.h
EZAFE_BROWN  := tools/ezafe/brown.c tools/ezafe/brown.h
EZAFE_TRAIN  := $(BUILD)/tools/ezafe-train
EZAFE_EVAL   := $(BUILD)/tools/ezafe-eval
EZAFE_BENCH  := $(BUILD)/tools/ezafe-bench
EZAFE_PER    := $(BUILD)/tools/ezafe-per

$(EZAFE_TRAIN): tools/ezafe/train.c $(EZAFE_CORPUS) $(EZAFE_BROWN) $(LIBRAVI)
	@mkdir -p $(@D)
	$(CC) $(EZAFE_TOOL_CFLAGS) -o $@ tools/ezafe/train.c tools/ezafe/corpus.c tools/ezafe/brown.c $(LIBRAVI) $(LDFLAGS) -lm

$(EZAFE_EVAL): tools/ezafe/eval.c $(EZAFE_CORPUS) $(LIBRAVI)
	@mkdir -p $(@D)
	$(CC) $(EZAFE_TOOL_CFLAGS) -o $@ tools/ezafe/eval.c tools/ezafe/corpus.c $(LIBRAVI) $(LDFLAGS) -lm

$(EZAFE_BENCH): tools/ezafe/bench.c $(EZAFE_CORPUS) $(LIBRAVI)
	@mkdir -p $(@D)
	$(CC) $(EZAFE_TOOL_CFLAGS) -o $@ tools/ezafe/bench.c tools/ezafe/corpus.c $(LIBRAVI) $(LDFLAGS) -lm

$(EZAFE_PER): tools/ezafe/per.c $(LIBRAVI)
	@mkdir -p $(@D)
	$(CC) $(EZAFE_TOOL_CFLAGS) -o $@ tools/ezafe/per.c $(LIBRAVI) $(LDFLAGS)

.PHONY: train-ezafe eval-ezafe bench-ezafe eval-per golden-ezafe
train-ezafe: $(EZAFE_TRAIN)
	$(EZAFE_TRAIN) $(EZAFE_DATA) $(EZAFE_MODEL) $(EZAFE_EPOCHS) $(EZAFE_SEED) $(EZAFE_MEMBERS)

eval-ezafe: $(EZAFE_EVAL)
	@echo "== ezafe (model $(EZAFE_MODEL))"
	@$(EZAFE_EVAL) $(EZAFE_MODEL) $(EZAFE_DATA) $(EZAFE_HOMOGRAPH)

# Phoneme error rate of the whole front end against GE2PE's gold, next to plain eSpeak NG.
eval-per: $(EZAFE_PER) $(RAVI_BIN)
	@$(EZAFE_PER) ./$(RAVI_BIN) $(EZAFE_HOMOGRAPH)

bench-ezafe: $(EZAFE_BENCH)
	@$(EZAFE_BENCH) $(EZAFE_MODEL) tests/golden/ezafe.tsv

# The ezafe phoneme goldens, in a directory of their own. (A second espeak_Terminate after a
# second initialisation deadlocks inside libespeak-ng 1.51: src/synth/ starts eSpeak NG once per
# process and keeps it, so the runner's engine per file is safe.)
golden-ezafe: $(GOLDEN)
	@RAVI_DATA=$(CURDIR) $(GOLDEN) tests/golden-ezafe

EVAL_TARGETS  += eval-ezafe eval-per
TEST_TARGETS  += golden-ezafe
BENCH_TARGETS += bench-ezafe
