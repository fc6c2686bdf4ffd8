/*
 * Checks the auxiliary vector the kernel (or emulator) put on the initial stack. Prints
 * only what is the same natively and under an emulator run by the same user: facts about
 * a value ("random: ok", "entry: nonzero") rather than values that legitimately vary.
 * Exits 1 if any check fails.
 */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#ifndef AT_EXECFN
#define AT_EXECFN 31
#endif

static int failures;

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok) failures++;
}

int main(int argc, char **argv)
{
    (void)argc;
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    int nonzero = 0;
    if (rnd != NULL)
        for (int i = 0; i < 16; i++) nonzero |= rnd[i];
    check("random", rnd != NULL && nonzero);

    printf("pagesz: %lu\n", getauxval(AT_PAGESZ));
    check("pagesz matches sysconf", getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE));
    printf("phent: %lu\n", getauxval(AT_PHENT));
    check("phnum > 0", getauxval(AT_PHNUM) > 0);
    check("phdr nonzero", getauxval(AT_PHDR) != 0);
    check("entry nonzero", getauxval(AT_ENTRY) != 0);

    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("execfn: %s\n", execfn ? execfn : "(none)");
    check("execfn equals argv[0]", execfn != NULL && strcmp(execfn, argv[0]) == 0);

    const char *platform = (const char *)getauxval(AT_PLATFORM);
    printf("platform: %s\n", platform ? platform : "(none)");
    check("hwcap nonzero", getauxval(AT_HWCAP) != 0);

    printf("uid: %lu euid: %lu gid: %lu egid: %lu\n", getauxval(AT_UID), getauxval(AT_EUID),
           getauxval(AT_GID), getauxval(AT_EGID));
    check("uid matches getuid", getauxval(AT_UID) == (unsigned long)getuid());
    check("euid matches geteuid", getauxval(AT_EUID) == (unsigned long)geteuid());
    check("gid matches getgid", getauxval(AT_GID) == (unsigned long)getgid());
    check("egid matches getegid", getauxval(AT_EGID) == (unsigned long)getegid());
    printf("secure: %lu\n", getauxval(AT_SECURE));
    printf("clktck: %lu\n", getauxval(AT_CLKTCK));
    return failures == 0 ? 0 : 1;
}
