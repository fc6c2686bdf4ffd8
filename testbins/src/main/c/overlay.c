/*
 * The overlay file system as root: two lower layers and an upper one on a tmpfs, mounted with
 * mount(2): the merged listing, copy-up on write, truncation, chmod and link (the lower layer
 * unchanged), whiteouts and opaque directories as overlayfs writes them in the upper layer,
 * rename (EXDEV for a directory with a lower part), a read-only overlay of lower layers only,
 * and the option errors. Natively it runs in a private mount namespace of its own.
 * Usage: overlay DIR (an empty directory). Prints "native mount not permitted" where the host
 * refuses (no CAP_SYS_ADMIN).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "mount_test.h"

#define OVERLAYFS_SUPER_MAGIC 0x794c7630

static char dir[4096];

static const char *p(const char *name)
{
    return path_in(dir, name);
}

static void put(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("cannot create %s: %s\n", path, errno_name(errno));
        exit(1);
    }
    write(fd, text, strlen(text));
    close(fd);
}

static const char *get(const char *path)
{
    static char buf[4][256];
    static int n;
    char *b = buf[n++ % 4];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return errno_name(errno);
    }
    ssize_t r = read(fd, b, 255);
    b[r > 0 ? r : 0] = 0;
    close(fd);
    return b;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The directory's entries, sorted, without . and .. (layer order is not part of the ABI). */
