# The guard in front of eSpeak NG (issue 20): src/guard/, tests/e2e/guard.sh, tests/fuzz/fuzz_speak.c.
#   make guard-scan      which code points make libespeak-ng misbehave when a voice speaks them
#                        alone (valgrind; hours for the whole BMP). GUARD_SCAN_ARGS narrows it:
#                        --first 0x370 --last 0x3FF --voice en, or --asan with an AddressSanitizer
#                        build of the same eSpeak NG release first on LD_LIBRARY_PATH.
GUARD_HARNESS := $(BUILD)/tools/guard-harness
GUARD_SCAN_ARGS ?=

$(GUARD_HARNESS): tools/guard/harness.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LDFLAGS) $(PKG_LIBS)

.PHONY: guard-scan
guard-scan: $(GUARD_HARNESS) $(TDEPS_STAMP)
	python3 tools/guard/scan.py $(GUARD_HARNESS) $(GUARD_SCAN_ARGS)
