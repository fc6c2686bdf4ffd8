/*
 * Benchmark: N rounds of integer hashing (argv[1], default 20000000) followed by a
 * 96x96 integer matrix multiply; prints a checksum that depends only on N.
 */
#include "cpu_work.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000000;
    uint64_t h = cpu_work_hash(n);
    uint64_t sum = cpu_work_matrix(h);
    printf("cpu_loop n=%ld hash=%016llx matrix=%016llx\n", n,
           (unsigned long long)h, (unsigned long long)sum);
    return 0;
}
