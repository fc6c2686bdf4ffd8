/*
 * Prints the Linux ABI facts that linux-abi encodes: constants, struct sizes and field offsets,
 * taken from the kernel's uapi headers (glibc only for R_OK..., DT_* and struct dirent64).
 *
 * Build and run (the output is checked in as src/test/resources/dev/zlx/abi/abi-<arch>.txt):
 *   gcc -O0 -o /tmp/abi_facts abi_facts.c && /tmp/abi_facts > abi-x86_64.txt
 *   aarch64-linux-gnu-gcc -static -O0 -o /tmp/abi_facts_a64 abi_facts.c \
 *       && qemu-aarch64 /tmp/abi_facts_a64 > abi-aarch64.txt
 * Output lines: "const NAME VALUE", "size STRUCT N", "offset STRUCT.FIELD N".
 */
#define _GNU_SOURCE
/* Kernel headers first: linux/stat.h hides S_IF* once glibc's features.h has been seen. */
#include <asm/fcntl.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <asm/mman.h>
#include <linux/mman.h>
#include <asm/stat.h>
#include <linux/stat.h>
#include <asm/termios.h>
#include <linux/tty.h>
#include <linux/time.h>
#include <linux/resource.h>
#include <asm/signal.h>
#include <linux/prctl.h>
#include <linux/random.h>
#include <linux/futex.h>
#include <linux/utsname.h>
#include <linux/sysinfo.h>
#include <linux/uio.h>
#include <linux/eventpoll.h>
#ifdef __x86_64__
#include <asm/prctl.h>
#endif
/* glibc, for what the uapi headers do not export. */
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/eventfd.h>

#define C(x) printf("const %s %lld\n", #x, (long long) (x))
#define U(x) printf("const %s %llu\n", #x, (unsigned long long) (x))
#define SZ(t) printf("size %s %zu\n", #t, sizeof(struct t))
#define OFF(t, f) printf("offset %s.%s %zu\n", #t, #f, offsetof(struct t, f))

