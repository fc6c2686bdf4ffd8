/*
 * sigaltstack(2) as Linux defines it: errors, SS_ONSTACK reported while a handler runs on the
 * stack, EPERM for a change made there, SS_AUTODISARM disarming the stack during the handler
 * and rt_sigreturn arming it again from the frame, and a handler that disables the stack
 * through its ucontext's uc_stack.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

#define ALT_SIZE (64 * 1024)

static char *alt;
static int on_alt, cur_flags, change_errno, disable_via_uc;

static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    stack_t cur, other;
    char local;
    (void)sig;
    (void)si;
    on_alt = &local >= alt && &local < alt + ALT_SIZE;
    sigaltstack(NULL, &cur);
    cur_flags = cur.ss_flags;
    memset(&other, 0, sizeof other);
    other.ss_sp = malloc(ALT_SIZE);
    other.ss_size = ALT_SIZE;
    change_errno = sigaltstack(&other, NULL) == 0 ? 0 : errno;
    if (disable_via_uc) {
        uc->uc_stack.ss_flags = SS_DISABLE;
    }
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
}

static void show(const char *what)
{
    stack_t now;
    sigaltstack(NULL, &now);
    printf("%s: flags=0x%x size_ok=%d\n", what, (unsigned)now.ss_flags, now.ss_size == ALT_SIZE);
}

int main(void)
{
    stack_t ss, old;
    alt = malloc(ALT_SIZE);
    install();

    sigaltstack(NULL, &old);
    printf("initially: flags=0x%x size=%zu\n", (unsigned)old.ss_flags, old.ss_size);

    ss.ss_sp = alt;
    ss.ss_size = 1024;
    ss.ss_flags = 0;
    printf("too small: %s\n", sigaltstack(&ss, NULL) == -1 && errno == ENOMEM ? "ENOMEM" : "?");
    ss.ss_size = ALT_SIZE;
    ss.ss_flags = 5;
    printf("bad flags: %s\n", sigaltstack(&ss, NULL) == -1 && errno == EINVAL ? "EINVAL" : "?");

    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
    raise(SIGUSR1);
    printf("plain: handler on alt=%d flags in handler=0x%x change there: %s\n", on_alt, (unsigned)cur_flags,
           change_errno == EPERM ? "EPERM" : strerror(change_errno));
    show("plain, after");

    ss.ss_flags = SS_AUTODISARM;
    sigaltstack(&ss, NULL);
    raise(SIGUSR1);
    printf("autodisarm: handler on alt=%d flags in handler=0x%x change there: %s\n", on_alt,
           (unsigned)cur_flags, change_errno == 0 ? "allowed" : strerror(change_errno));
    show("autodisarm, after (armed again by sigreturn)");

    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
    disable_via_uc = 1;
    raise(SIGUSR1);
    show("handler disabled it through uc_stack");
    return 0;
}
