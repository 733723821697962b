# aftercare: build, test, benchmark, fuzz. `make run` and `make test` do all set-up.
BUILD   ?= build
CC      ?= cc
PKGS    := libfyaml jansson libutf8proc
OPT     ?= -O2
SAN     ?=
# Warnings fail the build here; a distribution build (debian/rules) sets WERROR= so that a
# newer compiler's new warning is not a failed package.
WERROR  ?= -Werror
CFLAGS  ?= $(OPT) -g
override CFLAGS += -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
           -Iinclude $(SAN) $(shell pkg-config --cflags $(PKGS) sqlite3 2>/dev/null)
override LDFLAGS += $(SAN)
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
MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd sqlite3 libpq 2>/dev/null) $(ICAL_CFLAGS)
MHD_LIBS := $(shell pkg-config --libs libmicrohttpd sqlite3 zlib 2>/dev/null) $(ICAL_LIBS)
# The store in PostgreSQL, where --db names one (server/store_pg.c, docs/deploy.md).
MHD_LIBS += $(shell pkg-config --libs libpq 2>/dev/null)
# The desk (docs/desk.md): passwords and sessions (libsodium), the handout's QR code.
MHD_LIBS += $(shell pkg-config --libs libsodium libqrencode 2>/dev/null)
WEB_FILES := $(sort $(wildcard web/*.html web/*.js web/*.css web/*.svg))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

STAMP := .deps-installed

.PHONY: all deps run test check unit cli-test pg-test eval readings sanitize valgrind bench fuzz clean browser-test \
	install uninstall install-test man-test service-test deb

# The library's version (include/aftercare.h) and its soname's: 0 while the API may change.
VERSION := $(shell sed -n 's/^\#define AC_VERSION "\(.*\)"/\1/p' include/aftercare.h)
SOVERSION := 0
SONAME  := libaftercare.so.$(SOVERSION)
# Generated from the option table (tools/docgen.c): completions and man pages. The pages'
# date is SOURCE_DATE_EPOCH's (reproducible builds), else today.
GEN_DOCS := $(BUILD)/gen/aftercare.bash $(BUILD)/gen/_aftercare $(BUILD)/man/aftercare.1 \
	$(BUILD)/man/aftercare-serve.8 $(BUILD)/man/aftercare-protocol.5
MAN_DATE := $(shell LC_ALL=C date -u -d "@$${SOURCE_DATE_EPOCH:-$$(date +%s)}" "+%B %-d, %Y")

all: deps $(BUILD)/aftercare $(BUILD)/aftercare-cal $(BUILD)/aftercare-serve \
	$(BUILD)/$(SONAME) $(GEN_DOCS)

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

# The shared library, for programs that link aftercare (docs/library.md): its own objects,
# position-independent and without the sanitizers (a program linking it is not built with
# them), always -O2 (the product; and -O1 without the sanitizers trips a format-truncation
# warning in lib/course.c); only the public ac_ functions are exported
# (lib/libaftercare.map). SQLite is linked dynamically here: the start-up cost that made the command link it statically is the
# command's, not the library's.
PIC_CFLAGS := $(filter-out -fsanitize=% -fno-sanitize-recover=% -O%,$(CFLAGS)) -O2 -fPIC
PIC_OBJ := $(LIB_SRC:%.c=$(BUILD)/pic/%.o) $(BUILD)/pic/gen/kb_builtin.o
$(BUILD)/pic/%.o: %.c include/aftercare.h $(wildcard lib/*.h) | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(PIC_CFLAGS) -Ilib -c $< -o $@
$(BUILD)/pic/gen/kb_builtin.o: $(BUILD)/gen/kb_builtin.c lib/kb_internal.h include/aftercare.h
	@mkdir -p $(dir $@)
	$(CC) $(PIC_CFLAGS) -Ilib -c $< -o $@
$(BUILD)/libaftercare.so.$(VERSION): $(PIC_OBJ) lib/libaftercare.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libaftercare.map \
		-Wl,-z,relro -Wl,-z,now -Wl,--as-needed -o $@ $(PIC_OBJ) \
		$(shell pkg-config --libs $(PKGS) sqlite3 2>/dev/null) -lstemmer -lm
$(BUILD)/$(SONAME): $(BUILD)/libaftercare.so.$(VERSION)
	ln -sf libaftercare.so.$(VERSION) $@

$(BUILD)/docgen: tools/docgen.c $(BUILD)/cli/options.o
	$(CC) $(CFLAGS) -Icli $(LDFLAGS) -o $@ $^
$(BUILD)/gen/aftercare.bash: $(BUILD)/docgen
	@mkdir -p $(dir $@)
	./$(BUILD)/docgen bash > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/_aftercare: $(BUILD)/docgen
	@mkdir -p $(dir $@)
	./$(BUILD)/docgen zsh > $@.tmp && mv $@.tmp $@
$(BUILD)/man/aftercare.1: $(BUILD)/docgen
	@mkdir -p $(dir $@)
	./$(BUILD)/docgen man1 "$(MAN_DATE)" > $@.tmp && mv $@.tmp $@
$(BUILD)/man/aftercare-serve.8: man/aftercare-serve.8.in $(BUILD)/docgen
	@mkdir -p $(dir $@)
	./$(BUILD)/docgen man8 "$(MAN_DATE)" < $< > $@.tmp && mv $@.tmp $@
$(BUILD)/man/aftercare-protocol.5: man/aftercare-protocol.5
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/aftercare: $(CLI_OBJ) $(BUILD)/libaftercare.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The calendar commands, apart: libical is not loaded by the other commands.
$(BUILD)/cal/%.o: cal/%.c $(wildcard cal/*.h) cli/cli.h include/aftercare.h | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ICAL_CFLAGS) -Ilib -c $< -o $@

$(BUILD)/aftercare-cal: $(CAL_OBJ) $(CLI_SHARED_OBJ) $(BUILD)/libaftercare.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(ICAL_LIBS) $(ICU_LIBS)

# The server, apart too: libmicrohttpd is loaded by `aftercare serve` only (docs/api.md).
$(BUILD)/server/%.o: server/%.c $(wildcard server/*.h) cal/ics.h cli/cli.h cli/clinic.h include/aftercare.h | $(STAMP)
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

# The store's test links the server's store and its backends, SQLite and libpq too.
STORE_OBJ := $(BUILD)/server/store.o $(BUILD)/server/store_sqlite.o $(BUILD)/server/store_pg.o
$(BUILD)/tests/test_store: tests/unit/test_store.c tests/unit/testutil.h $(STORE_OBJ) \
		$(BUILD)/libaftercare.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MHD_CFLAGS) -Ilib -Iserver $< $(STORE_OBJ) -o $@ $(LDFLAGS) \
		$(BUILD)/libaftercare.a $(LDLIBS) $(shell pkg-config --libs sqlite3 libpq cmocka)

# The clinic server with a local store and key (scripts/run-server.sh): the page's URL is
# printed.
run: all
	scripts/run-server.sh $(BUILD)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

cli-test: $(BUILD)/aftercare $(BUILD)/aftercare-cal $(BUILD)/aftercare-serve
	tests/cli/run.sh ./$(BUILD)/aftercare
	tests/cli/unix.sh ./$(BUILD)/aftercare
	tests/cal/run.sh ./$(BUILD)/aftercare
	tests/server/run.sh ./$(BUILD)/aftercare
	tests/server/clinic.sh ./$(BUILD)/aftercare
	tests/server/desk.sh ./$(BUILD)/aftercare
	tests/server/protocol.sh ./$(BUILD)/aftercare
	tests/server/crash.sh ./$(BUILD)/aftercare

# The store on PostgreSQL (docs/deploy.md), each suite on a throwaway PostgreSQL of its own
# (tests/server/pg.sh): the store's unit tests on both backends, the API, desk and protocol
# tests again, and two servers on one database (kill -9 of one, the database restarted).
pg-test: $(BUILD)/aftercare $(BUILD)/aftercare-serve $(BUILD)/tests/test_store
	tests/server/pg.sh $(BUILD)/tests/test_store
	tests/server/pg.sh tests/server/run.sh ./$(BUILD)/aftercare
	tests/server/pg.sh tests/server/desk.sh ./$(BUILD)/aftercare
	tests/server/pg.sh tests/server/protocol.sh ./$(BUILD)/aftercare
	tests/server/pg.sh tests/server/twoserver.sh ./$(BUILD)/aftercare

$(BUILD)/ask_eval: tests/eval/ask_eval.c $(BUILD)/libaftercare.a
	$(CC) $(CFLAGS) $< -o $@ $(LDFLAGS) $(BUILD)/libaftercare.a $(LDLIBS)

# Accuracy of `ask` on questions people type (tests/questions.tsv), per kind.
# The blind sets (docs/ask.md): B, E, N, Q, R and S are kept back, never tuned on; every
# minimum is a few points below the set's figure now, a guard against regressions.
eval: $(BUILD)/ask_eval $(BUILD)/aftercare
	./$(BUILD)/ask_eval tests/questions.tsv 97
	./$(BUILD)/ask_eval tests/questions-holdout.tsv 97
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-A.tsv 97
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-B.tsv 93
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-C.tsv 95
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-D.tsv 95
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-E.tsv 90
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-F.tsv 93
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-G.tsv 88
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-H.tsv 97
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-I.tsv 87
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-J.tsv 95
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-K.tsv 90
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-L.tsv 95
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-M.tsv 89
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-N.tsv 94
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-O.tsv 96
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-P.tsv 95
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-Q.tsv 92
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-R.tsv 94
	tests/eval/blind_ask.py ./$(BUILD)/aftercare tests/questions-blind-S.tsv 94

# The engine against the reviewed readings of docs/readings.md (every activity and variant),
# and against cases written blind from the guide (B is the holdout, never tuned on).
readings: $(BUILD)/aftercare
	tests/readings/check.py ./$(BUILD)/aftercare docs/readings.md tests/readings.tsv
	tests/readings/blind.py ./$(BUILD)/aftercare tests/readings/blind-A.tsv 95
	tests/readings/blind.py ./$(BUILD)/aftercare tests/readings/blind-B.tsv 95

check: unit cli-test pg-test install-test man-test service-test eval readings

# ---- make install / make uninstall: PREFIX (default /usr/local) and DESTDIR ----
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
LIBEXECDIR ?= $(PREFIX)/libexec
INCLUDEDIR ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
INSTALL ?= install
# What install puts where (the uninstall list); directories of our own are removed too.
INSTALLED := $(BINDIR)/aftercare $(LIBEXECDIR)/aftercare/aftercare-cal \
	$(LIBEXECDIR)/aftercare/aftercare-serve $(INCLUDEDIR)/aftercare.h \
	$(LIBDIR)/libaftercare.a $(LIBDIR)/libaftercare.so.$(VERSION) $(LIBDIR)/$(SONAME) \
	$(LIBDIR)/libaftercare.so $(LIBDIR)/pkgconfig/aftercare.pc \
	$(BASHCOMPDIR)/aftercare $(ZSHCOMPDIR)/_aftercare $(MANDIR)/man1/aftercare.1 \
	$(MANDIR)/man8/aftercare-serve.8 $(MANDIR)/man5/aftercare-protocol.5 \
	$(SYSTEMDUNITDIR)/aftercare.service

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/aftercare $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@BINDIR@|$(BINDIR)|' systemd/aftercare.service.in > $(DESTDIR)$(SYSTEMDUNITDIR)/aftercare.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/aftercare.service
	$(INSTALL) -m 755 $(BUILD)/aftercare $(DESTDIR)$(BINDIR)/aftercare
	$(INSTALL) -m 755 $(BUILD)/aftercare-cal $(BUILD)/aftercare-serve $(DESTDIR)$(LIBEXECDIR)/aftercare/
	$(INSTALL) -m 644 include/aftercare.h $(DESTDIR)$(INCLUDEDIR)/aftercare.h
	$(INSTALL) -m 644 $(BUILD)/libaftercare.a $(DESTDIR)$(LIBDIR)/libaftercare.a
	$(INSTALL) -m 644 $(BUILD)/libaftercare.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libaftercare.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libaftercare.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' aftercare.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/aftercare.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/aftercare.pc
	$(INSTALL) -m 644 $(BUILD)/gen/aftercare.bash $(DESTDIR)$(BASHCOMPDIR)/aftercare
	$(INSTALL) -m 644 $(BUILD)/gen/_aftercare $(DESTDIR)$(ZSHCOMPDIR)/_aftercare
	$(INSTALL) -m 644 $(BUILD)/man/aftercare.1 $(DESTDIR)$(MANDIR)/man1/aftercare.1
	$(INSTALL) -m 644 $(BUILD)/man/aftercare-serve.8 $(DESTDIR)$(MANDIR)/man8/aftercare-serve.8
	$(INSTALL) -m 644 $(BUILD)/man/aftercare-protocol.5 $(DESTDIR)$(MANDIR)/man5/aftercare-protocol.5

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(LIBEXECDIR)/aftercare

# The man pages: clean under `mandoc -T lint`, and every option and command of --help in
# aftercare(1) (tests/man/run.sh).
man-test: $(BUILD)/aftercare $(GEN_DOCS)
	tests/man/run.sh $(BUILD)

# The Debian packages (debian/), built from a copy of the tree in $(BUILD)/deb (nothing is
# written outside it), checked by lintian (errors fail), and tests/deb/run.sh: extracted into
# a throwaway root, the command run from there, installed and removed with dpkg --root.
# Not part of make check: it builds everything again (about a minute); CI runs it apart.
deb:
	rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/aftercare-$(VERSION)
	git ls-files -z --cached --others --exclude-standard | \
		xargs -0 cp -a --parents -t $(BUILD)/deb/aftercare-$(VERSION)
	cd $(BUILD)/deb/aftercare-$(VERSION) && dpkg-buildpackage -us -uc -b >../build.log 2>&1 || \
		{ tail -30 ../build.log; exit 1; }
	lintian --fail-on error --suppress-tags-from-file debian/lintian-kept $(BUILD)/deb/*.changes
	tests/deb/run.sh $(BUILD)/deb

# The systemd unit: systemd-analyze verify and security, the key as a credential.
service-test: $(BUILD)/aftercare $(BUILD)/aftercare-serve
	tests/service/run.sh $(BUILD)

# Install into a temporary DESTDIR, build docs/library.md's example with pkg-config only, run
# it and the installed command, uninstall, and find nothing left (tests/install/run.sh).
install-test: all
	tests/install/run.sh $(BUILD)

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
	tests/server/pg.sh valgrind --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect -q $(BUILD)/tests/test_store

# What one throttle call costs on each store (tests/bench/throttle_bench.c; bench-pg.sh runs it).
$(BUILD)/bench/throttle_bench: tests/bench/throttle_bench.c $(STORE_OBJ) $(BUILD)/libaftercare.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MHD_CFLAGS) -Ilib -Iserver $< $(STORE_OBJ) -o $@ $(LDFLAGS) \
		$(BUILD)/libaftercare.a $(LDLIBS) $(shell pkg-config --libs sqlite3 libpq)

bench: all $(BUILD)/bench/throttle_bench
	scripts/bench.sh $(BUILD)
	tests/server/pg.sh scripts/bench-pg.sh $(BUILD)

fuzz: deps
	scripts/fuzz.sh

clean:
	rm -rf build build-san build-fuzz