int main(void) {
    /* Fcntl: open flags, fcntl commands, *at flags, access and seek. */
    C(O_ACCMODE); C(O_RDONLY); C(O_WRONLY); C(O_RDWR); C(O_CREAT); C(O_EXCL); C(O_NOCTTY);
    C(O_TRUNC); C(O_APPEND); C(O_NONBLOCK); C(O_NDELAY); C(O_DSYNC); C(FASYNC); C(O_DIRECT);
    C(O_LARGEFILE); C(O_DIRECTORY); C(O_NOFOLLOW); C(O_NOATIME); C(O_CLOEXEC); C(__O_SYNC);
    C(O_SYNC); C(O_PATH); C(__O_TMPFILE); C(O_TMPFILE);
    C(F_DUPFD); C(F_GETFD); C(F_SETFD); C(F_GETFL); C(F_SETFL); C(F_GETLK); C(F_SETLK);
    C(F_SETLKW); C(F_SETOWN); C(F_GETOWN); C(F_SETSIG); C(F_GETSIG); C(F_SETOWN_EX);
    C(F_GETOWN_EX); C(F_OWNER_TID); C(F_OWNER_PID); C(F_OWNER_PGRP);
    printf("const F_OWNER_EX_SIZE %zu\n", sizeof(struct f_owner_ex)); C(F_OFD_GETLK); C(F_OFD_SETLK); C(F_OFD_SETLKW); C(F_SETLEASE);
    C(F_GETLEASE); C(F_NOTIFY); C(F_DUPFD_CLOEXEC); C(F_SETPIPE_SZ); C(F_GETPIPE_SZ);
    C(F_ADD_SEALS); C(F_GET_SEALS); C(F_SEAL_SEAL); C(F_SEAL_SHRINK); C(F_SEAL_GROW);
    C(F_SEAL_WRITE); C(F_SEAL_FUTURE_WRITE); C(F_RDLCK); C(F_WRLCK); C(F_UNLCK); C(FD_CLOEXEC);
    C(AT_FDCWD); C(AT_SYMLINK_NOFOLLOW); C(AT_EACCESS); C(AT_REMOVEDIR); C(AT_SYMLINK_FOLLOW);
    C(AT_NO_AUTOMOUNT); C(AT_EMPTY_PATH); C(AT_STATX_SYNC_TYPE); C(AT_STATX_SYNC_AS_STAT);
    C(AT_STATX_FORCE_SYNC); C(AT_STATX_DONT_SYNC); C(AT_RECURSIVE);
    C(R_OK); C(W_OK); C(X_OK); C(F_OK);
    C(SEEK_SET); C(SEEK_CUR); C(SEEK_END); C(SEEK_DATA); C(SEEK_HOLE);
    /* Renameat. */
    C(RENAME_NOREPLACE); C(RENAME_EXCHANGE); C(RENAME_WHITEOUT);
    /* Mman. */
    C(PROT_NONE); C(PROT_READ); C(PROT_WRITE); C(PROT_EXEC); C(PROT_GROWSDOWN); C(PROT_GROWSUP);
    C(MAP_SHARED); C(MAP_PRIVATE); C(MAP_SHARED_VALIDATE); C(MAP_TYPE); C(MAP_FIXED);
    C(MAP_ANONYMOUS); C(MAP_GROWSDOWN); C(MAP_DENYWRITE); C(MAP_EXECUTABLE); C(MAP_LOCKED);
    C(MAP_NORESERVE); C(MAP_POPULATE); C(MAP_NONBLOCK); C(MAP_STACK); C(MAP_HUGETLB);
    C(MAP_SYNC); C(MAP_FIXED_NOREPLACE); C(MAP_UNINITIALIZED);
    C(MREMAP_MAYMOVE); C(MREMAP_FIXED); C(MREMAP_DONTUNMAP);
    C(MADV_NORMAL); C(MADV_RANDOM); C(MADV_SEQUENTIAL); C(MADV_WILLNEED); C(MADV_DONTNEED);
    C(MADV_FREE); C(MADV_REMOVE); C(MADV_DONTFORK); C(MADV_DOFORK); C(MADV_MERGEABLE);
    C(MADV_UNMERGEABLE); C(MADV_HUGEPAGE); C(MADV_NOHUGEPAGE); C(MADV_DONTDUMP); C(MADV_DODUMP);
    C(MADV_WIPEONFORK); C(MADV_KEEPONFORK); C(MADV_COLD); C(MADV_PAGEOUT); C(MADV_POPULATE_READ);
    C(MADV_POPULATE_WRITE); C(MADV_DONTNEED_LOCKED); C(MADV_COLLAPSE); C(MADV_HWPOISON);
    C(MADV_SOFT_OFFLINE);
    C(MS_ASYNC); C(MS_INVALIDATE); C(MS_SYNC); C(MCL_CURRENT); C(MCL_FUTURE); C(MCL_ONFAULT);
    C(MLOCK_ONFAULT);
    /* StatMode and Statx. */
    C(S_IFMT); C(S_IFSOCK); C(S_IFLNK); C(S_IFREG); C(S_IFBLK); C(S_IFDIR); C(S_IFCHR);
    C(S_IFIFO); C(S_ISUID); C(S_ISGID); C(S_ISVTX); C(S_IRWXU); C(S_IRUSR); C(S_IWUSR);
    C(S_IXUSR); C(S_IRWXG); C(S_IRGRP); C(S_IWGRP); C(S_IXGRP); C(S_IRWXO); C(S_IROTH);
    C(S_IWOTH); C(S_IXOTH);
    C(DT_UNKNOWN); C(DT_FIFO); C(DT_CHR); C(DT_DIR); C(DT_BLK); C(DT_REG); C(DT_LNK);
    C(DT_SOCK); C(DT_WHT);
    C(STATX_TYPE); C(STATX_MODE); C(STATX_NLINK); C(STATX_UID); C(STATX_GID); C(STATX_ATIME);
    C(STATX_MTIME); C(STATX_CTIME); C(STATX_INO); C(STATX_SIZE); C(STATX_BLOCKS);
    C(STATX_BASIC_STATS); C(STATX_BTIME); C(STATX_ALL); C(STATX_MNT_ID); C(STATX_DIOALIGN);
    C(STATX_ATTR_COMPRESSED); C(STATX_ATTR_IMMUTABLE); C(STATX_ATTR_APPEND);
    C(STATX_ATTR_NODUMP); C(STATX_ATTR_ENCRYPTED); C(STATX_ATTR_AUTOMOUNT);
    C(STATX_ATTR_MOUNT_ROOT); C(STATX_ATTR_VERITY); C(STATX_ATTR_DAX);
    /* Ioctls. */
    C(TCGETS); C(TCSETS); C(TCSETSW); C(TCSETSF); C(TCFLSH); C(TIOCSCTTY); C(TIOCGPGRP);
    C(TIOCSPGRP); C(TIOCOUTQ); C(TIOCGWINSZ); C(TIOCSWINSZ); C(FIONREAD); C(TIOCNOTTY);
    C(FIONBIO); C(TIOCGSID); C(TIOCGPTN); C(TIOCSPTLCK); C(TIOCGPTPEER); C(FIONCLEX); C(FIOCLEX); C(FIOASYNC);
    C(TCSBRK); C(TCXONC); C(TIOCEXCL); C(TIOCNXCL); C(TIOCSTI); C(TIOCSETD); C(TIOCGETD); C(TCSBRKP);
    C(TCGETS2); C(TCSETS2); C(TCSETSW2); C(TCSETSF2); C(TIOCGPTLCK);
    C(VINTR); C(VQUIT); C(VERASE); C(VKILL); C(VEOF); C(VTIME); C(VMIN); C(VSWTC); C(VSTART); C(VSTOP);
    C(VSUSP); C(VEOL); C(VREPRINT); C(VDISCARD); C(VWERASE); C(VLNEXT); C(VEOL2);
    C(IGNBRK); C(BRKINT); C(PARMRK); C(ISTRIP); C(INLCR); C(IGNCR); C(ICRNL); C(IUCLC); C(IXON); C(IXANY);
    C(IXOFF); C(IMAXBEL); C(IUTF8); C(OPOST); C(OLCUC); C(ONLCR); C(OCRNL); C(ONOCR); C(ONLRET);
    C(B38400); C(CSIZE); C(CS8); C(CREAD); C(PARENB); C(HUPCL);
    C(ISIG); C(ICANON); C(ECHO); C(ECHOE); C(ECHOK); C(ECHONL); C(NOFLSH); C(TOSTOP); C(ECHOCTL);
    C(ECHOPRT); C(ECHOKE); C(IEXTEN); C(TCIFLUSH); C(TCOFLUSH); C(TCIOFLUSH); C(TCOOFF); C(TCOON);
    C(TCIOFF); C(TCION); C(N_TTY);
    C(NCCS);
    /* Clocks. */
    C(CLOCK_REALTIME); C(CLOCK_MONOTONIC); C(CLOCK_PROCESS_CPUTIME_ID); C(CLOCK_THREAD_CPUTIME_ID);
    C(CLOCK_MONOTONIC_RAW); C(CLOCK_REALTIME_COARSE); C(CLOCK_MONOTONIC_COARSE);
    C(CLOCK_BOOTTIME); C(CLOCK_REALTIME_ALARM); C(CLOCK_BOOTTIME_ALARM); C(CLOCK_TAI);
    C(TIMER_ABSTIME);
    C(ITIMER_REAL); C(ITIMER_VIRTUAL); C(ITIMER_PROF);
    /* Resource. */
    C(RLIMIT_CPU); C(RLIMIT_FSIZE); C(RLIMIT_DATA); C(RLIMIT_STACK); C(RLIMIT_CORE);
    C(RLIMIT_RSS); C(RLIMIT_NPROC); C(RLIMIT_NOFILE); C(RLIMIT_MEMLOCK); C(RLIMIT_AS);
    C(RLIMIT_LOCKS); C(RLIMIT_SIGPENDING); C(RLIMIT_MSGQUEUE); C(RLIMIT_NICE); C(RLIMIT_RTPRIO);
    C(RLIMIT_RTTIME); C(RLIM_NLIMITS); C(RLIM_INFINITY);
    C(PRIO_MIN); C(PRIO_MAX); C(PRIO_PROCESS); C(PRIO_PGRP); C(PRIO_USER);
    /* Signals. */
    C(SIGHUP); C(SIGINT); C(SIGQUIT); C(SIGILL); C(SIGTRAP); C(SIGABRT); C(SIGIOT); C(SIGBUS);
    C(SIGFPE); C(SIGKILL); C(SIGUSR1); C(SIGSEGV); C(SIGUSR2); C(SIGPIPE); C(SIGALRM);
    C(SIGTERM); C(SIGSTKFLT); C(SIGCHLD); C(SIGCONT); C(SIGSTOP); C(SIGTSTP); C(SIGTTIN);
    C(SIGTTOU); C(SIGURG); C(SIGXCPU); C(SIGXFSZ); C(SIGVTALRM); C(SIGPROF); C(SIGWINCH);
    C(SIGIO); C(SIGPOLL); C(SIGPWR); C(SIGSYS); C(SIGRTMIN);
    C(SA_NOCLDSTOP); C(SA_NOCLDWAIT); C(SA_SIGINFO); C(SA_UNSUPPORTED); C(SA_EXPOSE_TAGBITS);
    C(SA_RESTORER); C(SA_ONSTACK); C(SA_RESTART); C(SA_NODEFER); U(SA_RESETHAND);
    C(SIG_BLOCK); C(SIG_UNBLOCK); C(SIG_SETMASK); C(SIG_DFL); C(SIG_IGN);
    C(MINSIGSTKSZ); C(SIGSTKSZ);
    /* Prctl. */
    C(PR_SET_PDEATHSIG); C(PR_GET_PDEATHSIG); C(PR_GET_DUMPABLE); C(PR_SET_DUMPABLE);
    C(PR_SET_NAME); C(PR_GET_NAME); C(PR_GET_SECCOMP); C(PR_SET_SECCOMP); C(PR_CAPBSET_READ);
    C(PR_CAPBSET_DROP); C(PR_SET_CHILD_SUBREAPER); C(PR_GET_CHILD_SUBREAPER);
    C(PR_SET_NO_NEW_PRIVS); C(PR_GET_NO_NEW_PRIVS); C(PR_GET_TID_ADDRESS); C(PR_SET_MM);
    C(PR_CAP_AMBIENT); C(PR_SET_VMA); C(PR_SET_TIMERSLACK); C(PR_GET_TIMERSLACK);
#ifdef __x86_64__
    C(ARCH_SET_GS); C(ARCH_SET_FS); C(ARCH_GET_FS); C(ARCH_GET_GS); C(ARCH_GET_CPUID);
    C(ARCH_SET_CPUID);
#endif
    /* Random. */
    C(GRND_NONBLOCK); C(GRND_RANDOM); C(GRND_INSECURE);
    /* Futex. */
    C(FUTEX_WAIT); C(FUTEX_WAKE); C(FUTEX_FD); C(FUTEX_REQUEUE); C(FUTEX_CMP_REQUEUE);
    C(FUTEX_WAKE_OP); C(FUTEX_LOCK_PI); C(FUTEX_UNLOCK_PI); C(FUTEX_TRYLOCK_PI);
    C(FUTEX_WAIT_BITSET); C(FUTEX_WAKE_BITSET); C(FUTEX_WAIT_REQUEUE_PI);
    C(FUTEX_CMP_REQUEUE_PI); C(FUTEX_LOCK_PI2); C(FUTEX_PRIVATE_FLAG); C(FUTEX_CLOCK_REALTIME);
    C(FUTEX_CMD_MASK); U(FUTEX_BITSET_MATCH_ANY); C(FUTEX_WAITERS); C(FUTEX_OWNER_DIED);
    C(FUTEX_TID_MASK);
    /* Epoll and Eventfd. */
    C(EPOLLIN); C(EPOLLPRI); C(EPOLLOUT); C(EPOLLERR); C(EPOLLHUP); C(EPOLLNVAL); C(EPOLLRDNORM);
    C(EPOLLRDBAND); C(EPOLLWRNORM); C(EPOLLWRBAND); C(EPOLLMSG); C(EPOLLRDHUP); C(EPOLLEXCLUSIVE);
    C(EPOLLWAKEUP); C(EPOLLONESHOT); C(EPOLLET); C(EPOLL_CTL_ADD); C(EPOLL_CTL_DEL);
    C(EPOLL_CTL_MOD); C(EPOLL_CLOEXEC);
    C(EFD_SEMAPHORE); C(EFD_CLOEXEC); C(EFD_NONBLOCK);
    /* Utsname. */
    C(__NEW_UTS_LEN);

    /* Structs. */
    SZ(stat); OFF(stat, st_dev); OFF(stat, st_ino); OFF(stat, st_mode); OFF(stat, st_nlink);
    OFF(stat, st_uid); OFF(stat, st_gid); OFF(stat, st_rdev); OFF(stat, st_size);
    OFF(stat, st_blksize); OFF(stat, st_blocks); OFF(stat, st_atime); OFF(stat, st_atime_nsec);
    OFF(stat, st_mtime); OFF(stat, st_mtime_nsec); OFF(stat, st_ctime); OFF(stat, st_ctime_nsec);
    printf("size stat.st_nlink %zu\nsize stat.st_blksize %zu\n",
           sizeof(((struct stat *) 0)->st_nlink), sizeof(((struct stat *) 0)->st_blksize));
    SZ(statx); OFF(statx, stx_mask); OFF(statx, stx_blksize); OFF(statx, stx_attributes);
    OFF(statx, stx_nlink); OFF(statx, stx_uid); OFF(statx, stx_gid); OFF(statx, stx_mode);
    OFF(statx, stx_ino); OFF(statx, stx_size); OFF(statx, stx_blocks);
    OFF(statx, stx_attributes_mask); OFF(statx, stx_atime); OFF(statx, stx_btime);
    OFF(statx, stx_ctime); OFF(statx, stx_mtime); OFF(statx, stx_rdev_major);
    OFF(statx, stx_rdev_minor); OFF(statx, stx_dev_major); OFF(statx, stx_dev_minor);
    OFF(statx, stx_mnt_id);
    SZ(statx_timestamp); OFF(statx_timestamp, tv_sec); OFF(statx_timestamp, tv_nsec);
    SZ(timespec); OFF(timespec, tv_sec); OFF(timespec, tv_nsec);
    SZ(timeval); OFF(timeval, tv_sec); OFF(timeval, tv_usec);
    SZ(new_utsname); OFF(new_utsname, sysname); OFF(new_utsname, nodename);
    OFF(new_utsname, release); OFF(new_utsname, version); OFF(new_utsname, machine);
    OFF(new_utsname, domainname);
    SZ(iovec); OFF(iovec, iov_base); OFF(iovec, iov_len);
    SZ(rlimit); OFF(rlimit, rlim_cur); OFF(rlimit, rlim_max);
    SZ(sysinfo); OFF(sysinfo, uptime); OFF(sysinfo, loads); OFF(sysinfo, totalram);
    OFF(sysinfo, freeram); OFF(sysinfo, sharedram); OFF(sysinfo, bufferram);
    OFF(sysinfo, totalswap); OFF(sysinfo, freeswap); OFF(sysinfo, procs); OFF(sysinfo, totalhigh);
    OFF(sysinfo, freehigh); OFF(sysinfo, mem_unit);
    SZ(termios); OFF(termios, c_iflag); OFF(termios, c_oflag); OFF(termios, c_cflag);
    OFF(termios, c_lflag); OFF(termios, c_line); OFF(termios, c_cc);
    SZ(winsize); OFF(winsize, ws_row); OFF(winsize, ws_col); OFF(winsize, ws_xpixel);
    OFF(winsize, ws_ypixel);
    SZ(dirent64); OFF(dirent64, d_ino); OFF(dirent64, d_off); OFF(dirent64, d_reclen);
    OFF(dirent64, d_type); OFF(dirent64, d_name);
    SZ(epoll_event); OFF(epoll_event, events); OFF(epoll_event, data);
    SZ(sigaction); OFF(sigaction, sa_handler); OFF(sigaction, sa_flags);
    OFF(sigaction, sa_restorer); OFF(sigaction, sa_mask);
    return 0;
}
