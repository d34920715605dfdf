# Ravi, a Persian news narrator.
#   make            build ./ravi (installs missing Debian packages first)
#   make run        build and narrate a bundled sample
#   make test       unit, golden and end-to-end tests (SANITIZE=1: under ASan+UBSan)
#   make bench      speed and memory figures
#   make eval       accuracy figures of the language stages
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
SANITIZE ?=
WERROR   ?= $(if $(CI),1,)

# Build products live in build/ (or build-san/ under SANITIZE=1); ./ravi is the default binary.
ifeq ($(SANITIZE),1)
BUILD    ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
RAVI_BIN := $(BUILD)/ravi
else
BUILD    ?= build
SANFLAGS :=
RAVI_BIN := ravi
endif

PKG_MODULES := espeak-ng portaudio-2.0 sndfile icu-uc icu-i18n libxml-2.0 soxr
DEB_BUILD   := pkg-config libespeak-ng-dev espeak-ng-data portaudio19-dev libicu-dev \
               libsndfile1-dev libxml2-dev libsoxr-dev
DEB_TEST    := libcmocka-dev pulseaudio pulseaudio-utils libasound2-plugins sox \
               libsox-fmt-all valgrind espeak-ng opus-tools tmux python3
DEPS_STAMP  := $(BUILD)/.deps-build
TDEPS_STAMP := $(BUILD)/.deps-test

CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra \
            -Wshadow -Wstrict-prototypes -Wformat=2 $(if $(WERROR),-Werror,) $(SANFLAGS)
LDFLAGS  += $(SANFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKG_MODULES) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKG_MODULES) 2>/dev/null) -lm

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIBRAVI  := $(BUILD)/libravi.a

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
GOLDEN   := $(BUILD)/tests/golden_runner

# Stage-specific targets (training, evaluation, benchmarks) add themselves here.
EVAL_TARGETS  :=
BENCH_TARGETS :=
TEST_TARGETS  :=
include $(wildcard mk/*.mk)

.PHONY: all deps test-deps run test unit golden e2e valgrind bench eval install uninstall clean
.DEFAULT_GOAL := all

all: $(RAVI_BIN)

# ---- dependencies -------------------------------------------------------------
deps: $(DEPS_STAMP)
test-deps: $(TDEPS_STAMP)

$(DEPS_STAMP):
	@sh tools/ensure-debs.sh $(DEB_BUILD)
	@mkdir -p $(@D) && touch $@

$(TDEPS_STAMP): Makefile | $(DEPS_STAMP)
	@sh tools/ensure-debs.sh $(DEB_TEST)
	@mkdir -p $(@D) && touch $@

# ---- build --------------------------------------------------------------------
$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(LIBRAVI): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(RAVI_BIN): $(BUILD)/src/main.o $(LIBRAVI)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d

# ---- run ----------------------------------------------------------------------
run: $(RAVI_BIN)
	@sh tools/run-sample.sh ./$(RAVI_BIN) samples/news-1.txt

# ---- tests --------------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(LIBRAVI) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS) -lcmocka

$(GOLDEN): tests/golden_runner.c $(LIBRAVI) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS)

unit: $(UNIT_BIN)
	@sh tools/run-unit.sh $(UNIT_BIN)

golden: $(GOLDEN)
	@RAVI_DATA=$(CURDIR) $(GOLDEN) tests/golden

e2e: $(RAVI_BIN) $(TDEPS_STAMP)
	@RAVI=$(CURDIR)/$(RAVI_BIN) SANITIZE=$(SANITIZE) sh tests/e2e/run.sh

# valgrind and the sanitizers do not mix: memcheck runs on the plain build only
valgrind: $(RAVI_BIN) $(TDEPS_STAMP)
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tests/valgrind.sh

test: $(RAVI_BIN) unit golden e2e $(if $(SANITIZE),,valgrind) $(TEST_TARGETS)

bench: $(RAVI_BIN) $(BENCH_TARGETS)
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tools/bench.sh

eval: $(RAVI_BIN) $(EVAL_TARGETS)

# ---- install ------------------------------------------------------------------
install: $(RAVI_BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/ravi/lexicon \
	           $(DESTDIR)$(PREFIX)/share/ravi/voices
	install -m 755 $(RAVI_BIN) $(DESTDIR)$(PREFIX)/bin/ravi
	cp -R lexicon/. $(DESTDIR)$(PREFIX)/share/ravi/lexicon/
	cp -R voices/. $(DESTDIR)$(PREFIX)/share/ravi/voices/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ravi
	rm -rf $(DESTDIR)$(PREFIX)/share/ravi

clean:
	rm -rf build build-san ravi
