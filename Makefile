# Ravi, a Persian news narrator.
#   make            build ./ravi (installs missing Debian packages first)
#   make run        build and narrate a bundled sample
#   make test       unit, golden and end-to-end tests (SANITIZE=1: under ASan+UBSan)
#   make bench      speed and memory figures
#   make eval       accuracy figures of the language stages
#   make install    PREFIX=/usr/local DESTDIR= (the program, its data, the library, ravi.1 and
#                   bash completion)
#   make clean

CC       ?= cc
CXX      ?= c++
PREFIX   ?= /usr/local
DESTDIR  ?=
SANITIZE ?=
WERROR   ?= $(if $(CI),1,)

# Build products live in build/ (or build-san/ under SANITIZE=1); ./ravi is the default binary.
ifeq ($(SANITIZE),1)
BUILD    ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
RAVI_BIN := $(BUILD)/ravi
SERVE_BIN := $(BUILD)/ravi-serve
FETCH_BIN := $(BUILD)/ravi-fetch
else
BUILD    ?= build
SANFLAGS :=
RAVI_BIN := ravi
SERVE_BIN := ravi-serve
FETCH_BIN := ravi-fetch
endif

# libravi needs these; the programs (sinks: playback, files, resampling) the rest.
LIB_MODULES := espeak-ng icu-uc icu-i18n libxml-2.0
APP_MODULES := portaudio-2.0 sndfile soxr jansson taglib libebur128
# only ravi-fetch (which ravi runs for a URL) and the server link libcurl: it and the 27 libraries
# it needs cost every ravi run 26 M instructions of dynamic linking, a sixth of a short ravi say
FETCH_MODULES := libcurl
# only the server (ravi-serve) links these: FFmpeg alone costs ~40 ms of start-up in dynamic linking
SERVE_MODULES := libmicrohttpd libavcodec libavformat libavutil libswresample
PKG_MODULES := $(LIB_MODULES) $(APP_MODULES) $(FETCH_MODULES) $(SERVE_MODULES)
DEB_BUILD   := pkg-config libespeak-ng-dev espeak-ng-data portaudio19-dev libicu-dev \
               libsndfile1-dev libxml2-dev libsoxr-dev binutils libmicrohttpd-dev libjansson-dev \
               libavcodec-dev libavformat-dev libavutil-dev libswresample-dev g++ libtag1-dev \
               libebur128-dev libcurl4-openssl-dev
DEB_TEST    := libcmocka-dev pulseaudio pulseaudio-utils libasound2-plugins sox \
               libsox-fmt-all valgrind espeak-ng opus-tools tmux python3 ffmpeg
DEPS_STAMP  := $(BUILD)/.deps-build
TDEPS_STAMP := $(BUILD)/.deps-test

CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra \
            -Wshadow -Wstrict-prototypes -Wformat=2 $(if $(WERROR),-Werror,) $(SANFLAGS)
# TagLib's C bindings cannot write a date or a language (src/sink/taglib.cpp): one C++ file
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++11 -Wall -Wextra -Wshadow $(if $(WERROR),-Werror,) $(SANFLAGS)
LDFLAGS  += $(SANFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKG_MODULES) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKG_MODULES) 2>/dev/null) -lstdc++ -lm
APP_LIBS   = $(shell pkg-config --libs $(LIB_MODULES) $(APP_MODULES) 2>/dev/null) -lstdc++ -lm
FETCH_LIBS = $(shell pkg-config --libs $(LIB_MODULES) $(APP_MODULES) $(FETCH_MODULES) 2>/dev/null) -lstdc++ -lm
LIB_LIBS   = $(shell pkg-config --libs $(LIB_MODULES) 2>/dev/null) -lm -lpthread

