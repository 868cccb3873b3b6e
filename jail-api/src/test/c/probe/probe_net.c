#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_alg.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/vm_sockets.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

/* Documentation addresses (RFC 5737): they cannot collide with anything real. */
#define PROBE_ADDR	"192.0.2.77"
#define PROBE_NET	"198.51.100.0"

struct rtnl_req {
	struct nlmsghdr	nh;
	union {
		struct ifaddrmsg	ifa;
		struct rtmsg		rtm;
	} u;
	char		attrs[64];
};

static void
add_attr(struct rtnl_req *req, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta;

	if (NLMSG_ALIGN(req->nh.nlmsg_len) + RTA_SPACE(len) > sizeof(*req))
		die("rtnetlink request too long");
	rta = (struct rtattr *)((char *)req + NLMSG_ALIGN(req->nh.nlmsg_len));
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + RTA_SPACE(len);
}

/* The kernel's answer to one request: 0, or -1 with the errno it sent back. */
static int
rtnl_ack(int fd)
{
	char buf[1024];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	struct nlmsgerr *err;
	ssize_t n;

	do
		n = recv(fd, buf, sizeof(buf), 0);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		die_errno("recv(rtnetlink)");
	if (!NLMSG_OK(nh, (unsigned int)n) || nh->nlmsg_type != NLMSG_ERROR)
		die("rtnetlink answered with message type %d, not an ack", (int)nh->nlmsg_type);
	err = NLMSG_DATA(nh);
	if (err->error == 0)
		return (0);
	errno = -err->error;
	return (-1);
}

static int
rtnl_talk(struct rtnl_req *req)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int fd, rc, saved;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd == -1)
		return (-1);
	req->nh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (sendto(fd, req, req->nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) == -1)
		die_errno("sendto(rtnetlink)");
	rc = rtnl_ack(fd);
	saved = errno;
	if (close(fd) == -1)
		die_errno("close(rtnetlink)");
	errno = saved;
	return (rc);
}

static unsigned int
ifindex(const char *ifname)
{
	unsigned int idx;

	idx = if_nametoindex(ifname);
	if (idx == 0)
		die_errno("if_nametoindex(%s)", ifname);
	return (idx);
}

static struct in_addr
inet4(const char *text)
{
	struct in_addr a;

	if (inet_pton(AF_INET, text, &a) != 1)
		die("not an IPv4 address: %s", text);
	return (a);
}

static void
addr_req(struct rtnl_req *req, unsigned short type, unsigned int idx)
{
	struct in_addr a = inet4(PROBE_ADDR);

	memset(req, 0, sizeof(*req));
	req->nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
	req->nh.nlmsg_type = type;
	req->u.ifa.ifa_family = AF_INET;
	req->u.ifa.ifa_prefixlen = 32;
	req->u.ifa.ifa_index = idx;
	add_attr(req, IFA_LOCAL, &a, sizeof(a));
	add_attr(req, IFA_ADDRESS, &a, sizeof(a));
}

static void
route_req(struct rtnl_req *req, unsigned short type, unsigned int idx)
{
	struct in_addr dst = inet4(PROBE_NET);
	uint32_t oif = idx;

	memset(req, 0, sizeof(*req));
	req->nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req->nh.nlmsg_type = type;
	req->u.rtm.rtm_family = AF_INET;
	req->u.rtm.rtm_dst_len = 24;
	req->u.rtm.rtm_table = RT_TABLE_MAIN;
	req->u.rtm.rtm_protocol = RTPROT_STATIC;
	req->u.rtm.rtm_scope = RT_SCOPE_LINK;
	req->u.rtm.rtm_type = RTN_UNICAST;
	add_attr(req, RTA_DST, &dst, sizeof(dst));
	add_attr(req, RTA_OIF, &oif, sizeof(oif));
}

typedef void rtnl_build(struct rtnl_req *, unsigned short, unsigned int);

/* Asks for the change; if the kernel makes it, takes it back at once. */
static int
change_and_undo(rtnl_build *build, unsigned short add, unsigned short del, const char *ifname)
{
	struct rtnl_req req;
	unsigned int idx = ifindex(ifname);

	build(&req, add, idx);
	req.nh.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	if (rtnl_talk(&req) == -1)
		return (-1);
	build(&req, del, idx);
	if (rtnl_talk(&req) == -1)
		die_errno("undoing rtnetlink change %d on %s", (int)add, ifname);
	return (0);
}

int
probe_addr_add(char **argv)
{
	return (change_and_undo(addr_req, RTM_NEWADDR, RTM_DELADDR, argv[0]));
}

int
probe_route_add(char **argv)
{
	return (change_and_undo(route_req, RTM_NEWROUTE, RTM_DELROUTE, argv[0]));
}

/* An AF_UNIX socket carries interface ioctls too, and no jail may be denied one. */
int
probe_if_down(char **argv)
{
	struct ifreq ifr;
	short up;
	int fd, rc, saved;

	if (strlen(argv[0]) >= sizeof(ifr.ifr_name))
		die("interface name too long: %s", argv[0]);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		die_errno("socket(AF_UNIX)");
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, argv[0]);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == -1)
		die_errno("SIOCGIFFLAGS(%s)", argv[0]);
	up = ifr.ifr_flags;
	ifr.ifr_flags = (short)(up & ~IFF_UP);
	rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	saved = errno;
	ifr.ifr_flags = up;
	if (rc == 0 && ioctl(fd, SIOCSIFFLAGS, &ifr) == -1)
		die_errno("SIOCSIFFLAGS(%s) restoring %#x", argv[0], (unsigned int)up);
	if (close(fd) == -1)
		die_errno("close(AF_UNIX)");
	errno = saved;
	return (rc);
}

static int
open_close(int domain, int type, int protocol)
{
	int fd;

	fd = socket(domain, type | SOCK_CLOEXEC, protocol);
	if (fd == -1)
		return (-1);
	if (close(fd) == -1)
		die_errno("close(socket)");
	return (0);
}

int
probe_raw_socket(char **argv)
{
	(void)argv;
	return (open_close(AF_INET, SOCK_RAW, IPPROTO_ICMP));
}

static const struct family {
	const char	*f_name;
	int		 f_domain;
	int		 f_type;
	int		 f_protocol;
} families[] = {
	{ "unix", AF_UNIX, SOCK_STREAM, 0 },
	{ "inet", AF_INET, SOCK_STREAM, 0 },
	{ "inet6", AF_INET6, SOCK_STREAM, 0 },
	{ "netlink", AF_NETLINK, SOCK_RAW, NETLINK_ROUTE },
	{ "packet", AF_PACKET, SOCK_DGRAM, 0 },
	{ "alg", AF_ALG, SOCK_SEQPACKET, 0 },
	{ "key", AF_KEY, SOCK_RAW, 2 },		/* PF_KEY_V2 */
	{ "appletalk", AF_APPLETALK, SOCK_DGRAM, 0 },
	{ "x25", AF_X25, SOCK_SEQPACKET, 0 },
	{ "vsock", AF_VSOCK, SOCK_STREAM, 0 },
};

int
probe_socket(char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(argv[0], families[i].f_name) == 0)
			return (open_close(families[i].f_domain, families[i].f_type,
			    families[i].f_protocol));
	die("unknown socket family: %s", argv[0]);
}
