/*
 * The CPU benchmark's work, shared by cpu_loop (with libc) and cpu_kernel (without): n rounds
 * of integer hashing, then a 96x96 integer matrix multiply seeded by the hash. No libc calls.
 */
#ifndef CPU_WORK_H
#define CPU_WORK_H
#include <stdint.h>

#define CPU_WORK_DIM 96

static uint64_t cpu_work_a[CPU_WORK_DIM][CPU_WORK_DIM], cpu_work_b[CPU_WORK_DIM][CPU_WORK_DIM],
    cpu_work_c[CPU_WORK_DIM][CPU_WORK_DIM];

/* The hash after n rounds. */
static uint64_t cpu_work_hash(long n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (long i = 0; i < n; i++) {
        h ^= (uint64_t)i;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        h = (h << 7) | (h >> 57);
    }
    return h;
}

/* The checksum of the matrix product of two matrices filled from h. */
static uint64_t cpu_work_matrix(uint64_t h)
{
    uint64_t s = h;
    for (int i = 0; i < CPU_WORK_DIM; i++)
        for (int j = 0; j < CPU_WORK_DIM; j++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            cpu_work_a[i][j] = s >> 40;
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            cpu_work_b[i][j] = s >> 40;
        }
    for (int i = 0; i < CPU_WORK_DIM; i++)
        for (int k = 0; k < CPU_WORK_DIM; k++)
            for (int j = 0; j < CPU_WORK_DIM; j++)
                cpu_work_c[i][j] += cpu_work_a[i][k] * cpu_work_b[k][j];
    uint64_t sum = h;
    for (int i = 0; i < CPU_WORK_DIM; i++)
        for (int j = 0; j < CPU_WORK_DIM; j++)
            sum = sum * 31 + cpu_work_c[i][j];
    return sum;
}
#endif