# libravi (include/ravi.h) is src/ but for the programs' parts: the `ravi` command (main.c, cli/,
# player/, batch/), the server ravi-serve (serve/, which `ravi serve` runs), the
# speech-dispatcher module sd_ravi (sd/, mk/sd.mk) and the helpers
# programs share (sinks, cue writers, output paths, the worker pools), which use only the public
# API. The library's objects export nothing but what RAVI_API marks.
VERSION  := 0.1.0
SOVERSION := 0
CLI_SRC  := src/main.c $(wildcard src/cli/*.c src/player/*.c src/batch/*.c)
SERVE_SRC := $(wildcard src/serve/*.c)
APP_SRC  := $(filter-out src/fetch/main.c,$(wildcard src/sink/*.c src/cues/*.c src/pool/*.c src/fetch/*.c)) src/outpath.c \
            src/outfile.c \
            src/procpool.c
SD_SRC   := $(wildcard src/sd/*.c)
LIB_SRC  := $(filter-out $(CLI_SRC) $(SERVE_SRC) $(APP_SRC) $(SD_SRC) src/fetch/main.c,$(wildcard src/*.c src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
APP_CXX_SRC := $(wildcard src/sink/*.cpp)
APP_OBJ  := $(APP_SRC:%.c=$(BUILD)/%.o) $(APP_CXX_SRC:%.cpp=$(BUILD)/%.o) $(BUILD)/src/util.o \
            $(BUILD)/src/diag.o
CLI_OBJ  := $(filter-out $(BUILD)/src/main.o,$(CLI_SRC:%.c=$(BUILD)/%.o))
SERVE_OBJ := $(filter-out $(BUILD)/src/serve/main.o,$(SERVE_SRC:%.c=$(BUILD)/%.o))
LIB_CFLAGS := -fPIC -fvisibility=hidden -DRAVI_BUILDING_LIBRARY
LIBRAVI_CORE := $(BUILD)/libravi-core.a
LIBRAVI_A    := $(BUILD)/libravi.a
LIBRAVI_SO   := $(BUILD)/libravi.so.$(VERSION)
LIBRAVI_APP  := $(BUILD)/libravi-app.a
LIBRAVI_CLI  := $(BUILD)/libravi-cli.a
LIBRAVI_SERVE := $(BUILD)/libravi-serve.a
RAVI_PC      := $(BUILD)/ravi.pc
# what tests and tools that look inside link: every object, nothing hidden
LIBRAVI  := $(LIBRAVI_SERVE) $(LIBRAVI_CLI) $(LIBRAVI_APP) $(LIBRAVI_CORE)

LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    := $(PREFIX)/share/ravi
MANDIR     ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
GOLDEN   := $(BUILD)/tests/golden_runner

# Stage-specific targets (training, evaluation, benchmarks) add themselves here.
EVAL_TARGETS  :=
BENCH_TARGETS :=
TEST_TARGETS  :=
include $(wildcard mk/*.mk)

.PHONY: all library deps test-deps run test unit golden e2e valgrind bench eval install uninstall clean
.DEFAULT_GOAL := all

all: $(RAVI_BIN) library

# ---- dependencies -------------------------------------------------------------
deps: $(DEPS_STAMP)
test-deps: $(TDEPS_STAMP)

$(DEPS_STAMP):
	@sh tools/ensure-debs.sh $(DEB_BUILD)
	@mkdir -p $(@D) && touch $@

$(TDEPS_STAMP): Makefile | $(DEPS_STAMP)
	@sh tools/ensure-debs.sh $(DEB_TEST)
	@mkdir -p $(@D) && touch $@

# ---- build --------------------------------------------------------------------------
$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cpp | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(LIB_OBJ): CFLAGS += $(LIB_CFLAGS)
$(BUILD)/src/util.o $(BUILD)/src/diag.o: CFLAGS += $(LIB_CFLAGS)

# The installed data directory is the library's default; a PREFIX change rebuilds what knows it.
PREFIX_STAMP := $(BUILD)/.prefix-$(subst /,_,$(PREFIX))
$(PREFIX_STAMP):
	@mkdir -p $(@D) && rm -f $(BUILD)/.prefix-* && touch $@
$(BUILD)/src/api/engine.o: $(PREFIX_STAMP)
$(BUILD)/src/api/engine.o: CFLAGS += -DRAVI_DATADIR='"$(DATADIR)"'

$(LIBRAVI_CORE): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The static library is one object whose hidden symbols are made local: a program linking it
# sees only ravi_*, and its own names cannot clash with the library's.
$(LIBRAVI_A): $(LIB_OBJ)
	@rm -f $@ $(BUILD)/libravi-all.o
	$(LD) -r -o $(BUILD)/libravi-all.o $^
	objcopy --localize-hidden $(BUILD)/libravi-all.o
	ar rcs $@ $(BUILD)/libravi-all.o
	@rm -f $(BUILD)/libravi-all.o

$(LIBRAVI_SO): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libravi.so.$(SOVERSION) -Wl,--no-undefined $(LDFLAGS) -o $@ $^ $(LIB_LIBS)
	ln -sf libravi.so.$(VERSION) $(BUILD)/libravi.so.$(SOVERSION)
	ln -sf libravi.so.$(SOVERSION) $(BUILD)/libravi.so

$(LIBRAVI_APP): $(APP_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIBRAVI_CLI): $(CLI_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIBRAVI_SERVE): $(SERVE_OBJ)
	@rm -f $@
	ar rcs $@ $^

# ravi: a client of libravi.a (only ravi_* visible) and the programs' helpers. It needs ravi-serve
# beside it for `ravi serve`, ravi-fetch for a URL.
$(RAVI_BIN): $(BUILD)/src/main.o $(LIBRAVI_CLI) $(LIBRAVI_APP) $(LIBRAVI_A) | $(SERVE_BIN) $(FETCH_BIN)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS) -lpthread

$(FETCH_BIN): $(BUILD)/src/fetch/main.o $(LIBRAVI_APP) $(LIBRAVI_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(FETCH_LIBS) -lpthread

$(SERVE_BIN): $(BUILD)/src/serve/main.o $(LIBRAVI_SERVE) $(LIBRAVI_CLI) $(LIBRAVI_APP) $(LIBRAVI_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

$(RAVI_PC): Makefile $(PREFIX_STAMP)
	@mkdir -p $(@D)
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	    'Name: ravi' 'Description: Persian news narrator: text, HTML or SSML to speech (libravi)' \
	    'Version: $(VERSION)' 'Requires.private: $(LIB_MODULES)' 'Libs: -L$${libdir} -lravi' \
	    'Libs.private: -lm -lpthread' 'Cflags: -I$${includedir}' >$@

library: $(LIBRAVI_A) $(LIBRAVI_SO) $(RAVI_PC)

-include $(LIB_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SERVE_OBJ:.o=.d) $(BUILD)/src/main.d \
         $(BUILD)/src/serve/main.d $(BUILD)/src/fetch/main.d

# ---- run ----------------------------------------------------------------------
run: $(RAVI_BIN)
	@sh tools/run-sample.sh ./$(RAVI_BIN) samples/news-1.txt

# ---- tests --------------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(LIBRAVI) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS) -lcmocka -lpthread

$(GOLDEN): tests/golden_runner.c $(LIBRAVI) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBRAVI) $(LDFLAGS) $(PKG_LIBS) -lpthread

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

# ---- install ------------------------------------------------------------------------
install: $(RAVI_BIN) library
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/lexicon $(DESTDIR)$(DATADIR)/voices \
	           $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1 \
	           $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(RAVI_BIN) $(DESTDIR)$(PREFIX)/bin/ravi
	install -m 755 $(SERVE_BIN) $(DESTDIR)$(PREFIX)/bin/ravi-serve
	install -m 755 $(FETCH_BIN) $(DESTDIR)$(PREFIX)/bin/ravi-fetch
	install -m 644 doc/ravi.1 $(DESTDIR)$(MANDIR)/man1/ravi.1
	install -m 644 completions/ravi $(DESTDIR)$(COMPLETIONDIR)/ravi
	cp -R lexicon/. $(DESTDIR)$(DATADIR)/lexicon/
	cp -R voices/. $(DESTDIR)$(DATADIR)/voices/
	install -m 644 include/ravi.h $(DESTDIR)$(INCLUDEDIR)/ravi.h
	install -m 755 $(LIBRAVI_SO) $(DESTDIR)$(LIBDIR)/libravi.so.$(VERSION)
	ln -sf libravi.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libravi.so.$(SOVERSION)
	ln -sf libravi.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libravi.so
	install -m 644 $(LIBRAVI_A) $(DESTDIR)$(LIBDIR)/libravi.a
	install -m 644 $(RAVI_PC) $(DESTDIR)$(LIBDIR)/pkgconfig/ravi.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ravi $(DESTDIR)$(PREFIX)/bin/ravi-serve $(DESTDIR)$(PREFIX)/bin/ravi-fetch \
	      $(DESTDIR)$(INCLUDEDIR)/ravi.h \
	      $(DESTDIR)$(MANDIR)/man1/ravi.1 $(DESTDIR)$(COMPLETIONDIR)/ravi \
	      $(DESTDIR)$(LIBDIR)/libravi.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libravi.so.$(SOVERSION) \
	      $(DESTDIR)$(LIBDIR)/libravi.so $(DESTDIR)$(LIBDIR)/libravi.a \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/ravi.pc
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san ravi ravi-serve ravi-fetch
