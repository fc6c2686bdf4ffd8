/*
 * User namespaces as root (man 7 user_namespaces): unshare(CLONE_NEWUSER) leaves every id
 * unmapped (65534) until uid_map and gid_map are written, once each, by the rules of
 * kernel/user_namespace.c (bad lines EINVAL, a second write EPERM, gid_map after setgroups
 * "deny" for an unprivileged writer); a privileged parent maps a child's namespace with several
 * lines and both see the map in their own terms; stat shows unmapped owners as 65534; a new
 * mount namespace owned by the new user namespace takes a tmpfs; an unprivileged user maps its
 * own uid to 0; nesting stops at 33 levels (EUSERS); clone(CLONE_NEWUSER) and the errors
 * (CLONE_FS, threads, chroot). Every check runs in a child, so the parent stays root.
 * Usage: userns DIR (an empty directory), or userns --caps (prints whether CapEff is empty).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

static char dir[4096];

static const char *p(const char *name)
{
    return path_in(dir, name);
}

/* Writes text to a fresh open of path in one write(2); "OK" or the errno's name. */
static const char *put(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        return errno_name(errno);
    }
    ssize_t n = write(fd, text, strlen(text));
    int e = errno;
    close(fd);
    return n == (ssize_t) strlen(text) ? "OK" : errno_name(e);
}

/* The file's text with newlines shown as '|'. */
static const char *show(const char *path)
{
    static char buf[4096];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return errno_name(errno);
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    for (char *c = buf; *c; c++) {
        if (*c == '\n') {
            *c = '|';
        }
    }
    return buf;
}

/* The line of /proc/PID/status starting with key, without the key. */
static const char *status_line(const char *pid, const char *key)
{
    static char line[512];
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/status", pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, key, strlen(key)) == 0) {
            fclose(f);
            line[strcspn(line, "\n")] = 0;
            for (char *c = line; *c; c++) {
                if (*c == '\t') {
                    *c = ' ';
                }
            }
            return line + strlen(key);
        }
    }
    if (f) {
        fclose(f);
    }
    return "?";
}

/* Whether the file opens for reading: OK or the errno's name. */
static const char *readable(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return errno_name(errno);
    }
    close(fd);
    return "OK";
}

static void ids(const char *label)
{
    printf("%s: uid %u euid %u gid %u egid %u\n", label, getuid(), geteuid(), getgid(), getegid());
}

static void owner(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("stat %s: %s\n", path, errno_name(errno));
    } else {
        printf("stat owner: %u %u\n", st.st_uid, st.st_gid);
    }
}

static char ns_link[256];

/* The target of /proc/self/ns/TYPE, in a static buffer. */
static const char *ns_of(const char *type)
{
    static char link[256];
    char path[64];
    snprintf(path, sizeof path, "/proc/self/ns/%s", type);
    ssize_t n = readlink(path, link, sizeof link - 1);
    link[n < 0 ? 0 : n] = 0;
    return link;
}

static int same_user_ns(void)
{
    return strcmp(ns_of("user"), ns_link) == 0;
}

static void reap(pid_t pid, const char *what)
{
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("%s ended badly: %x\n", what, status);
    }
}

