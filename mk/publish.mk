# Publishing and everyday use (issue 18): the manual page checked by make test, and the figures
# of tagging and loudness in make bench.
#   make man-lint        mandoc -T lint on doc/ravi.1: no warning allowed
#   make bench-publish   loudness of a 10-minute article in every format, both Ravi voices
#                        (ffmpeg's ebur128), and what tagging and loudness add to say -o out.mp3
#                        (callgrind instructions, and best-of-5 CPU time)
DEB_TEST += mandoc

.PHONY: man-lint bench-publish
man-lint: | $(TDEPS_STAMP)
	@out=$$(mandoc -T lint -W warning doc/ravi.1 2>&1); \
	    if [ -n "$$out" ]; then echo "$$out"; echo "man-lint: doc/ravi.1 has warnings"; exit 1; fi; \
	    echo "man-lint: doc/ravi.1 clean"

bench-publish: $(RAVI_BIN) | $(TDEPS_STAMP)
	@RAVI=$(CURDIR)/$(RAVI_BIN) sh tools/bench-publish.sh

TEST_TARGETS += man-lint
BENCH_TARGETS += bench-publish
