# ravi serve (issue 14): the listen page compiled into the program, the server's tests, figures
# and fuzz targets.
#   make serve-test     the server through its protocols: HTTP, Wyoming, limits, crashes, shutdown
#                       (tests/serve/), the real `openai` npm client, the listen page in Chromium
#   make serve-bench    throughput at 1 and 2 workers, 8 clients for 60 s (loopback only)
SERVE_PAGE_C := $(BUILD)/gen/serve_page.c
SERVE_PAGE_O := $(BUILD)/gen/serve_page.o

$(SERVE_PAGE_C): src/serve/page.html tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh serve_page_html src/serve/page.html >$@

$(SERVE_PAGE_O): $(SERVE_PAGE_C)
	$(CC) $(CFLAGS) -c $< -o $@

# the page belongs with the server's objects, in the command's archive
$(LIBRAVI_CLI): $(SERVE_PAGE_O)

# the server's parsers (the JSON of a speech request, Wyoming's event headers) are fuzzed with
# the library's objects
$(FUZZ_BUILD)/libravi.a: $(FUZZ_BUILD)/src/serve/params.o $(FUZZ_BUILD)/src/serve/wyevent.o \
                         $(FUZZ_BUILD)/src/serve/encode.o
