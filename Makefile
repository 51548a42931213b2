# tacitus - build, set-up, tests, demo and installation.
#
#   make demo    set up a fresh Debian 12 machine with what running needs, build, code the sample article
#   make test    set up with the test tools too, build, run every test (also under ASan+UBSan);
#                ends "N passed, N failed"
#   make         build build/tacitus, the gazetteer and the man page (after set-up)
#   make install PREFIX=/usr/local [DESTDIR=...]
#                PREFIX/bin/tacitus, PREFIX/share/tacitus/{data,gazetteer.bin,web},
#                PREFIX/share/man/man1/tacitus.1, PREFIX/share/doc/tacitus/ (README, docs, licence)
#   make uninstall PREFIX=...   remove what install put there
#   make bench   measure speed on the evaluation corpora
#   make fuzz [FUZZ_SECONDS=600], make fuzz-replay: the libFuzzer harnesses (mk/fuzz.mk, docs/fuzzing.md)

CC      ?= cc
ROOT    := $(CURDIR)
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Werror
OPT     ?= -O2 -g
PQ_INC  := $(shell pkg-config --cflags libpq 2>/dev/null)
XML_INC := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
SRC_INC := -Isrc/engine -Isrc/store -Isrc/serve -Isrc/monitor
CFLAGS  := $(CSTD) $(WARN) $(OPT) -Iinclude $(SRC_INC) $(PQ_INC) $(XML_INC)
DEFS    := -DTACITUS_DEFAULT_DATA='"$(ROOT)/data"' -DTACITUS_DEFAULT_GAZETTEER='"$(ROOT)/build/gazetteer.bin"' \
           -DTACITUS_DEFAULT_WEB='"$(ROOT)/web"' -DTACITUS_CASES_DIR='"$(ROOT)/tests/cases"'
LIBS    := -ljansson -lutf8proc -lxml2 -lsqlite3 -lpq -lmicrohttpd -lz -lcurl -lnats -lpthread -lm

# layers, each using only those above it: the engine (text in, events out), the store
# (documents, events and incidents in SQLite or PostgreSQL; its exports), the server, and
# monitoring (news feeds polled, the NATS JetStream work queue)
ENGINE_SRC := $(wildcard src/engine/*.c)
STORE_SRC  := $(wildcard src/store/*.c)
SERVE_SRC  := $(wildcard src/serve/*.c)
MONITOR_SRC := $(wildcard src/monitor/*.c)
LIB_SRC := $(ENGINE_SRC) $(STORE_SRC) $(SERVE_SRC) $(MONITOR_SRC)
CLI_SRC := $(wildcard cli/*.c)
HDRS    := $(wildcard include/*.h src/*/*.h cli/*.h)

OBJ      = $(patsubst %.c,build/obj/%.o,$(LIB_SRC))
CLI_OBJ  = $(patsubst %.c,build/obj/%.o,$(CLI_SRC))
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_OBJ = $(patsubst %.c,build/asan/%.o,$(LIB_SRC))
ASAN_CLI = $(patsubst %.c,build/asan/%.o,$(CLI_SRC))

UNIT_TESTS := $(basename $(notdir $(wildcard tests/unit/test_*.c)))

# where 'make install' puts things (the binary finds them relative to itself: cli/paths.h)
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share/tacitus
MANDIR  := $(DESTDIR)$(PREFIX)/share/man/man1
DOCDIR  := $(DESTDIR)$(PREFIX)/share/doc/tacitus
# the page's libraries, which scripts/setup.sh copies from node_modules
VENDOR_FILES := web/vendor/d3-array.min.js web/vendor/d3-geo.min.js web/vendor/topojson-client.min.js \
                web/vendor/countries-110m.json

.PHONY: all setup setup-runtime demo test test-only bench clean gazetteer unit asan clang-check install uninstall
all: build/tacitus build/gazetteer.bin build/tacitus.1

-include mk/gazetteer.mk
-include mk/fuzz.mk

build/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEFS) -c $< -o $@

build/asan/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEFS) $(ASAN_FLAGS) -c $< -o $@

build/libtacitus.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

build/tacitus: $(CLI_OBJ) build/libtacitus.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) build/libtacitus.a $(LIBS)

build/asan/tacitus: $(ASAN_CLI) $(ASAN_OBJ)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) -o $@ $^ $(LIBS)

build/test/%: tests/unit/%.c build/libtacitus.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEFS) -o $@ $< build/libtacitus.a $(LIBS) -lcmocka

build/asan/test/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEFS) $(ASAN_FLAGS) -o $@ $< $(ASAN_OBJ) $(LIBS) -lcmocka

unit: $(addprefix build/test/,$(UNIT_TESTS))
asan: build/asan/tacitus $(addprefix build/asan/test/,$(UNIT_TESTS))

# the man page, from the help texts of the binary just built
build/tacitus.1: build/tacitus scripts/manpage.sh
	bash scripts/manpage.sh build/tacitus > $@.tmp && mv $@.tmp $@

$(VENDOR_FILES):
	@echo "$@ is missing: run 'bash scripts/setup.sh --runtime' (or make demo) first" >&2; exit 1

install: build/tacitus build/gazetteer.bin build/tacitus.1 $(VENDOR_FILES)
	install -d $(BINDIR) $(SHAREDIR) $(MANDIR) $(DOCDIR)/docs
	install -m 755 build/tacitus $(BINDIR)/tacitus
	install -m 644 build/gazetteer.bin $(SHAREDIR)/gazetteer.bin
	for f in $$(find data web -type f); do install -D -m 644 $$f $(SHAREDIR)/$$f || exit 1; done
	install -m 644 build/tacitus.1 $(MANDIR)/tacitus.1
	install -m 644 README.md LICENSE $(DOCDIR)/
	install -m 644 $(wildcard docs/*) $(DOCDIR)/docs/

uninstall:
	rm -f $(BINDIR)/tacitus $(MANDIR)/tacitus.1
	rm -rf $(SHAREDIR) $(DOCDIR)

setup:
	bash scripts/setup.sh

setup-runtime:
	bash scripts/setup.sh --runtime

demo: setup-runtime
	$(MAKE) all
	@echo "== tacitus code --format pretty (an invented sample report)"
	./build/tacitus code --format pretty --published 2024-05-15 data/sample/sample-report.txt
	@echo "== the same as JSON Lines (first 2,000 bytes)"
	./build/tacitus code --published 2024-05-15 data/sample/sample-report.txt | head -c 2000; echo
	@if [ -f ../shared/seed/karachi-police-office-attack.txt ]; then \
	  echo "== the seed article: the 2023 attack on the Karachi police office"; \
	  ./build/tacitus code --format pretty --published 2023-02-17 ../shared/seed/karachi-police-office-attack.txt; fi
	@echo "== next: the ten-minute tutorial in README.md, or 'sudo make install' and 'man tacitus'"

test: setup
	$(MAKE) test-only

test-only: all unit asan clang-check fuzz-build
	bash tests/run.sh

# Every source must also compile cleanly with clang (warnings are errors).
clang-check:
	@for f in $(LIB_SRC) $(CLI_SRC) tools/gazc.c $(wildcard tests/unit/*.c); do \
	  clang $(CSTD) $(WARN) -Iinclude $(SRC_INC) $(PQ_INC) $(XML_INC) $(DEFS) -fsyntax-only $$f || exit 1; done
	@echo "clang: all sources compile cleanly"


bench: all
	bash bench/bench.sh

clean:
	rm -rf build