static void list(const char *label, const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL) {
        printf("%s: %s\n", label, errno_name(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    printf("%s:", label);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static const char *kind(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        return errno_name(errno);
    }
    if (S_ISCHR(st.st_mode)) {
        return major(st.st_rdev) == 0 && minor(st.st_rdev) == 0 ? "whiteout" : "chr";
    }
    return S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : S_ISLNK(st.st_mode) ? "link" : "other";
}

static const char *opaque(const char *path)
{
    static char v[16];
    ssize_t n = getxattr(path, "trusted.overlay.opaque", v, sizeof v - 1);
    if (n < 0) {
        return errno_name(errno);
    }
    v[n] = 0;
    return v;
}

static void layers(void)
{
    mkdir(p("l1"), 0755);
    mkdir(p("l2"), 0755);
    mkdir(p("up"), 0755);
    mkdir(p("work"), 0755);
    mkdir(p("m"), 0755);
    put(p("l1/a"), "a from l1");
    put(p("l2/a"), "a from l2");
    put(p("l2/b"), "b from l2");
    mkdir(p("l1/d"), 0755);
    mkdir(p("l2/d"), 0755);
    put(p("l1/d/x"), "x");
    put(p("l2/d/y"), "y");
    mkdir(p("l2/gone"), 0755);
    put(p("l2/gone/z"), "z");
    mkdir(p("l1/low"), 0755);
    put(p("l1/low/f"), "f");
    put(p("l1/mode"), "m");
    chmod(p("l1/mode"), 0640);
    put(p("l1/trunc"), "long text");
    put(p("l1/linked"), "linked");
    symlink("a", p("l1/sym"));
    put(p("up/u"), "u");
}

static void mount_it(void)
{
    char opts[16000];
    snprintf(opts, sizeof opts, "lowerdir=%s:%s,upperdir=%s,workdir=%s", p("l1"), p("l2"), p("up"), p("work"));
    printf("mount overlay: %s\n", result_name(mount("overlay", p("m"), "overlay", 0, opts)));
    struct statfs sf;
    statfs(p("m"), &sf);
    printf("  f_type overlay %d\n", sf.f_type == OVERLAYFS_SUPER_MAGIC);
    struct stat m, d;
    stat(p("m"), &m);
    stat(p("m/d"), &d);
    printf("  directories on the overlay's device: %d\n", m.st_dev == d.st_dev);
}

static void reading(void)
{
    list("merged", p("m"));
    list("merged d", p("m/d"));
    printf("a: %s, b: %s, sym -> %s\n", get(p("m/a")), get(p("m/b")), get(p("m/sym")));
}

static void copy_up(void)
{
    int fd = open(p("m/a"), O_WRONLY | O_APPEND);
    write(fd, "+", 1);
    close(fd);
    printf("append a: merged %s, upper %s, l1 %s\n", get(p("m/a")), get(p("up/a")), get(p("l1/a")));
    fd = open(p("m/trunc"), O_WRONLY | O_TRUNC);
    close(fd);
    struct stat st;
    stat(p("up/trunc"), &st);
    printf("O_TRUNC: upper size %ld, l1 %s\n", (long) st.st_size, get(p("l1/trunc")));
    const char *r = result_name(chmod(p("m/mode"), 0600));
    printf("chmod 0600: %s", r);
    stat(p("m/mode"), &st);
    printf(", merged %o", st.st_mode & 07777);
    stat(p("up/mode"), &st);
    printf(", upper %o", st.st_mode & 07777);
    stat(p("l1/mode"), &st);
    printf(", l1 %o\n", st.st_mode & 07777);
    r = result_name(link(p("m/linked"), p("m/d/hard")));
    printf("link linked -> d/hard: %s", r);
    stat(p("m/d/hard"), &st);
    printf(", nlink %ld, upper has %s and %s\n", (long) st.st_nlink, kind(p("up/linked")), kind(p("up/d/hard")));
    printf("copied-up directory d in upper: %s, opaque %s\n", kind(p("up/d")), opaque(p("up/d")));
}

static void removing(void)
{
    const char *r = result_name(unlink(p("m/b")));
    printf("unlink b: %s", r);
    printf(", merged %s, upper %s\n", kind(p("m/b")), kind(p("up/b")));
    printf("rmdir gone (not empty): %s\n", result_name(rmdir(p("m/gone"))));
    unlink(p("m/gone/z"));
    list("gone after unlink z", p("m/gone"));
    r = result_name(rmdir(p("m/gone")));
    printf("rmdir gone: %s, upper %s\n", r, kind(p("up/gone")));
    r = result_name(mkdir(p("m/gone"), 0755));
    printf("mkdir gone again: %s, upper opaque %s\n", r, opaque(p("up/gone")));
    list("new gone", p("m/gone"));
    put(p("m/b"), "new b");
    printf("b again: %s, upper %s\n", get(p("m/b")), kind(p("up/b")));
    r = result_name(unlink(p("m/u")));
    printf("unlink u (upper only): %s, upper %s\n", r, kind(p("up/u")));
    list("merged", p("m"));
}

static void renaming(void)
{
    printf("rename low (lower dir): %s\n", result_name(rename(p("m/low"), p("m/low2"))));
    const char *r = result_name(rename(p("m/low/f"), p("m/f2")));
    printf("rename low/f -> f2: %s, merged f2 %s, upper low/f %s\n", r, get(p("m/f2")), kind(p("up/low/f")));
    mkdir(p("m/new"), 0755);
    put(p("m/new/n"), "n");
    r = result_name(rename(p("m/new"), p("m/new2")));
    printf("rename new (upper dir) -> new2: %s, n %s\n", r, get(p("m/new2/n")));
    printf("rename new2 over d (not empty): %s\n", result_name(rename(p("m/new2"), p("m/d"))));
    r = result_name(rename(p("m/new2"), p("m/low")));
    printf("rename new2 over low (empty lower dir): %s, opaque %s\n", r, opaque(p("up/low")));
    list("low", p("m/low"));
    list("merged", p("m"));
}

static void errors(void)
{
    char opts[16000];
    mkdir(p("e"), 0755);
    printf("no lowerdir: %s\n", result_name(mount("overlay", p("e"), "overlay", 0, "upperdir=/tmp")));
    snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s", p("l1"), p("up"));
    printf("upperdir without workdir: %s\n", result_name(mount("overlay", p("e"), "overlay", 0, opts)));
    snprintf(opts, sizeof opts, "lowerdir=%s", p("missing"));
    printf("missing lowerdir: %s\n", result_name(mount("overlay", p("e"), "overlay", 0, opts)));
    snprintf(opts, sizeof opts, "lowerdir=%s", p("l1/a"));
    printf("lowerdir a file: %s\n", result_name(mount("overlay", p("e"), "overlay", 0, opts)));
    snprintf(opts, sizeof opts, "lowerdir=%s,bogus=1", p("l1"));
    printf("unknown option: %s\n", result_name(mount("overlay", p("e"), "overlay", 0, opts)));
    snprintf(opts, sizeof opts, "lowerdir=%s:%s", p("l1"), p("l2"));
    const char *r = result_name(mount("overlay", p("e"), "overlay", 0, opts));
    printf("read-only overlay: %s", r);
    int fd = open(p("e/new"), O_WRONLY | O_CREAT, 0644);
    printf(", create %s", fd < 0 ? errno_name(errno) : "OK");
    printf(", write a %s", open(p("e/a"), O_WRONLY) < 0 ? errno_name(errno) : "OK");
    printf(", read a %s\n", get(p("e/a")));
    umount(p("e"));
}

int main(int argc, char **argv)
{
    int status = mount_test_start(argc, argv, dir, "overlay");
    if (status >= 0) {
        return status;
    }
    /* The layers on a tmpfs, which holds whiteouts and trusted.* xattrs natively too. */
    if (mount("none", dir, "tmpfs", 0, "mode=0755") != 0) {
        printf("mount tmpfs: %s\n", errno_name(errno));
        return 1;
    }
    layers();
    mount_it();
    reading();
    copy_up();
    removing();
    renaming();
    errors();
    printf("umount: %s\n", result_name(umount(p("m"))));
    list("upper", p("up"));
    return 0;
}
