/* Dereferences a null pointer: the process must die of SIGSEGV (shell status 139). */
#include <stdio.h>

int main(void)
{
    volatile int *p = (int *)0;
    printf("about to fault\n");
    fflush(stdout);
    return *p;
}
