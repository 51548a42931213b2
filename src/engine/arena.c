/*
 * arena.c - bump allocator (see arena.h).
 */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t size; /* usable bytes in data */
    size_t used;
    _Alignas(16) unsigned char data[];
};

/* See arena.h. */
void arena_init(arena *a, size_t limit)
{
    memset(a, 0, sizeof *a);
    a->limit = limit;
}

/* A fresh, unlinked block of size usable bytes; NULL when malloc fails. */
static arena_block *block_new(size_t size)
{
    arena_block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

/* See arena.h. */
void *arena_alloc(arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n);
    if (p)
        memset(p, 0, (n + 15u) & ~(size_t)15u);
    return p;
}

/* See arena.h. n is rounded up to 16 (0 takes 16). When the head block is full,
 * a spare block big enough is reused, else a new one twice the head's size
 * (64 KiB the first time) is made. */
void *arena_alloc_raw(arena *a, size_t n)
{
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0)
        n = 16;
    if (a->limit && a->used_total + n > a->limit) {
        a->failed = 1;
        return NULL;
    }
    arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        /* reuse a spare block big enough, else make one */
        arena_block **pp = &a->spare;
        while (*pp && (*pp)->size < n)
            pp = &(*pp)->next;
        if (*pp) {
            b = *pp;
            *pp = b->next;
        } else {
            size_t size = a->head ? a->head->size * 2 : 64 * 1024;
            while (size < n)
                size *= 2;
            b = block_new(size);
            if (!b) {
                a->failed = 1;
                return NULL;
            }
        }
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used_total += n;
    return p;
}

/* See arena.h. */
char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* See arena.h. Also clears a->failed, so the next document starts clean. */
void arena_reset(arena *a)
{
    while (a->head) {
        arena_block *b = a->head;
        a->head = b->next;
        b->next = a->spare;
        a->spare = b;
    }
    a->used_total = 0;
    a->failed = 0;
}

/* Free a linked list of blocks. */
static void free_list(arena_block *b)
{
    while (b) {
        arena_block *n = b->next;
        free(b);
        b = n;
    }
}

/* See arena.h. */
void arena_free(arena *a)
{
    free_list(a->head);
    free_list(a->spare);
    a->head = a->spare = NULL;
    a->used_total = 0;
}
