/*
 * jail4j-launcher on FreeBSD: the exec mode alone (the kernel makes and holds the jails, so
 * there is no keeper), in jexec(8)'s order:
 *
 *   jail4j-launcher exec --jid JID [--dir DIR] [--user NAME] [--login] [--env K=V]...
 *       -- COMMAND [ARG...]
 *
 * jail_attach, the user looked up in the jail's own files, chdir, groups, gid, uid, the
 * environment, every descriptor above 2 closed, execvp. No fork: the launcher becomes the
 * command, so its status and signal reach the caller as they are. PROTOCOL.md is the contract.
 */
#include <sys/param.h>
#include <sys/jail.h>

#include <limits.h>
#include <string.h>

#include "launcher.h"
#include "util.h"

#define LOGIN_PATH	"/bin:/usr/bin"		/* jexec -l's */

static bool
exec_option(struct launch_opts *o, const char *opt, const char *val)
{
	if (strcmp(opt, "--jid") == 0)
		o->jid = number_arg(opt, val, 1, INT_MAX);
	else if (strcmp(opt, "--dir") == 0)
		o->dir = val;
	else if (strcmp(opt, "--user") == 0)
		o->user = val;
	else if (strcmp(opt, "--env") == 0)
		env_option(&o->child, val);
	else
		return false;
	return true;
}

static bool
flag_option(struct launch_opts *o, const char *opt)
{
	if (strcmp(opt, "--login") != 0)
		return false;
	o->login = true;
	return true;
}

int
main(int argc, char **argv)
{
	struct launch_opts o;

	memset(&o, 0, sizeof(o));
	o.jid = -1;
	o.mode = MODE_EXEC;
	o.child.env = xcalloc(1, sizeof(char *));
	if (argc < 2 || strcmp(argv[1], "exec") != 0)
		die("arguments", "usage: jail4j-launcher exec --jid JID [--dir DIR] [--user NAME] "
		    "[--login] [--env K=V]... -- COMMAND [ARG...]");
	parse_args(&o, argc, argv, flag_option, exec_option);
	if (o.jid < 0)
		die("arguments", "exec needs --jid");
	check_command(&o);
	/* the jail's root and cwd from here: the user is the jail's, the directory inside it */
	if (jail_attach((int)o.jid) == -1)
		die_errno("jail_attach", "jid %ld", o.jid);
	prepare_child(&o, LOGIN_PATH);
	become(&o.child);
	close_fds_above(2, -1);
	exec_command(&o.child);
}
