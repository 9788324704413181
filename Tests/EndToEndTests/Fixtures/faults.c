// A fault injector for the tests, loaded with LD_PRELOAD into one schakel process: the n-th
// write, fsync or read (SCHAKEL_FAIL_OP, SCHAKEL_FAIL_AT) on a file under SCHAKEL_FAIL_UNDER fails
// with EIO (or SCHAKEL_FAIL_ERRNO=ENOSPC). SCHAKEL_FAIL_COUNT names a file that gets how many
// such calls the process made (to know how far n goes); SCHAKEL_FAIL_MARK one that gets the path
// of the call that was made to fail. SQLite calls these through libc, so they are interposed.
// SCHAKEL_FAIL_UNDER=socket: reaches a client's sockets instead (PostgreSQL over the network:
// SwiftNIO writes with write and writev and reads with read, all through libc too).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static long counter = 0, fail_at = -1;
static const char *op = 0, *under = 0;
static int code = EIO, ready = 0;

static void setup(void) {
    if (ready) return;
    ready = 1;
    const char *n = getenv("SCHAKEL_FAIL_AT");
    fail_at = n ? atol(n) : -1;
    op = getenv("SCHAKEL_FAIL_OP");
    under = getenv("SCHAKEL_FAIL_UNDER");
    const char *e = getenv("SCHAKEL_FAIL_ERRNO");
    if (e && strcmp(e, "ENOSPC") == 0) code = ENOSPC;
}

static void note(const char *variable, const char *text) {
    const char *path = getenv(variable);
    if (!path) return;
    FILE *f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static int fails(int fd, const char *kind) {
    setup();
    if (!op || strcmp(op, kind) != 0 || !under) return 0;
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, sizeof path - 1);
    if (length < 0) return 0;
    path[length] = 0;
    if (strncmp(path, under, strlen(under)) != 0) return 0;
    counter++;
    if (counter != fail_at) return 0;
    note("SCHAKEL_FAIL_MARK", path);
    errno = code;
    return 1;
}

__attribute__((destructor)) static void report(void) {
    char text[32];
    snprintf(text, sizeof text, "%ld", counter);
    note("SCHAKEL_FAIL_COUNT", text);
}

// SCHAKEL_SHUT_AFTER names a text: the first write to a socket that carries it goes out whole, and
// then the socket stops reading (shutdown SHUT_RD), as if the connection broke just after a
// statement was sent: the client sees the connection end while the server is still at work.
static int shut = 0;
static void shut_after(int fd, const void *b, size_t n) {
    const char *text = getenv("SCHAKEL_SHUT_AFTER");
    if (!text || shut || !memmem(b, n, text, strlen(text))) return;
    char link[64], path[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, sizeof path - 1);
    if (length < 7 || strncmp(path, "socket:", 7) != 0) return;
    shut = 1;
    shutdown(fd, SHUT_RD);
    note("SCHAKEL_FAIL_MARK", text);
}

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef int (*sync_fn)(int);
typedef ssize_t (*read_fn)(int, void *, size_t);
typedef ssize_t (*pread_fn)(int, void *, size_t, off_t);
typedef ssize_t (*iov_fn)(int, const struct iovec *, int);

#define REAL(name, type) \
    static type real_##name; \
    if (!real_##name) real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *b, size_t n) {
    REAL(write, write_fn);
    if (fails(fd, "write")) return -1;
    ssize_t written = real_write(fd, b, n);
    if (written > 0) shut_after(fd, b, (size_t)written);
    return written;
}
ssize_t pwrite(int fd, const void *b, size_t n, off_t o) {
    REAL(pwrite, pwrite_fn);
    return fails(fd, "write") ? -1 : real_pwrite(fd, b, n, o);
}
ssize_t pwrite64(int fd, const void *b, size_t n, off_t o) {
    REAL(pwrite64, pwrite_fn);
    return fails(fd, "write") ? -1 : real_pwrite64(fd, b, n, o);
}
ssize_t writev(int fd, const struct iovec *v, int n) {
    REAL(writev, iov_fn);
    if (fails(fd, "write")) return -1;
    ssize_t written = real_writev(fd, v, n);
    for (int i = 0; written > 0 && i < n; i++) shut_after(fd, v[i].iov_base, v[i].iov_len);
    return written;
}
ssize_t readv(int fd, const struct iovec *v, int n) {
    REAL(readv, iov_fn);
    return fails(fd, "read") ? -1 : real_readv(fd, v, n);
}
int fsync(int fd) {
    REAL(fsync, sync_fn);
    return fails(fd, "fsync") ? -1 : real_fsync(fd);
}
int fdatasync(int fd) {
    REAL(fdatasync, sync_fn);
    return fails(fd, "fsync") ? -1 : real_fdatasync(fd);
}
ssize_t read(int fd, void *b, size_t n) {
    REAL(read, read_fn);
    return fails(fd, "read") ? -1 : real_read(fd, b, n);
}
ssize_t pread(int fd, void *b, size_t n, off_t o) {
    REAL(pread, pread_fn);
    return fails(fd, "read") ? -1 : real_pread(fd, b, n, o);
}
ssize_t pread64(int fd, void *b, size_t n, off_t o) {
    REAL(pread64, pread_fn);
    return fails(fd, "read") ? -1 : real_pread64(fd, b, n, o);
}

// SCHAKEL_MKDIR_LOG names a file that gets a line "MODE PATH" (octal) for every mkdir: how a
// directory was made, before any chmod after it.
typedef int (*mkdir_fn)(const char *, mode_t);
int mkdir(const char *path, mode_t mode) {
    REAL(mkdir, mkdir_fn);
    const char *log = getenv("SCHAKEL_MKDIR_LOG");
    if (log) {
        FILE *f = fopen(log, "a");
        if (f) {
            fprintf(f, "%o %s\n", (unsigned)mode, path);
            fclose(f);
        }
    }
    return real_mkdir(path, mode);
}
