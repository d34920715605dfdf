# sd_ravi, Ravi's speech-dispatcher output module (issue 13): src/sd/, README "Screen readers".
#   make             also builds $(BUILD)/sd_ravi
#   make sd-test     the protocol over a pipe: every command, bad input, a crash (tests/sd/protocol.py)
#   make sd-e2e      the real speech-dispatcher daemon started privately, a PulseAudio null sink
#                    recorded (tests/sd/e2e.py)
#   make sd-valgrind a protocol session under valgrind memcheck (plain build only)
#   make bench-sd    STOP and first-audio latency: the module alone, and with the server (tools/sd/bench.py)
#   make install     also SD_MODULEDIR/sd_ravi and SD_CONFDIR/ravi.conf, where speech-dispatcher
#                    looks for modules (Debian's paths; they do not follow PREFIX)
SD_BIN       := $(BUILD)/sd_ravi
SD_OBJ       := $(SD_SRC:%.c=$(BUILD)/%.o)
SD_MODULEDIR ?= $(or $(shell pkg-config --variable=modulebindir speech-dispatcher 2>/dev/null),/usr/lib/speech-dispatcher-modules)
SD_CONFDIR   ?= /etc/speech-dispatcher/modules
DEB_TEST     += speech-dispatcher speech-dispatcher-audio-plugins

all: $(SD_BIN)

# a client of libravi.a (only ravi_* visible) and the programs' helpers, as ravi is
$(SD_BIN): $(SD_OBJ) $(LIBRAVI_APP) $(LIBRAVI_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

-include $(SD_OBJ:.o=.d)

.PHONY: sd-test sd-e2e sd-valgrind bench-sd install-sd uninstall-sd
sd-test: $(SD_BIN) $(TDEPS_STAMP)
	@RAVI_DATA=$(CURDIR) python3 tests/sd/protocol.py $(SD_BIN)

sd-e2e: $(SD_BIN) $(RAVI_BIN) $(TDEPS_STAMP)
	@SD_RAVI=$(CURDIR)/$(SD_BIN) RAVI=$(CURDIR)/$(RAVI_BIN) RAVI_DATA=$(CURDIR) python3 tests/sd/e2e.py

sd-valgrind: $(SD_BIN) $(TDEPS_STAMP)
	@RAVI_DATA=$(CURDIR) python3 tests/sd/protocol.py --valgrind $(SD_BIN)

bench-sd: $(SD_BIN) $(TDEPS_STAMP)
	@SD_RAVI=$(CURDIR)/$(SD_BIN) RAVI_DATA=$(CURDIR) python3 tools/sd/bench.py

TEST_TARGETS  += sd-test sd-e2e $(if $(SANITIZE),,sd-valgrind)
BENCH_TARGETS += bench-sd

install: install-sd
uninstall: uninstall-sd
install-sd: $(SD_BIN)
	install -d $(DESTDIR)$(SD_MODULEDIR) $(DESTDIR)$(SD_CONFDIR)
	install -m 755 $(SD_BIN) $(DESTDIR)$(SD_MODULEDIR)/sd_ravi
	install -m 644 src/sd/ravi.conf $(DESTDIR)$(SD_CONFDIR)/ravi.conf

uninstall-sd:
	rm -f $(DESTDIR)$(SD_MODULEDIR)/sd_ravi $(DESTDIR)$(SD_CONFDIR)/ravi.conf

# The protocol fuzz target links the module's parsers and writers (not its loop, nor main).
SD_FUZZ_OBJ := $(patsubst %.c,$(FUZZ_BUILD)/%.o,$(filter-out src/sd/main.c src/sd/module.c src/sd/worker.c,$(SD_SRC)))
$(FUZZ_BUILD)/fuzz_sd_protocol: tests/fuzz/fuzz_sd_protocol.c $(SD_FUZZ_OBJ) $(FUZZ_BUILD)/libravi.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -Iinclude -o $@ $< \
	    $(SD_FUZZ_OBJ) $(FUZZ_BUILD)/libravi.a $(PKG_LIBS)
