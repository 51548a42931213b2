/*
 * arena.h - a bump allocator that holds everything one document needs.
 *
 * The engine codes a document into one arena and resets it afterwards: no
 * per-token malloc, nothing to free piecemeal, nothing to leak. Blocks grow
 * geometrically and are kept across resets, so a stream of documents reaches
 * a steady state with no allocation at all.
 */
#ifndef TACITUS_ARENA_H
#define TACITUS_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head;   /* block being filled */
    arena_block *spare;  /* blocks kept by arena_reset for reuse */
    size_t limit;        /* maximum total bytes (0 = unlimited) */
    size_t used_total;   /* bytes handed out since the last reset */
    int failed;          /* set once an allocation failed */
} arena;

/* Initialise an empty arena; limit caps the bytes one document may take. */
void arena_init(arena *a, size_t limit);

/* Return n bytes aligned to 16, zero-filled. Returns NULL (and sets a->failed)
 * when the limit would be exceeded or malloc fails; callers check once per
 * stage via a->failed rather than after every call where that is simpler. */
void *arena_alloc(arena *a, size_t n);

/* Like arena_alloc but the memory is not cleared: for large arrays the
 * caller fills completely (token and mention tables). */
void *arena_alloc_raw(arena *a, size_t n);

/* Copy s[0..n) into the arena and NUL-terminate it. NULL on failure. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Forget every allocation but keep the blocks for reuse. */
void arena_reset(arena *a);

/* Free every block. The arena may be initialised again afterwards. */
void arena_free(arena *a);

#endif