/* Root unshares and writes its own maps: the errors of map_write, then "0 0 1". */
static void own_maps(void)
{
    printf("unshare(CLONE_NEWUSER): %s\n", result_name(unshare(CLONE_NEWUSER)));
    printf("same user ns: %d\n", same_user_ns());
    ids("unmapped");
    owner(dir);
    printf("open root's 0600 file unmapped: %s\n", readable(p("secret")));
    printf("open 2000's 0600 file unmapped: %s\n", readable(p("secret2000")));
    printf("uid_map: '%s'\n", show("/proc/self/uid_map"));
    printf("setgroups: '%s'\n", show("/proc/self/setgroups"));
    static const char *bad[] = {"0 0", "x 0 1", "0 0 0", "0 0 1 junk", "0 0 1\n0 5 1", "0 0 1\n5 0 1",
        "4294967295 0 1", "1 0 4294967295", "0 0 1\n\n"};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        printf("uid_map '%s': %s\n", bad[i][0] == 'x' || i < 4 ? bad[i] : "(lines)", put("/proc/self/uid_map", bad[i]));
    }
    static char many[8192];
    char *w = many;
    for (int i = 0; i < 341; i++) {
        w += sprintf(w, "%d %d 1\n", i * 2, i * 2);
    }
    printf("uid_map 341 lines: %s\n", put("/proc/self/uid_map", many));
    *strstr(many, "680 680 1\n") = 0;
    printf("uid_map 340 lines: %s\n", put("/proc/self/uid_map", many));
    printf("uid_map '0 0 2': %s\n", put("/proc/self/uid_map", "0 0 2"));
    printf("uid_map '0 5 1': %s\n", put("/proc/self/uid_map", "0 5 1"));
    memset(many, '\n', 4096);
    memcpy(many, "0 0 1", 5);
    many[4096] = 0;
    printf("uid_map 4096 bytes: %s\n", put("/proc/self/uid_map", many));
    int fd = open("/proc/self/uid_map", O_WRONLY);
    lseek(fd, 1, SEEK_SET);
    printf("uid_map at offset 1: %s\n", write(fd, "0 0 1", 5) == 5 ? "OK" : errno_name(errno));
    lseek(fd, 0, SEEK_SET);
    printf("uid_map '0 0 1': %s\n", write(fd, "0 0 1\n", 6) == 6 ? "OK" : errno_name(errno));
    printf("write again at offset 6: %s\n", write(fd, "0 0 1\n", 6) == 6 ? "OK" : errno_name(errno));
    close(fd);
    printf("uid_map again: %s\n", put("/proc/self/uid_map", "0 0 1"));
    printf("uid_map: '%s'\n", show("/proc/self/uid_map"));
    ids("uid mapped");
    printf("gid_map before deny: %s\n", put("/proc/self/gid_map", "0 0 1"));
    printf("setgroups 'maybe': %s\n", put("/proc/self/setgroups", "maybe"));
    printf("setgroups 'deny': %s\n", put("/proc/self/setgroups", "deny"));
    printf("setgroups: '%s'\n", show("/proc/self/setgroups"));
    printf("setgroups 'allow': %s\n", put("/proc/self/setgroups", "allow"));
    printf("gid_map '0 0 1': %s\n", put("/proc/self/gid_map", "0 0 1"));
    printf("setgroups 'deny' after gid_map: %s\n", put("/proc/self/setgroups", "deny"));
    ids("mapped");
    printf("open root's 0600 file as mapped root: %s\n", readable(p("secret")));
    printf("open 2000's 0600 file as mapped root: %s\n", readable(p("secret2000")));
    gid_t g = 0;
    printf("setgroups(2) after deny: %s\n", result_name(setgroups(1, &g)));
    printf("setuid(0): %s\n", result_name(setuid(0)));
    printf("setuid(5): %s\n", result_name(setuid(5)));
    printf("chown to 5: %s\n", result_name(chown(p("owned"), 5, -1)));
    owner(p("owned"));
    owner(p("owned2000"));
    printf("Uid:%s\n", status_line("self", "Uid:"));
    printf("sethostname: %s\n", result_name(sethostname("inside", 6)));
    printf("mount in the parent's mount ns: %s\n", result_name(mount("none", dir, "tmpfs", 0, NULL)));
    char uts[256];
    snprintf(uts, sizeof uts, "%s", ns_of("uts"));
    printf("unshare(CLONE_NEWUTS): %s\n", result_name(unshare(CLONE_NEWUTS)));
    printf("ns/uts changed: %d, a uts link: %d\n", strcmp(uts, ns_of("uts")) != 0, strncmp(uts, "uts:[", 5) == 0);
    printf("sethostname in own UTS ns: %s\n", result_name(sethostname("inside", 6)));
}

