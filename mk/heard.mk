# What is heard (issue 11): the checks over the treebanks, read at test time from HEARD_DATA.
#   make heard-check   the stem check and the quote check over every treebank sentence
HEARD_DATA  ?= ../shared/data/ud-persian
HEARD_CHECK := $(BUILD)/tests/heard-check

$(HEARD_CHECK): tests/heard/check.c $(LIBRAVI) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS)

.PHONY: heard-check
heard-check: $(HEARD_CHECK)
	@RAVI_DATA=$(CURDIR) $(HEARD_CHECK) $(HEARD_DATA)

TEST_TARGETS += heard-check

# make eval: the spacing figure (tools/heard/spacing.c)
HEARD_TOOL_CFLAGS = $(CFLAGS) $(PKG_CFLAGS) -Isrc -Itools/ezafe
HEARD_SPACING := $(BUILD)/tools/heard-spacing

$(HEARD_SPACING): tools/heard/spacing.c $(EZAFE_CORPUS) $(LIBRAVI)
	@mkdir -p $(@D)
	$(CC) $(HEARD_TOOL_CFLAGS) -o $@ tools/heard/spacing.c tools/ezafe/corpus.c $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS)

.PHONY: eval-spacing
eval-spacing: $(HEARD_SPACING)
	@$(HEARD_SPACING) $(HEARD_DATA) $(CURDIR)

EVAL_TARGETS += eval-spacing

# make eval: the phoneme error rate without glottal stops, by cause (tools/heard/per.c)
HEARD_PER := $(BUILD)/tools/heard-per

$(HEARD_PER): tools/heard/per.c $(LIBRAVI)
	@mkdir -p $(@D)
	$(CC) $(HEARD_TOOL_CFLAGS) -o $@ tools/heard/per.c $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS)

.PHONY: eval-per-causes
eval-per-causes: $(HEARD_PER)
	@$(HEARD_PER) $(EZAFE_HOMOGRAPH) $(CURDIR)

EVAL_TARGETS += eval-per-causes

# make learn-joined: relearn lexicon/spacing/learned-rules.tsv (productive pieces) and then
# learned.tsv (the compounds no rule joins) from PerDT's training text (not part of make all; the
# files are shipped)
PERDT_TRAIN_TOKENS ?= $(HEARD_DATA)/perdt-train-tokens.txt
SPACING_LISTS      := lexicon/spacing/joined.tsv lexicon/spacing/news.tsv

.PHONY: learn-joined
learn-joined:
	python3 tools/heard/learn-rules.py $(PERDT_TRAIN_TOKENS) lexicon/spacing/rules.tsv \
		>lexicon/spacing/learned-rules.tsv.tmp
	mv lexicon/spacing/learned-rules.tsv.tmp lexicon/spacing/learned-rules.tsv
	python3 tools/heard/learn-joined.py $(PERDT_TRAIN_TOKENS) \
		lexicon/spacing/rules.tsv,lexicon/spacing/learned-rules.tsv $(SPACING_LISTS) \
		>lexicon/spacing/learned.tsv.tmp
	mv lexicon/spacing/learned.tsv.tmp lexicon/spacing/learned.tsv
