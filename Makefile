# aftercare: build, test, benchmark, fuzz. `make run` and `make test` do all set-up.
BUILD   ?= build
CC      ?= cc
PKGS    := libfyaml jansson libutf8proc
OPT     ?= -O2
SAN     ?=
CFLAGS  ?= $(OPT) -g
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Iinclude $(SAN) $(shell pkg-config --cflags $(PKGS) sqlite3 2>/dev/null)
LDFLAGS += $(SAN)
# SQLite (FTS5 for ask's retrieval, lib/ask_retrieve.c) is linked statically: Debian ships
# libsqlite3.a, and the dynamic library cost every command ~0.4 ms of start-up (measured with
# tests/bench/coldstart.c; docs/benchmarks.md).
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic \
           -lstemmer -lm
KB      := data/microneedling.yaml

LIB_SRC := $(wildcard lib/*.c)
CLI_SRC := $(wildcard cli/*.c)
CORE_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB_OBJ := $(CORE_OBJ) $(BUILD)/gen/kb_builtin.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
CLI_SHARED_OBJ := $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJ))
CAL_SRC := $(wildcard cal/*.c)
CAL_OBJ := $(CAL_SRC:%.c=$(BUILD)/%.o)
ICAL_CFLAGS := $(shell pkg-config --cflags libical 2>/dev/null)
ICAL_LIBS := $(shell pkg-config --libs libical 2>/dev/null)
# ICU (loaded by libical anyway) maps Windows zone names to IANA ones (cal/ics_zone.c).
ICU_LIBS := $(shell pkg-config --libs icu-i18n 2>/dev/null)
SERVE_SRC := $(wildcard server/*.c)
SERVE_OBJ := $(SERVE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/web_assets.o
MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd sqlite3 2>/dev/null) $(ICAL_CFLAGS)
MHD_LIBS := $(shell pkg-config --libs libmicrohttpd sqlite3 zlib 2>/dev/null) $(ICAL_LIBS)
WEB_FILES := $(sort $(wildcard web/*.html web/*.js web/*.css web/*.svg))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

STAMP := .deps-installed

.PHONY: all deps run test check unit cli-test eval readings sanitize valgrind bench fuzz clean browser-test

all: deps $(BUILD)/aftercare $(BUILD)/aftercare-cal $(BUILD)/aftercare-serve

deps: $(STAMP)
$(STAMP): scripts/install-deps
	scripts/install-deps
	touch $@

$(BUILD)/%.o: %.c include/aftercare.h $(wildcard lib/*.h cli/*.h) | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib -c $< -o $@

# The guide is validated and compiled into C tables at build time (tools/kbgen.c).
$(BUILD)/libaftercare-core.a: $(CORE_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/kbgen: $(BUILD)/tools/kbgen.o $(BUILD)/libaftercare-core.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Debian's English word lists (wamerican, wbritish): the real words that ask's typo
# correction must leave alone ("watching" is not a typo of "washing").
WORDLISTS := /usr/share/dict/american-english /usr/share/dict/british-english

$(BUILD)/gen/kb_builtin.c: $(KB) $(BUILD)/kbgen | $(STAMP)
	@mkdir -p $(dir $@)
	./$(BUILD)/kbgen $(KB) $(WORDLISTS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/kb_builtin.o: $(BUILD)/gen/kb_builtin.c lib/kb_internal.h include/aftercare.h
	$(CC) $(CFLAGS) -Ilib -c $< -o $@

$(BUILD)/libaftercare.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/aftercare: $(CLI_OBJ) $(BUILD)/libaftercare.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The calendar commands, apart: libical is not loaded by the other commands.
$(BUILD)/cal/%.o: cal/%.c $(wildcard cal/*.h) cli/cli.h include/aftercare.h | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ICAL_CFLAGS) -Ilib -c $< -o $@

$(BUILD)/aftercare-cal: $(CAL_OBJ) $(CLI_SHARED_OBJ) $(BUILD)/libaftercare.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(ICAL_LIBS) $(ICU_LIBS)

# The server, apart too: libmicrohttpd is loaded by `aftercare serve` only (docs/api.md).
$(BUILD)/server/%.o: server/%.c $(wildcard server/*.h) cal/ics.h cli/cli.h include/aftercare.h | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MHD_CFLAGS) -Icli -Ilib -c $< -o $@

# The page's files (web/) are compiled in: the server needs nothing beside its binary.
$(BUILD)/embed: tools/embed.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

# web itself too: a file removed from it changes the folder, not any file listed.
$(BUILD)/gen/web_assets.c: $(WEB_FILES) web $(BUILD)/embed
	@mkdir -p $(dir $@)
	./$(BUILD)/embed $(WEB_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/web_assets.o: $(BUILD)/gen/web_assets.c server/web_assets.h
	$(CC) $(CFLAGS) -Iserver -c $< -o $@

# The plan's calendar feed (/p/TOKEN.ics) is written by aftercare-cal's own code.
SERVE_CAL_OBJ := $(BUILD)/cal/export.o $(BUILD)/cal/ics_write.o

$(BUILD)/aftercare-serve: $(SERVE_OBJ) $(SERVE_CAL_OBJ) $(CLI_SHARED_OBJ) $(BUILD)/libaftercare.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(MHD_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(BUILD)/libaftercare.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib -DAC_SOURCE_DIR='"$(CURDIR)"' $< -o $@ $(LDFLAGS) \
		$(BUILD)/libaftercare.a $(LDLIBS) $(shell pkg-config --libs cmocka)

# The store's test links the server's store.o and SQLite too.
$(BUILD)/tests/test_store: tests/unit/test_store.c tests/unit/testutil.h $(BUILD)/server/store.o \
		$(BUILD)/libaftercare.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MHD_CFLAGS) -Ilib -Iserver $< $(BUILD)/server/store.o -o $@ $(LDFLAGS) \
		$(BUILD)/libaftercare.a $(LDLIBS) $(shell pkg-config --libs sqlite3 cmocka)

# The clinic server with a local store and key (scripts/run-server.sh): the page's URL is
# printed.
run: all
	scripts/run-server.sh $(BUILD)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

cli-test: $(BUILD)/aftercare $(BUILD)/aftercare-cal $(BUILD)/aftercare-serve
	tests/cli/run.sh ./$(BUILD)/aftercare
	tests/cal/run.sh ./$(BUILD)/aftercare
	tests/server/run.sh ./$(BUILD)/aftercare
	tests/server/clinic.sh ./$(BUILD)/aftercare
	tests/server/crash.sh ./$(BUILD)/aftercare

$(BUILD)/ask_eval: tests/eval/ask_eval.c $(BUILD)/libaftercare.a
	$(CC) $(CFLAGS) $< -o $@ $(LDFLAGS) $(BUILD)/libaftercare.a $(LDLIBS)

# Accuracy of `ask` on questions people type (tests/questions.tsv), per kind.
# The blind sets (docs/ask.md): B and E are the holdouts, never tuned on; their minimums
# guard against regressions and are below the 95% goal they have not reached.
eval: $(BUILD)/ask_eval $(BUILD)/aftercare
	./$(BUILD)/ask_eval tests/questions.tsv 97
	./$(BUILD)/ask_eval tests/questions-holdout.tsv 97
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-A.tsv 96
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-B.tsv 92
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-C.tsv 94
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-D.tsv 95
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-E.tsv 89
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-F.tsv 93

# The engine against the reviewed readings of docs/readings.md (every activity and variant),
# and against cases written blind from the guide (B is the holdout, never tuned on).
readings: $(BUILD)/aftercare
	tests/readings/check.py ./$(BUILD)/aftercare docs/readings.md tests/readings.tsv
	tests/readings/blind.py ./$(BUILD)/aftercare tests/readings/blind-A.tsv 95
	tests/readings/blind.py ./$(BUILD)/aftercare tests/readings/blind-B.tsv 95

check: unit cli-test eval readings

# The patient's page in Debian's chromium (tests/browser); screenshots in $(BUILD)/browser.
browser-test: $(BUILD)/aftercare-serve
	tests/browser/run.sh $(BUILD) $(BUILD)/browser

# Everything, then the same suite under ASan+UBSan and the command under valgrind.
test: deps
	$(MAKE) check
	$(MAKE) browser-test
	$(MAKE) sanitize
	$(MAKE) valgrind
	@echo "make test: all suites passed"

sanitize: deps
	$(MAKE) BUILD=build-san OPT=-O1 \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		check

valgrind: $(BUILD)/aftercare $(BUILD)/aftercare-cal $(BUILD)/aftercare-serve $(UNIT_BIN)
	tests/valgrind.sh $(BUILD)

bench: all
	scripts/bench.sh $(BUILD)

fuzz: deps
	scripts/fuzz.sh

clean:
	rm -rf build build-san build-fuzz
