/*
 * Many malloc/realloc/free calls of varied sizes: small blocks (served from brk),
 * medium ones, and blocks over 128 KiB (served by mmap). Every block is filled with a
 * pattern derived from its slot and generation and checked before it is resized or
 * freed (every byte of the first 4 KiB, then one byte in 64). Prints counts and a checksum that depend only on the pseudo-random sequence.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512
#define ROUNDS 20000

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t pick_size(void)
{
    uint64_t r = next() % 100;
    if (r < 80) return 1 + next() % 512;             /* small: brk heap */
    if (r < 95) return 513 + next() % (64 * 1024);   /* medium */
    return 129 * 1024 + next() % (1024 * 1024);      /* large: mmap */
}

static unsigned char pattern(unsigned slot, unsigned gen, size_t i)
{
    return (unsigned char)(slot * 131 + gen * 17 + i * 7);
}

static unsigned char *blk[SLOTS];
static size_t len[SLOTS];
static unsigned gen[SLOTS];
static uint64_t checksum = 1469598103934665603ULL;
static long bad;

/* Bytes past the first 4 KiB are sampled every 64 bytes, enough to touch every page. */
static size_t step(size_t i)
{
    return i < 4096 ? 1 : 64 - (i & 63);
}

static void fill(unsigned s, size_t from)
{
    for (size_t i = from; i < len[s]; i += step(i))
        blk[s][i] = pattern(s, gen[s], i);
}

static void verify(unsigned s, size_t upto)
{
    for (size_t i = 0; i < upto; i += step(i)) {
        unsigned char v = blk[s][i];
        if (v != pattern(s, gen[s], i)) {
            bad++;
            return;
        }
        if ((i & 63) == 0)
            checksum = (checksum ^ v) * 1099511628211ULL;
    }
}

int main(void)
{
    long mallocs = 0, reallocs = 0, frees = 0, large = 0;
    size_t peak = 0, live = 0;
    for (long round = 0; round < ROUNDS; round++) {
        unsigned s = next() % SLOTS;
        uint64_t op = next() % 3;
        if (blk[s] == NULL) {
            len[s] = pick_size();
            blk[s] = malloc(len[s]);
            if (blk[s] == NULL) { printf("malloc failed\n"); return 1; }
            gen[s] = (unsigned)round;
            fill(s, 0);
            mallocs++;
            live += len[s];
            if (len[s] > 128 * 1024) large++;
        } else if (op == 0) {
            verify(s, len[s]);
            free(blk[s]);
            blk[s] = NULL;
            live -= len[s];
            frees++;
        } else {
            size_t nlen = pick_size();
            verify(s, len[s]);
            unsigned char *p = realloc(blk[s], nlen);
            if (p == NULL) { printf("realloc failed\n"); return 1; }
            blk[s] = p;
            verify(s, nlen < len[s] ? nlen : len[s]);
            live = live - len[s] + nlen;
            size_t old = len[s];
            len[s] = nlen;
            fill(s, old < nlen ? old : nlen);
            reallocs++;
            if (nlen > 128 * 1024) large++;
        }
        if (live > peak) peak = live;
    }
    for (unsigned s = 0; s < SLOTS; s++)
        if (blk[s] != NULL) {
            verify(s, len[s]);
            free(blk[s]);
            frees++;
        }
    /* calloc must hand back zeroed memory, also when it reuses freed blocks */
    long nonzero = 0;
    for (int i = 0; i < 64; i++) {
        size_t n = (i % 2) ? 200 * 1024 : 1000 + i * 37;
        unsigned char *p = calloc(1, n);
        for (size_t j = 0; j < n; j++) nonzero += p[j] != 0;
        memset(p, 0xa5, n);
        free(p);
    }
    printf("mallocs=%ld reallocs=%ld frees=%ld large=%ld peak_live=%zu\n",
           mallocs, reallocs, frees, large, peak);
    printf("corrupt_blocks=%ld calloc_nonzero=%ld checksum=%016llx\n",
           bad, nonzero, (unsigned long long)checksum);
    puts(bad == 0 && nonzero == 0 ? "mallocstress: ok" : "mallocstress: FAILED");
    return bad == 0 && nonzero == 0 ? 0 : 1;
}
