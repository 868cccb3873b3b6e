/*
 * The jail's own network namespace: lo up, and the --lo-addr addresses on it, through
 * rtnetlink (RTM_NEWLINK, RTM_NEWADDR), each request acknowledged before the next.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

struct nl_request {
	struct nlmsghdr	hdr;
	union {
		struct ifinfomsg	ifi;
		struct ifaddrmsg	ifa;
	} body;
	char		attrs[64];
};

static void
add_attr(struct nl_request *req, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta;
	size_t off = NLMSG_ALIGN(req->hdr.nlmsg_len);

	if (off + RTA_SPACE(len) > sizeof(*req))
		die("netlink", "request too long");
	rta = (struct rtattr *)((char *)req + off);
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	req->hdr.nlmsg_len = (unsigned)(off + RTA_SPACE(len));
}

/* Send one request and wait for its acknowledgement; the kernel's errno on failure. */
static int
transact(int fd, struct nl_request *req)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[512];
	struct nlmsghdr *h;
	ssize_t n;

	req->hdr.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	do
		n = sendto(fd, req, req->hdr.nlmsg_len, 0, (struct sockaddr *)&kernel,
		    sizeof(kernel));
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return errno;
	for (;;) {
		if ((n = xread(fd, buf, sizeof(buf))) == -1)
			return errno;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == NLMSG_ERROR)
				return -((struct nlmsgerr *)NLMSG_DATA(h))->error;
		if (n == 0)
			return EPROTO;
	}
}

static void
link_up(int fd, int index)
{
	struct nl_request req;
	int err;

	memset(&req, 0, sizeof(req));
	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(req.body.ifi));
	req.hdr.nlmsg_type = RTM_NEWLINK;
	req.body.ifi.ifi_family = AF_UNSPEC;
	req.body.ifi.ifi_index = index;
	req.body.ifi.ifi_flags = IFF_UP;
	req.body.ifi.ifi_change = IFF_UP;
	if ((err = transact(fd, &req)) != 0)
		die_with(err, "net", "RTM_NEWLINK lo up");
}

static bool
is_loopback(int family, const unsigned char *addr)
{
	static const unsigned char v6[16] = { [15] = 1 };

	return family == AF_INET ? addr[0] == 127 : memcmp(addr, v6, sizeof(v6)) == 0;
}

static void
add_address(int fd, int index, const char *spec)
{
	unsigned char addr[16];
	struct nl_request req;
	char *copy = xstrdup(spec), *slash = strchr(copy, '/');
	long prefix;
	int family, err;

	if (slash != NULL)
		*slash++ = '\0';
	family = strchr(copy, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(family, copy, addr) != 1 || (slash != NULL && parse_long(slash, 0,
	    family == AF_INET ? 32 : 128, &prefix) == -1))
		die("net", "--lo-addr: not an address/prefix: %s", spec);
	if (slash == NULL)
		prefix = family == AF_INET ? 32 : 128;
	memset(&req, 0, sizeof(req));
	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(req.body.ifa));
	req.hdr.nlmsg_type = RTM_NEWADDR;
	req.hdr.nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	req.body.ifa.ifa_family = (unsigned char)family;
	req.body.ifa.ifa_prefixlen = (unsigned char)prefix;
	req.body.ifa.ifa_index = (unsigned)index;
	req.body.ifa.ifa_scope = is_loopback(family, addr) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	add_attr(&req, IFA_LOCAL, addr, family == AF_INET ? 4 : 16);
	add_attr(&req, IFA_ADDRESS, addr, family == AF_INET ? 4 : 16);
	if ((err = transact(fd, &req)) != 0)
		die_with(err, "net", "RTM_NEWADDR %s on lo", spec);
	free(copy);
}

void
net_setup(const struct launch_opts *o)
{
	unsigned index;
	size_t i;
	int fd;

	if ((o->limits.ns_flags & CLONE_NEWNET) == 0)
		return;
	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)) == -1)
		die_errno("net", "socket(AF_NETLINK)");
	if ((index = if_nametoindex("lo")) == 0)
		die_errno("net", "if_nametoindex(lo)");
	link_up(fd, (int)index);
	for (i = 0; i < o->nlo_addrs; i++)
		add_address(fd, (int)index, o->lo_addrs[i]);
	if (xclose(fd) == -1)
		die_errno("net", "close the netlink socket");
}
