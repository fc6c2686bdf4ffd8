/* Writes "hi\n" with write(2) and exits 0: the smallest program for strace comparisons. */
#include <unistd.h>

int main(void)
{
    write(1, "hi\n", 3);
    _exit(0);
}
