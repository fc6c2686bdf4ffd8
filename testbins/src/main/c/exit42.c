/* Exits with status 42 through exit(3), after printing one line. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    puts("exiting with 42");
    exit(42);
}
