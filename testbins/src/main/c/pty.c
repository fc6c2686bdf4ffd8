/* Pseudo-terminals: posix_openpt/grantpt/unlockpt/ptsname, the locked slave, the default
 * termios, canonical editing and echo (erase, kill, EOF, ECHOCTL), output processing, raw mode
 * with VMIN/VTIME, the window size and SIGWINCH, a session leader taking the terminal
 * (TIOCSCTTY), ^C killing the foreground group, SIGTTIN/SIGTTOU for a background group, the
 * master's EIO after the slave closed and the slave's hangup when the master closes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, const char *s, int n) {
    printf("%s \"", what);
    for (int i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '\r') printf("\\r");
        else if (c == '\n') printf("\\n");
        else if (c == '\b') printf("\\b");
        else if (c < 32 || c >= 127) printf("\\x%02x", c);
        else putchar(c);
    }
    printf("\"\n");
}

/* Reads the master until marker appeared (or 5 s passed) and shows what came. */
static void drain(int m, const char *what, const char *marker) {
    char buf[4096]; int n = 0;
    while (n < (int) sizeof buf - 1) {
        struct pollfd p = {m, POLLIN, 0};
        if (poll(&p, 1, 5000) <= 0) break;
        int r = read(m, buf + n, sizeof buf - 1 - n);
        if (r <= 0) break;
        n += r; buf[n] = 0;
        if (marker && strstr(buf, marker)) break;
        if (!marker) break;
    }
    show(what, buf, n);
}

static void slave_read(int s, const char *what) {
    char buf[256];
    int r = read(s, buf, sizeof buf);
    if (r < 0) printf("%s: %s\n", what, strerror(errno));
    else show(what, buf, r);
}

/* What the master can read after a moment (Linux passes pty output on through a work queue). */
static void peek_master(int m, const char *what)
{
    char buf[256];
    usleep(50000);
    int fl = fcntl(m, F_GETFL);
    fcntl(m, F_SETFL, fl | O_NONBLOCK);
    int r = read(m, buf, sizeof buf);
    fcntl(m, F_SETFL, fl);
    if (r < 0) {
        printf("%s: %s\n", what, errno == EAGAIN ? "EAGAIN" : strerror(errno));
    } else {
        show(what, buf, r);
    }
}

/* Output flow control: VSTOP/VSTART with IXON, IXANY, tcflow, and IXON turned off. */
static void flow_control(int m, int s)
{
    struct termios t;
    tcgetattr(s, &t);
    t.c_lflag |= ICANON | ECHO;
    t.c_oflag &= ~OPOST;
    t.c_iflag |= IXON;
    t.c_iflag &= ~IXANY;
    tcsetattr(s, TCSAFLUSH, &t);
    peek_master(m, "flow: before");
    write(m, "\023", 1);
    usleep(50000);
    int fl = fcntl(s, F_GETFL);
    fcntl(s, F_SETFL, fl | O_NONBLOCK);
    int r = write(s, "held", 4);
    printf("flow: write while stopped: %s\n", r < 0 ? (errno == EAGAIN ? "EAGAIN" : strerror(errno)) : "written");
    struct pollfd p = {s, POLLOUT, 0};
    printf("flow: POLLOUT while stopped: %d\n", poll(&p, 1, 0));
    write(m, "ab", 2);
    usleep(50000);
    peek_master(m, "flow: echo while stopped");
    write(m, "\021", 1);
    usleep(50000);
    peek_master(m, "flow: after VSTART");
    r = write(s, "go", 2);
    printf("flow: write after VSTART: %d\n", r);
    peek_master(m, "flow: output");
    /* IXANY: any character restarts output and is taken as input. */
    t.c_iflag |= IXANY;
    tcsetattr(s, TCSANOW, &t);
    write(m, "\023", 1);
    write(m, "c", 1);
    usleep(50000);
    r = write(s, "any", 3);
    printf("flow: IXANY restarted: %d\n", r);
    peek_master(m, "flow: output");
    /* tcflow: TCOOFF is not undone by IXANY, TCOON undoes it; TCIOFF sends VSTOP. */
    tcflow(s, TCOOFF);
    write(m, "d", 1);
    usleep(50000);
    r = write(s, "x", 1);
    printf("flow: after TCOOFF and a key: %s\n", r < 0 ? (errno == EAGAIN ? "EAGAIN" : strerror(errno)) : "written");
    tcflow(s, TCOON);
    r = write(s, "y", 1);
    printf("flow: after TCOON: %d\n", r);
    peek_master(m, "flow: output");
    tcflow(s, TCIOFF);
    peek_master(m, "flow: TCIOFF sends");
    /* Turning IXON off starts stopped output. */
    write(m, "\023", 1);
    usleep(50000);
    t.c_iflag &= ~(IXON | IXANY);
    tcsetattr(s, TCSANOW, &t);
    r = write(s, "on", 2);
    printf("flow: IXON off restarts: %d\n", r);
    peek_master(m, "flow: output");
    fcntl(s, F_SETFL, fl);
    tcflush(s, TCIOFLUSH);
}

