# mk/fuzz.mk - the libFuzzer harnesses of tests/fuzz/ (docs/fuzzing.md).
# Included by the top-level Makefile, which defines LIB_SRC, CSTD, WARN, DEFS, XML_INC,
# SRC_INC, PQ_INC and LIBS. The harnesses are compiled with _GNU_SOURCE (strcasestr,
# memmem), the library as the other builds compile it.
#
#   make fuzz-build    build/fuzz/fuzz_* with clang, ASan + UBSan + libFuzzer; the
#                      library is compiled again for them into build/fuzz/obj/
#   make fuzz          run each harness for FUZZ_SECONDS (default 600) on its corpus,
#                      one after the other; executions and coverage per harness in
#                      build/fuzz/summary.txt
#   make fuzz-replay   run every committed corpus file and every reproducer of
#                      ../shared/fuzz/ once through its harness (and through
#                      build/tacitus): a regression test of seconds (tests/run.sh runs it)

FUZZ_CC      := clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(CSTD) $(WARN) -O1 -g $(FUZZ_SAN) -Iinclude $(SRC_INC) $(PQ_INC) $(XML_INC) -Itests/fuzz
FUZZ_SECONDS ?= 600
FUZZ_NAMES   := engine html jsonl warc dict petrarch gazetteer coded serve
FUZZ_BINS    := $(addprefix build/fuzz/fuzz_,$(FUZZ_NAMES))
FUZZ_OBJ     := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC))

.PHONY: fuzz fuzz-build fuzz-replay
.SECONDARY: $(FUZZ_OBJ)

build/fuzz/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(DEFS) -c $< -o $@

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -D_GNU_SOURCE -fsanitize=fuzzer $(DEFS) -o $@ $< $(FUZZ_OBJ) $(LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz-replay: fuzz-build all
	bash tests/fuzz/replay.sh

fuzz: fuzz-build all
	bash tests/fuzz/run.sh $(FUZZ_SECONDS)
