#!/usr/bin/env python3
"""A stand-in for the keeper's control socket (PROTOCOL.md, spawn), without namespaces.

Tests of the Java client use it beside the real keeper: it speaks the same protocol, written
independently, so the client's framing, descriptor passing (three stdio descriptors in, a
pidfd out), answers and kill handling are checked against a second implementation.
Usage: spawn-peer.py SOCKET_PATH; prints READY <pid>.
"""
import array
import os
import signal
import socket
import sys
import threading


def fields(data):
    parts = data.split(b"\0")
    if parts[-1] != b"":
        raise ValueError("request not NUL-terminated")
    it = iter(p.decode() for p in parts[:-1])
    if next(it) != "v1":
        raise ValueError("version")
    uid, gid = int(next(it)), int(next(it))
    groups = [int(next(it)) for _ in range(int(next(it)))]
    cwd = next(it)
    env = dict(kv.split("=", 1) for kv in (next(it) for _ in range(int(next(it)))))
    argv = [next(it) for _ in range(int(next(it)))]
    return uid, gid, groups, cwd, env, argv


def child(fds, uid, gid, groups, cwd, env, argv, report):
    step, detail = "dup2", "stdio"
    try:
        for i, fd in enumerate(fds):
            os.dup2(fd, i)
        os.setsid()
        step, detail = "chdir", cwd
        os.chdir(cwd)
        step, detail = "credentials", str(uid)
        os.setgroups(groups)
        os.setgid(gid)
        os.setuid(uid)
        step, detail = "exec", argv[0]
        os.execvpe(argv[0], argv, env)
    except OSError as e:
        os.write(report, b"%s %d %s" % (step.encode(), e.errno, detail.encode()))
    os._exit(127)


def serve(conn):
    data, anc, _, _ = conn.recvmsg(65536, socket.CMSG_SPACE(3 * 4))
    fds = array.array("i")
    for level, kind, payload in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - len(payload) % 4])
    if len(fds) != 3:
        conn.send(b"error request 22 expected exactly three descriptors\n")
        return
    request = fields(data)
    report_r, report_w = os.pipe()  # close-on-exec: silent when the exec succeeds
    pid = os.fork()
    if pid == 0:
        child(fds, *request, report_w)
    for fd in list(fds) + [report_w]:
        os.close(fd)
    failure = os.read(report_r, 1024)
    os.close(report_r)
    if failure:
        os.waitpid(pid, 0)
        conn.send(b"error " + failure + b"\n")
        conn.close()
        return
    pidfd = os.pidfd_open(pid)
    conn.sendmsg([b"pid %d\n" % pid], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [pidfd]))])
    os.close(pidfd)
    ended, closed = threading.Event(), threading.Event()

    def control():
        while True:
            try:
                msg = conn.recv(64)
            except OSError:
                msg = b""
            if not msg:
                if not ended.is_set():
                    os.kill(pid, signal.SIGKILL)
                closed.set()
                return
            word, sig = msg.decode().split()
            if word == "kill" and not ended.is_set():
                os.kill(pid, int(sig))

    threading.Thread(target=control, daemon=True).start()
    # Not reaped before the client closes, so that its pidfd keeps telling the pid.
    info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    ended.set()
    answer = b"exit %d\n" if info.si_code == os.CLD_EXITED else b"signal %d\n"
    try:
        conn.send(answer % info.si_status)
    except OSError:
        pass  # the client has gone; the command had ended anyway
    closed.wait()
    os.waitpid(pid, 0)
    conn.close()


def main():
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    srv.bind(sys.argv[1])
    os.chmod(sys.argv[1], 0o600)
    srv.listen(64)
    print("READY %d" % os.getpid(), flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
