# tacitus - build, set-up, tests and demo.
#
#   make demo    set up a fresh Debian 12 machine, build, code the sample article
#   make test    set up, build, run every test (also under ASan+UBSan); ends "N passed, N failed"
#   make         build build/tacitus and the gazetteer (after set-up)
#   make bench   measure speed on the evaluation corpora

CC      ?= cc
ROOT    := $(CURDIR)
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Werror
OPT     ?= -O2 -g
PQ_INC  := $(shell pkg-config --cflags libpq 2>/dev/null)
SRC_INC := -Isrc/engine -Isrc/store -Isrc/serve
CFLAGS  := $(CSTD) $(WARN) $(OPT) -Iinclude $(SRC_INC) $(PQ_INC)
DEFS    := -DTACITUS_DEFAULT_DATA='"$(ROOT)/data"' -DTACITUS_DEFAULT_GAZETTEER='"$(ROOT)/build/gazetteer.bin"' \
           -DTACITUS_DEFAULT_WEB='"$(ROOT)/web"' -DTACITUS_CASES_DIR='"$(ROOT)/tests/cases"'
LIBS    := -ljansson -lutf8proc -lgumbo -lsqlite3 -lpq -lmicrohttpd -lpthread -lm

# three layers, each using only those above it: the engine (text in, events out), the store
# (documents, events and incidents in SQLite or PostgreSQL; its exports) and the server
ENGINE_SRC := $(wildcard src/engine/*.c)
STORE_SRC  := $(wildcard src/store/*.c)
SERVE_SRC  := $(wildcard src/serve/*.c)
LIB_SRC := $(ENGINE_SRC) $(STORE_SRC) $(SERVE_SRC)
CLI_SRC := cli/tacitus.c cli/code.c cli/eval.c cli/bench.c cli/dict.c cli/store.c cli/serve.c
HDRS    := $(wildcard include/*.h src/*/*.h cli/*.h)

OBJ      = $(patsubst %.c,build/obj/%.o,$(LIB_SRC))
CLI_OBJ  = $(patsubst %.c,build/obj/%.o,$(CLI_SRC))
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_OBJ = $(patsubst %.c,build/asan/%.o,$(LIB_SRC))
ASAN_CLI = $(patsubst %.c,build/asan/%.o,$(CLI_SRC))

UNIT_TESTS := $(basename $(notdir $(wildcard tests/unit/test_*.c)))

.PHONY: all setup demo test test-only bench clean gazetteer unit asan clang-check
all: build/tacitus build/gazetteer.bin

-include mk/gazetteer.mk

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

setup:
	bash scripts/setup.sh

demo: setup
	$(MAKE) all
	@echo "== tacitus code --format pretty (an invented sample report)"
	./build/tacitus code --format pretty --published 2024-05-15 data/sample/sample-report.txt
	@echo "== the same as JSON Lines (first 2,000 bytes)"
	./build/tacitus code --published 2024-05-15 data/sample/sample-report.txt | head -c 2000; echo
	@if [ -f ../shared/seed/karachi-police-office-attack.txt ]; then \
	  echo "== the seed article: the 2023 attack on the Karachi police office"; \
	  ./build/tacitus code --format pretty --published 2023-02-17 ../shared/seed/karachi-police-office-attack.txt; fi

test: setup
	$(MAKE) test-only

test-only: all unit asan clang-check
	bash tests/run.sh

# Every source must also compile cleanly with clang (warnings are errors).
clang-check:
	@for f in $(LIB_SRC) $(CLI_SRC) tools/gazc.c $(wildcard tests/unit/*.c); do \
	  clang $(CSTD) $(WARN) -Iinclude $(SRC_INC) $(PQ_INC) -fsyntax-only $$f || exit 1; done
	@echo "clang: all sources compile cleanly"


bench: all
	bash bench/bench.sh

clean:
	rm -rf build