static long millis(void) {
    struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

static volatile sig_atomic_t winched, hupped;
static void on_winch(int sig) { (void) sig; winched = 1; }
static void on_hup(int sig) { (void) sig; hupped = 1; }

static int open_master(char *name, size_t size) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) != 0) { perror("posix_openpt"); exit(1); }
    snprintf(name, size, "%s", ptsname(m));
    return m;
}

/* The child in its own session: takes the terminal, reads lines, gets SIGWINCH, watches a
 * background child stop on SIGTTIN and SIGTTOU, then sleeps until ^C ends it. */
static void session_child(const char *name, int ready) {
    char buf[256];
    setsid();
    int s = open(name, O_RDWR | O_NOCTTY);
    struct sigaction sa = {0};
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, NULL);
    int r = ioctl(s, TIOCSCTTY, 0);
    dprintf(s, "sctty %d pgrp-is-me %d sid-is-me %d\n", r, tcgetpgrp(s) == getpid(), tcgetsid(s) == getpid());
    int n = read(s, buf, sizeof buf);
    dprintf(s, "child read %d: %.*s", n, n, buf);
    write(ready, "w", 1);
    while (!winched) usleep(1000);
    struct winsize w; ioctl(s, TIOCGWINSZ, &w);
    dprintf(s, "winch %dx%d\n", w.ws_row, w.ws_col);
    /* A background group reading, then writing with TOSTOP, is stopped. */
    for (int i = 0; i < 2; i++) {
        if (i == 1) { struct termios t; tcgetattr(s, &t); t.c_lflag |= TOSTOP; tcsetattr(s, TCSANOW, &t); }
        pid_t bg = fork();
        if (bg == 0) {
            setpgid(0, 0);
            if (i == 0) read(s, buf, 1); else write(s, "x\n", 2);
            _exit(9);
        }
        setpgid(bg, bg);
        int st;
        waitpid(bg, &st, WUNTRACED);
        dprintf(s, "background %s: stopped %d by %s\n", i == 0 ? "read" : "write", WIFSTOPPED(st),
                WSTOPSIG(st) == SIGTTIN ? "SIGTTIN" : WSTOPSIG(st) == SIGTTOU ? "SIGTTOU" : "?");
        kill(bg, SIGKILL);
        waitpid(bg, &st, 0);
    }
    /* With SIGTTOU ignored, a background write goes through. */
    dprintf(s, "sleeping\n");
    write(ready, "s", 1);
    for (;;) pause();
}

static void hangup_child(const char *name, int ready) {
    setsid();
    struct sigaction sa = {0};
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    int s = open(name, O_RDWR); /* a session leader without a terminal takes it at open */
    write(ready, tcgetsid(s) == getpid() ? "y" : "n", 1);
    while (!hupped) usleep(1000);
    char b;
    int r = read(s, &b, 1);
    int w = write(s, "x", 1);
    int e = errno;
    int t = open("/dev/tty", O_RDWR);
    dprintf(ready, "hup read %d write %d %s /dev/tty %s\n", r, w, strerror(e), t < 0 ? strerror(errno) : "open");
    _exit(0);
}

