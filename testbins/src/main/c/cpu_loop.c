/*
 * Benchmark: N rounds of integer hashing (argv[1], default 20000000) followed by a
 * 96x96 integer matrix multiply; prints a checksum that depends only on N.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DIM 96

static uint64_t a[DIM][DIM], b[DIM][DIM], c[DIM][DIM];

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000000;
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (long i = 0; i < n; i++) {
        h ^= (uint64_t)i;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        h = (h << 7) | (h >> 57);
    }
    uint64_t s = h;
    for (int i = 0; i < DIM; i++)
        for (int j = 0; j < DIM; j++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            a[i][j] = s >> 40;
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            b[i][j] = s >> 40;
        }
    for (int i = 0; i < DIM; i++)
        for (int k = 0; k < DIM; k++)
            for (int j = 0; j < DIM; j++)
                c[i][j] += a[i][k] * b[k][j];
    uint64_t sum = h;
    for (int i = 0; i < DIM; i++)
        for (int j = 0; j < DIM; j++)
            sum = sum * 31 + c[i][j];
    printf("cpu_loop n=%ld hash=%016llx matrix=%016llx\n", n,
           (unsigned long long)h, (unsigned long long)sum);
    return 0;
}
