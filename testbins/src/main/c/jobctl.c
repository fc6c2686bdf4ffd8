/* Job control: SIGSTOP reported by waitpid(WUNTRACED), nothing read while stopped, SIGCONT reported by waitid(WCONTINUED), then a normal exit. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
    int p[2]; pipe(p);
    pid_t c = fork();
    if (c == 0) { close(p[1]); char b; while (read(p[0], &b, 1) == 1) { printf("child got %c\n", b); fflush(stdout); } _exit(3); }
    int st;
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED); printf("stopped=%d sig=%d\n", WIFSTOPPED(st), WSTOPSIG(st));
    write(p[1], "a", 1);
    usleep(100000);
    printf("nothing read while stopped\n"); fflush(stdout);
    kill(c, SIGCONT);
    siginfo_t si; si.si_pid = 0;
    waitid(P_PID, c, &si, WCONTINUED); printf("continued code=%d\n", si.si_code);
    usleep(100000);
    close(p[1]);
    waitpid(c, &st, 0); printf("exited=%d code=%d\n", WIFEXITED(st), WEXITSTATUS(st));
    return 0;
}