/* The parent (root outside) maps a waiting child's namespace with two lines. */
static void parent_maps(void)
{
    int go[2], done[2];
    pipe(go);
    pipe(done);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        unshare(CLONE_NEWUSER);
        write(done[1], "u", 1);
        read(go[0], &c, 1);
        ids("child mapped by parent");
        printf("child sees uid_map: '%s'\n", show("/proc/self/uid_map"));
        owner(p("owned1000"));
        owner(p("owned2000"));
        printf("child sees its Uid:%s\n", status_line("self", "Uid:"));
        char ppid[16];
        snprintf(ppid, sizeof ppid, "%d", getppid());
        printf("child sees parent's Uid:%s\n", status_line(ppid, "Uid:"));
        gid_t g[2] = {1003, 1001};
        printf("setgroups(2): %s\n", result_name(setgroups(2, g)));
        gid_t got[4] = {0};
        int n = getgroups(4, got);
        printf("getgroups: %d: %u %u\n", n, got[0], got[1]);
        printf("setgroups(2) of unmapped 7000: %s\n", result_name(setgroups(1, (gid_t[]) {7000})));
        write(done[1], "d", 1);
        read(go[0], &c, 1);
        exit(0);
    }
    char c, path[64];
    read(done[0], &c, 1);
    snprintf(path, sizeof path, "/proc/%d/uid_map", pid);
    printf("parent writes uid_map: %s\n", put(path, "0 1000 10\n10 0 1\n"));
    printf("parent sees uid_map: '%s'\n", show(path));
    snprintf(path, sizeof path, "/proc/%d/gid_map", pid);
    printf("parent writes gid_map: %s\n", put(path, "0 0 1\n1000 1000 10"));
    snprintf(path, sizeof path, "%d", pid);
    printf("parent sees child's Uid:%s\n", status_line(path, "Uid:"));
    write(go[1], "g", 1);
    read(done[0], &c, 1);
    printf("parent sees child's Groups:%s\n", status_line(path, "Groups:"));
    write(go[1], "g", 1);
    reap(pid, "mapped child");
}

/* Root (kernel id 0 at every level) maps itself as 0 in a namespace it just made. */
static void map_self_as_root(void)
{
    put("/proc/self/uid_map", "0 0 1");
    put("/proc/self/setgroups", "deny");
    put("/proc/self/gid_map", "0 0 1");
}

static void nesting(void)
{
    int levels = 0;
    while (unshare(CLONE_NEWUSER) == 0) {
        levels++;
        map_self_as_root();
    }
    printf("nested namespaces: %d, then %s\n", levels, errno_name(errno));
}

static void with_mount_ns(void)
{
    printf("unshare(CLONE_NEWUSER|CLONE_NEWNS): %s\n", result_name(unshare(CLONE_NEWUSER | CLONE_NEWNS)));
    printf("mount tmpfs: %s\n", result_name(mount("none", dir, "tmpfs", 0, NULL)));
    /* Files are made only by an id the tmpfs's namespace maps (else EOVERFLOW). */
    int unmapped = open(p("unmapped"), O_WRONLY | O_CREAT, 0644);
    printf("create a file unmapped: %s\n", unmapped >= 0 ? "OK" : errno_name(errno));
    printf("mkdir unmapped: %s\n", result_name(mkdir(p("unmapped-dir"), 0755)));
    printf("symlink unmapped: %s\n", result_name(symlink("x", p("unmapped-link"))));
    printf("umount: %s\n", result_name(umount(dir)));
    map_self_as_root();
    printf("mount tmpfs: %s\n", result_name(mount("none", dir, "tmpfs", 0, NULL)));
    int fd = open(p("on-tmpfs"), O_WRONLY | O_CREAT, 0644);
    printf("file on it: %s\n", fd >= 0 ? "OK" : errno_name(errno));
    close(fd);
    printf("umount: %s\n", result_name(umount(dir)));
}

/*
 * Mounts copied into a mount namespace of a new user namespace are locked: not unmounted or
 * moved (EINVAL), their nosuid not cleared (EPERM); what is mounted there afterwards is not.
 */
