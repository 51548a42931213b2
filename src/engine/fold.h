/*
 * fold.h - the one text normalisation shared by every dictionary, the gazetteer
 * compiler and the matcher, so that a name written in a dictionary and the same
 * name met in an article fold to identical bytes.
 *
 * Folding: Unicode case folding, diacritics stripped (NFKD then marks removed),
 * apostrophes and the right single quote deleted ("Rufay'i" -> "rufayi"),
 * every other character that is not a letter or a digit becomes one space,
 * runs of spaces collapse, leading and trailing spaces go. So
 * "Tehrik-e Taliban" -> "tehrik e taliban", "Karāchi" -> "karachi",
 * "al-Shabaab" -> "al shabaab".
 */
#ifndef TACITUS_FOLD_H
#define TACITUS_FOLD_H

#include <stddef.h>
#include <stdint.h>

/* Fold src[0..len) into dst (capacity cap, always NUL-terminated when cap > 0).
 * Returns the folded length, or the length it would need when cap is too small
 * (like snprintf). Invalid UTF-8 bytes are treated as separators. Never fails. */
size_t fold_text(const char *src, size_t len, char *dst, size_t cap);

/* Fold one token (no spaces expected) quickly: the ASCII fast path lowercases
 * and drops apostrophes; non-ASCII falls back to fold_text. Same contract. */
size_t fold_token(const char *src, size_t len, char *dst, size_t cap);

/* The spelling skeleton of a folded name (fold_text output), for matching
 * romanisations of one name that differ: "Maarat al-Numan" and "Ma'arrat an
 * Nu'man", "Hamrat al-Sheikh" and "Hamrat ash Shaykh", "Shakra" and
 * "Shuqrah", "Broummana" and "Brummana". Per word: Arabic-style article words
 * (al, el, an, ash, ...) dropped when other words remain; kh -> k, gh -> g,
 * ph -> f, dh -> d, th -> t, q -> k, v -> w; y and w next to a vowel count
 * as vowels; every vowel becomes 'a'; a final h after a vowel goes; runs of
 * one letter collapse. Writes "~" and the skeleton into dst (capacity cap,
 * NUL-terminated) and returns its length; returns 0 when the name holds
 * anything but ASCII letters, digits and spaces, when the skeleton has fewer
 * than 6 letters or fewer than 3 consonants (too short to tell names apart),
 * or when dst is too small. The "~" keeps skeletons apart from folded names
 * in one table. Never fails otherwise. */
size_t fold_skeleton(const char *folded, size_t n, char *dst, size_t cap);

/* Length (1-4) of the valid UTF-8 sequence at s[0..n), or 0 when the bytes
 * there are not valid UTF-8 (overlong forms, surrogates and code points past
 * U+10FFFF are invalid). ASCII, control bytes included, is 1. */
size_t utf8_valid_seq(const unsigned char *s, size_t n);

/* 64-bit FNV-1a: its offset basis and prime. */
#define FOLD_HASH_INIT 1469598103934665603ULL
#define FOLD_HASH_PRIME 1099511628211ULL

/* 64-bit FNV-1a hash of bytes; the hash every table in tacitus uses for
 * folded keys, so the gazetteer file and the lexicon agree. */
static inline uint64_t fold_hash(const char *s, size_t n)
{
    uint64_t h = FOLD_HASH_INIT;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= FOLD_HASH_PRIME;
    }
    return h;
}

/* Continue a hash over more bytes (for hashing n-grams token by token,
 * with a single space between tokens). */
static inline uint64_t fold_hash_more(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= FOLD_HASH_PRIME;
    }
    return h;
}

#endif
