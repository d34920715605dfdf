#include "listen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Splits HOST:PORT ([V6]:PORT, or PORT alone) into its parts. 0, or -1 when malformed. */
static int split_address(const char *spec, char *host, size_t hostsize, char *port, size_t portsize)
{
    const char *colon = strrchr(spec, ':');
    const char *h = spec, *p;
    size_t hl;
    if (!colon) { /* a port alone */
        h = "127.0.0.1";
        hl = strlen(h);
        p = spec;
    } else if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':')
            return -1;
        h = spec + 1;
        hl = (size_t)(close - h);
        p = close + 2;
    } else {
        hl = (size_t)(colon - spec);
        p = colon + 1;
    }
    if (hl == 0 || hl >= hostsize || !*p || strlen(p) >= portsize || strspn(p, "0123456789") != strlen(p))
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    snprintf(port, portsize, "%s", p);
    return atoi(port) <= 65535 ? 0 : -1;
}

static void describe(int fd, char *bound, size_t size)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET) {
            const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
            port = ntohs(in->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &in->sin6_addr, host, sizeof host);
            port = ntohs(in->sin6_port);
            snprintf(bound, size, "[%s]:%d", host, port);
            return;
        }
    }
    snprintf(bound, size, "%s:%d", host, port);
}

int listen_socket(const char *spec, const char *option, char *bound, size_t boundsize)
{
    char host[256], port[16];
    if (split_address(spec, host, sizeof host, port, sizeof port)) {
        fprintf(stderr, "ravi: serve: %s '%s': expected ADDRESS:PORT (127.0.0.1:5000, [::1]:5000) or a port\n",
                option, spec);
        return -1;
    }
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai) {
        fprintf(stderr, "ravi: serve: %s '%s': %s\n", option, spec, gai_strerror(gai));
        return -1;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd >= 0 && res->ai_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 128)) {
        fprintf(stderr, "ravi: serve: %s '%s': %s\n", option, spec, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    describe(fd, bound, boundsize);
    return fd;
}