int main(void) {
    char name[64];
    setvbuf(stdout, NULL, _IOLBF, 0);
    int m = open_master(name, sizeof name);
    unsigned int ptn = 99;
    ioctl(m, TIOCGPTN, &ptn);
    char expect[64]; snprintf(expect, sizeof expect, "/dev/pts/%u", ptn);
    printf("ptsname matches TIOCGPTN: %d\n", strcmp(name, expect) == 0);
    int s = open(name, O_RDWR | O_NOCTTY);
    printf("open while locked: %s\n", s < 0 ? strerror(errno) : "opened");
    unlockpt(m);
    struct stat st;
    stat(name, &st);
    printf("slave: chr %d major>=136 %d mine %d rw-for-owner %d\n", S_ISCHR(st.st_mode), major(st.st_rdev) >= 136,
           st.st_uid == getuid(), (st.st_mode & 0600) == 0600);
    s = open(name, O_RDWR | O_NOCTTY);
    struct termios t;
    tcgetattr(s, &t);
    printf("termios iflag %o oflag %o cflag %o lflag %o intr %d erase %d kill %d eof %d min %d time %d\n",
           t.c_iflag, t.c_oflag, t.c_cflag & ~CBAUD, t.c_lflag, t.c_cc[VINTR], t.c_cc[VERASE], t.c_cc[VKILL],
           t.c_cc[VEOF], t.c_cc[VMIN], t.c_cc[VTIME]);
    printf("isatty slave %d master %d\n", isatty(s), isatty(m));

    /* Canonical mode: lines, editing, echo. */
    write(m, "hello\n", 6);
    slave_read(s, "line");
    drain(m, "echo", "\n");
    write(m, "abx\177c\r", 6);
    slave_read(s, "erase");
    drain(m, "echo", "\n");
    write(m, "junk\025ok\n", 8);
    slave_read(s, "kill");
    drain(m, "echo", "\n");
    write(m, "\001\n", 2);
    slave_read(s, "ctl");
    drain(m, "echo", "\n");
    write(m, "partial\004", 8);
    slave_read(s, "eof-ended");
    write(m, "\004", 1);
    slave_read(s, "eof");
    int q = -1;
    write(m, "one\ntwo\npart", 12);
    usleep(50000);
    ioctl(s, FIONREAD, &q);
    printf("FIONREAD canonical %d\n", q);
    tcflush(s, TCIFLUSH);
    ioctl(s, FIONREAD, &q);
    printf("FIONREAD after flush %d\n", q);
    drain(m, "echo", "two\r\npart");
    write(s, "out\nput\n", 8);
    drain(m, "output", "put\r\n");

    /* Raw mode. */
    cfmakeraw(&t);
    t.c_cc[VMIN] = 0; t.c_cc[VTIME] = 0;
    tcsetattr(s, TCSANOW, &t);
    slave_read(s, "raw empty");
    write(m, "xyz\r", 4);
    usleep(50000);
    slave_read(s, "raw");
    fcntl(m, F_SETFL, O_NONBLOCK);
    char b[16];
    int r = read(m, b, sizeof b);
    printf("no echo in raw mode: %s\n", r < 0 && errno == EAGAIN ? "EAGAIN" : "data");
    fcntl(m, F_SETFL, 0);
    write(s, "a\nb", 3);
    drain(m, "raw output", NULL);
    t.c_cc[VMIN] = 2; t.c_cc[VTIME] = 0;
    tcsetattr(s, TCSANOW, &t);
    write(m, "1", 1);
    usleep(50000);
    struct pollfd p = {s, POLLIN, 0};
    printf("MIN 2, one byte: poll %d\n", poll(&p, 1, 0));
    write(m, "2", 1);
    printf("MIN 2, two bytes: poll %d\n", poll(&p, 1, 1000));
    slave_read(s, "min");
    t.c_cc[VMIN] = 0; t.c_cc[VTIME] = 2;
    tcsetattr(s, TCSANOW, &t);
    long t0 = millis();
    r = read(s, b, sizeof b);
    long took = millis() - t0;
    printf("TIME 2: read %d after >=150ms %d\n", r, took >= 150 && took < 2000);

    flow_control(m, s);

    /* The slave closed: the master reads what is left, then EIO, and polls POLLHUP. */
    close(s);
    p.fd = m; p.events = POLLIN; p.revents = 0;
    poll(&p, 1, 0);
    printf("master poll after slave close: hup %d\n", (p.revents & POLLHUP) != 0);
    r = read(m, b, sizeof b);
    printf("master read after slave close: %s\n", r < 0 ? strerror(errno) : "data");

    /* A session on the terminal: ^C ends the foreground process. */
    s = open(name, O_RDWR | O_NOCTTY);
    tcgetattr(s, &t);
    t.c_lflag |= ICANON | ECHO | ISIG | ECHOCTL; t.c_oflag |= OPOST | ONLCR; t.c_iflag |= ICRNL;
    tcsetattr(s, TCSANOW, &t);
    int sync[2]; pipe(sync);
    pid_t c = fork();
    if (c == 0) { close(m); close(s); close(sync[0]); session_child(name, sync[1]); }
    close(sync[1]);
    drain(m, "child", "sid-is-me 1\r\n");
    write(m, "hello child\n", 12);
    read(sync[0], b, 1);
    /* Not just "child\r\n": the echo ends so too, and Linux passes pty output on through a
     * work queue, so the child's line may come a moment after the echo. */
    drain(m, "child", "read 12: hello child\r\n");
    struct winsize w = {30, 100, 0, 0};
    ioctl(m, TIOCSWINSZ, &w);
    read(sync[0], b, 1);
    drain(m, "child", "sleeping\r\n");
    printf("master sees pgrp of child %d\n", tcgetpgrp(m) == c);
    write(m, "\003", 1);
    int status;
    waitpid(c, &status, 0);
    printf("child killed by SIGINT %d\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
    drain(m, "after ^C", "^C");
    close(s);
    close(m);
    printf("node gone after master close: %d\n", access(name, F_OK) != 0 && errno == ENOENT);

    /* Hangup: closing the master sends SIGHUP to the session leader; its slave reads 0. */
    m = open_master(name, sizeof name);
    unlockpt(m);
    int hp[2]; pipe(hp);
    c = fork();
    if (c == 0) { close(m); close(hp[0]); hangup_child(name, hp[1]); }
    close(hp[1]);
    read(hp[0], b, 1);
    printf("hangup child took the terminal at open: %c\n", b[0]);
    close(m);
    r = read(hp[0], b, sizeof b - 1);
    char line[256]; int n = 0;
    while (r > 0) { memcpy(line + n, b, r); n += r; r = read(hp[0], b, sizeof b - 1); }
    printf("%.*s", n, line);
    waitpid(c, &status, 0);
    printf("done\n");
    return 0;
}
