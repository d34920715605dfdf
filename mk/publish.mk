# Publishing and everyday use (issue 18): the manual page checked by make test, and the figures
# of tagging and loudness in make bench.
#   make man-lint        doc/ravi.1 with no warning from mandoc -T lint nor man --warnings (groff);
#                        then installed into a staging directory, where `man ravi` finds it and
#                        bash loads the installed completion; make uninstall takes both away
#   make bench-publish   loudness of a 10-minute article in every format, both Ravi voices
#                        (ffmpeg's ebur128), and what tagging and loudness add to say -o out.mp3
#                        (callgrind instructions, and best-of-5 CPU time)
DEB_TEST += mandoc man-db
MAN_STAGE := $(BUILD)/stage-man

.PHONY: man-lint bench-publish
man-lint: $(RAVI_BIN) library | $(TDEPS_STAMP)
	@out=$$(mandoc -T lint -W warning doc/ravi.1 2>&1); \
	    if [ -n "$$out" ]; then echo "$$out"; echo "man-lint: doc/ravi.1 has warnings"; exit 1; fi
	@out=$$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l doc/ravi.1 2>&1 >/dev/null); \
	    if [ -n "$$out" ]; then echo "$$out"; echo "man-lint: man --warnings on doc/ravi.1"; exit 1; fi
	@rm -rf $(MAN_STAGE)
	@$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(MAN_STAGE) >/dev/null
	@MANPATH=$(CURDIR)/$(MAN_STAGE)$(MANDIR) MANWIDTH=80 man ravi 2>&1 | grep -q 'publish it as audio' || \
	    { echo "man-lint: man ravi does not find the installed page"; exit 1; }
	@bash -c '. "$(CURDIR)/$(MAN_STAGE)$(COMPLETIONDIR)/ravi" && complete -p ravi' | grep -q _ravi || \
	    { echo "man-lint: the installed bash completion does not load"; exit 1; }
	@$(MAKE) --no-print-directory uninstall DESTDIR=$(CURDIR)/$(MAN_STAGE) >/dev/null
	@left=$$(find $(MAN_STAGE) -type f -o -type l); rm -rf $(MAN_STAGE); [ -z "$$left" ] || \
	    { echo "man-lint: make uninstall left $$left"; exit 1; }
	@echo "man-lint: doc/ravi.1 clean (mandoc, man --warnings); installed: man ravi, bash completion"

bench-publish: $(RAVI_BIN) | $(TDEPS_STAMP)
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tools/bench-publish.sh

TEST_TARGETS += man-lint
BENCH_TARGETS += bench-publish