static void locked_mounts(void)
{
    unshare(CLONE_NEWNS);
    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    mkdir(p("locked"), 0755);
    mkdir(p("elsewhere"), 0755);
    printf("mount nosuid tmpfs: %s\n", result_name(mount("none", p("locked"), "tmpfs", MS_NOSUID, NULL)));
    mkdir(p("locked/sub"), 0755);
    printf("unshare(CLONE_NEWUSER|CLONE_NEWNS): %s\n", result_name(unshare(CLONE_NEWUSER | CLONE_NEWNS)));
    map_self_as_root();
    printf("umount copied mount: %s\n", result_name(umount(p("locked"))));
    printf("move copied mount: %s\n", result_name(mount(p("locked"), p("elsewhere"), NULL, MS_MOVE, NULL)));
    printf("remount without nosuid: %s\n",
        result_name(mount(NULL, p("locked"), NULL, MS_REMOUNT | MS_BIND, NULL)));
    printf("remount nosuid,ro: %s\n",
        result_name(mount(NULL, p("locked"), NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_RDONLY, NULL)));
    printf("mount on top: %s\n", result_name(mount("none", p("locked/sub"), "tmpfs", 0, NULL)));
    printf("umount it: %s\n", result_name(umount(p("locked/sub"))));
}

/* A user (uid 1000 before unsharing) maps only its own uid, as 0, and is root inside. */
static void unprivileged(void)
{
    setgroups(0, NULL);
    setgid(1000);
    setuid(1000);
    /* The change of ids made the process undumpable, which gives its /proc files to root. */
    prctl(PR_SET_DUMPABLE, 1);
    printf("as 1000: unshare(CLONE_NEWNS): %s\n", result_name(unshare(CLONE_NEWNS)));
    printf("as 1000: unshare(CLONE_NEWUSER): %s\n", result_name(unshare(CLONE_NEWUSER)));
    printf("uid_map '0 1001 1': %s\n", put("/proc/self/uid_map", "0 1001 1"));
    printf("uid_map '0 1000 2': %s\n", put("/proc/self/uid_map", "0 1000 2"));
    printf("uid_map '0 1000 1': %s\n", put("/proc/self/uid_map", "0 1000 1"));
    printf("gid_map '0 1000 1' before deny: %s\n", put("/proc/self/gid_map", "0 1000 1"));
    printf("setgroups 'deny': %s\n", put("/proc/self/setgroups", "deny"));
    printf("gid_map '0 1000 1': %s\n", put("/proc/self/gid_map", "0 1000 1"));
    ids("as 1000 mapped to 0");
    printf("uid_map: '%s'\n", show("/proc/self/uid_map"));
    owner(dir);
    printf("unshare(CLONE_NEWNS): %s\n", result_name(unshare(CLONE_NEWNS)));
    printf("mount tmpfs: %s\n", result_name(mount("none", dir, "tmpfs", 0, NULL)));
    printf("umount: %s\n", result_name(umount(dir)));
    fflush(stdout);
    /* A set-user-ID file of root, whom the namespace does not map: the bit is ignored. */
    execl(p("suid"), "userns", "--caps", (char *) NULL);
    printf("exec: %s\n", errno_name(errno));
}

/* Mapped as 5 (not root inside), the program keeps no capability after execve. */
static void nonroot_exec(void)
{
    unshare(CLONE_NEWUSER);
    printf("uid_map '5 0 1': %s\n", put("/proc/self/uid_map", "5 0 1"));
    ids("mapped as 5");
    fflush(stdout);
    execl("/proc/self/exe", "userns", "--caps", (char *) NULL);
    printf("exec: %s\n", errno_name(errno));
}

static char stack[256 * 1024];

static int cloned(void *arg)
{
    (void) arg;
    printf("clone child: same user ns %d, uid %u\n", same_user_ns(), getuid());
    return 0;
}

