#include "frame.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

void frame_header(unsigned char *out, char type, uint32_t len)
{
    out[0] = (unsigned char)type;
    out[1] = out[2] = out[3] = 0;
    for (int i = 0; i < 4; i++)
        out[4 + i] = (unsigned char)(len >> (8 * i));
}

int frame_write(int fd, char type, const void *payload, size_t len)
{
    if (len > FRAME_MAX) {
        errno = EMSGSIZE;
        return -1;
    }
    unsigned char head[FRAME_HEADER];
    frame_header(head, type, (uint32_t)len);
    struct iovec iov[2] = {{head, sizeof head}, {(void *)payload, len}};
    struct msghdr msg = {0};
    msg.msg_iov = iov;
    msg.msg_iovlen = len ? 2 : 1;
    size_t left = sizeof head + len;
    while (left > 0) {
        ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        left -= (size_t)n;
        /* a partial write: step over what went */
        while (n > 0 && msg.msg_iovlen > 0) {
            size_t k = (size_t)n < msg.msg_iov->iov_len ? (size_t)n : msg.msg_iov->iov_len;
            msg.msg_iov->iov_base = (char *)msg.msg_iov->iov_base + k;
            msg.msg_iov->iov_len -= k;
            n -= (ssize_t)k;
            if (msg.msg_iov->iov_len == 0) {
                msg.msg_iov++;
                msg.msg_iovlen--;
            }
        }
    }
    return 0;
}

/* Reads exactly n bytes. Returns n, the smaller count read before a clean end, or -1. */
static ssize_t read_exact(int fd, void *buf, size_t n, int timeout_ms)
{
    char *p = buf;
    size_t got = 0;
    while (got < n) {
        if (timeout_ms >= 0) {
            struct pollfd pf = {fd, POLLIN, 0};
            int r = poll(&pf, 1, timeout_ms);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                return -1;
            if (r == 0) {
                errno = ETIMEDOUT;
                return -1;
            }
        }
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

int frame_parse_header(const unsigned char *head, char *type, uint32_t *len)
{
    uint32_t n = 0;
    for (int i = 0; i < 4; i++)
        n |= (uint32_t)head[4 + i] << (8 * i);
    if (head[1] || head[2] || head[3] || n > FRAME_MAX)
        return -1;
    *type = (char)head[0];
    *len = n;
    return 0;
}

int frame_read(int fd, char *type, strbuf *payload, int timeout_ms)
{
    unsigned char head[FRAME_HEADER];
    sb_reset(payload);
    ssize_t n = read_exact(fd, head, sizeof head, timeout_ms);
    if (n == 0)
        return 0;
    if (n < 0)
        return -1;
    uint32_t len;
    char t;
    if (n != (ssize_t)sizeof head || frame_parse_header(head, &t, &len)) {
        errno = EPROTO;
        return -1;
    }
    char *dst = sb_extend(payload, len);
    if (!dst) {
        errno = ENOMEM;
        return -1;
    }
    n = read_exact(fd, dst, len, timeout_ms);
    if (n < 0)
        return -1;
    if ((size_t)n != len) {
        errno = EPROTO;
        return -1;
    }
    *type = t;
    return 1;
}
