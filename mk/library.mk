# libravi's own tests (issue 13):
#   make api-test       tests/api/test_api.c: the public header alone, linked against libravi.so
#   make example-test   examples/speak.c built against the *installed* library: make install into
#                       a staging directory (DESTDIR), pkg-config from there, shared and static;
#                       then make uninstall must leave nothing behind
API_TEST  := $(BUILD)/tests/test_api
STAGE     := $(BUILD)/stage
STAGE_PC  := PKG_CONFIG_PATH=$(CURDIR)/$(STAGE)$(LIBDIR)/pkgconfig PKG_CONFIG_SYSROOT_DIR=$(CURDIR)/$(STAGE)

$(API_TEST): tests/api/test_api.c include/ravi.h $(LIBRAVI_SO) | $(TDEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iinclude -o $@ $< -L$(BUILD) -lravi -Wl,-rpath,$(CURDIR)/$(BUILD) $(LDFLAGS) -lcmocka

.PHONY: api-test example-test
api-test: $(API_TEST)
	@RAVI_DATA=$(CURDIR) sh tools/run-unit.sh $(API_TEST)

example-test: library $(RAVI_BIN) | $(TDEPS_STAMP)
	@rm -rf $(STAGE)
	@$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(STAGE) >/dev/null
	@STAGE=$(CURDIR)/$(STAGE) PREFIX=$(PREFIX) LIBDIR=$(LIBDIR) CC="$(CC)" \
	    CFLAGS="$(filter-out -Werror,$(CFLAGS))" SANFLAGS="$(SANFLAGS)" $(STAGE_PC) \
	    sh tests/api/example.sh
	@$(MAKE) --no-print-directory uninstall DESTDIR=$(CURDIR)/$(STAGE) >/dev/null
	@left=$$(find $(STAGE) -type f -o -type l); [ -z "$$left" ] || \
	    { echo "example: make uninstall left $$left"; exit 1; }
	@rm -rf $(STAGE)

TEST_TARGETS += api-test example-test
