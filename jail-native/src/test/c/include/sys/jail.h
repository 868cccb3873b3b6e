/*
 * Stands in for FreeBSD's <sys/jail.h> when exec_freebsd.c is built on Linux against
 * jail_shim.c: the one declaration it uses, as FreeBSD spells it.
 */
#ifndef JAIL4J_SHIM_SYS_JAIL_H
#define JAIL4J_SHIM_SYS_JAIL_H

int	 jail_attach(int jid);

#endif
