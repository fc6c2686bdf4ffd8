/*
 * Writes its second argument to the file named by the first, fsyncs it, says "synced" and
 * waits to be killed: the durability test kills zlx right then and reads the file on the host.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: durable FILE TEXT\n");
        return 2;
    }
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, argv[2], strlen(argv[2])) != (ssize_t)strlen(argv[2]) || fsync(fd) != 0) {
        perror("durable");
        return 1;
    }
    printf("synced\n");
    fflush(stdout);
    sleep(600);
    return 0;
}