/* Cloned into new user, mount and UTS namespaces, the child may mount and rename in them. */
static int cloned_mount(void *arg)
{
    (void) arg;
    printf("cloned with CLONE_NEWNS|CLONE_NEWUTS: mount %s", result_name(mount("none", dir, "tmpfs", 0, NULL)));
    printf(", umount %s", result_name(umount(dir)));
    printf(", sethostname %s\n", result_name(sethostname("cloned", 6)));
    return 0;
}

static void *idle(void *arg)
{
    pause();
    return arg;
}

static void errors(void)
{
    pid_t pid = clone(cloned, stack + sizeof stack, CLONE_NEWUSER | SIGCHLD, NULL);
    int e = errno;
    if (pid > 0) {
        reap(pid, "cloned child"); /* its line first */
    }
    printf("clone(CLONE_NEWUSER): %s\n", pid > 0 ? "OK" : errno_name(e));
    pid = clone(cloned_mount, stack + sizeof stack, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS | SIGCHLD, NULL);
    e = errno;
    if (pid > 0) {
        reap(pid, "cloned child");
    }
    printf("clone(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWUTS): %s\n", pid > 0 ? "OK" : errno_name(e));
    pid = clone(cloned, stack + sizeof stack, CLONE_NEWUSER | CLONE_FS | SIGCHLD, NULL);
    printf("clone(CLONE_NEWUSER|CLONE_FS): %s\n", pid > 0 ? "OK" : errno_name(errno));
    pthread_t th;
    pthread_create(&th, NULL, idle, NULL);
    printf("unshare(CLONE_NEWUSER) with two threads: %s\n", result_name(unshare(CLONE_NEWUSER)));
}

static void chrooted(void)
{
    printf("chroot: %s\n", result_name(chroot(dir)));
    printf("chrooted unshare(CLONE_NEWUSER): %s\n", result_name(unshare(CLONE_NEWUSER)));
}

static void copy_self(const char *to)
{
    static char buf[1 << 16];
    int in = open("/proc/self/exe", O_RDONLY);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        write(out, buf, n);
    }
    close(in);
    close(out);
}

static void in_child(void (*f)(void), const char *what)
{
    pid_t pid = fork();
    if (pid == 0) {
        f();
        exit(0);
    }
    reap(pid, what);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 2 && strcmp(argv[1], "--caps") == 0) {
        const char *eff = status_line("self", "CapEff:");
        printf("after exec: euid %u, CapEff empty %d\n", geteuid(), strspn(eff, " 0") == strlen(eff));
        return 0;
    }
    if (argc != 2 || realpath(argv[1], dir) == NULL) {
        fprintf(stderr, "usage: userns DIR\n");
        return 2;
    }
    if (geteuid() != 0) {
        printf("needs root\n");
        return 1;
    }
    ssize_t n = readlink("/proc/self/ns/user", ns_link, sizeof ns_link - 1);
    ns_link[n < 0 ? 0 : n] = 0;
    close(open(p("owned"), O_WRONLY | O_CREAT, 0644));
    close(open(p("owned1000"), O_WRONLY | O_CREAT, 0644));
    close(open(p("owned2000"), O_WRONLY | O_CREAT, 0644));
    chown(p("owned1000"), 1000, 1000);
    chown(p("owned2000"), 2000, 2000);
    close(open(p("secret"), O_WRONLY | O_CREAT, 0600));
    close(open(p("secret2000"), O_WRONLY | O_CREAT, 0600));
    chown(p("secret2000"), 2000, 2000);
    copy_self(p("suid"));
    chmod(p("suid"), 04755);
    in_child(own_maps, "own maps");
    in_child(parent_maps, "parent maps");
    in_child(nesting, "nesting");
    in_child(with_mount_ns, "mount ns");
    in_child(locked_mounts, "locked mounts");
    in_child(unprivileged, "unprivileged");
    in_child(nonroot_exec, "non-root exec");
    in_child(errors, "errors");
    in_child(chrooted, "chrooted");
    printf("userns: done\n");
    return 0;
}
