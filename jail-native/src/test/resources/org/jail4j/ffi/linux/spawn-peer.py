#!/usr/bin/env python3
"""A stand-in for the keeper's control socket (PROTOCOL.md, spawn), without namespaces.

Tests of the Java client use it where the native launcher is not built: it speaks the same
protocol so the client's framing, descriptor passing, answers and kill handling are exercised
against an independent implementation. Usage: spawn-peer.py SOCKET_PATH; prints READY <pid>.
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


def serve(conn):
    data, anc, _, _ = conn.recvmsg(65536, socket.CMSG_SPACE(3 * 4))
    fds = array.array("i")
    for level, kind, payload in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - len(payload) % 4])
    if len(fds) != 3:
        conn.send(b"error recvmsg 22 expected three descriptors\n")
        return
    uid, gid, groups, cwd, env, argv = fields(data)
    pid = os.fork()
    if pid == 0:
        try:
            for i, fd in enumerate(fds):
                os.dup2(fd, i)
            os.setsid()
            os.chdir(cwd)
            os.setgroups(groups)
            os.setgid(gid)
            os.setuid(uid)
            os.closerange(3, 65536)
            os.execvpe(argv[0], argv, env)
        except OSError as e:
            os._exit(126 if e.errno == 13 else 127)
    for fd in fds:
        os.close(fd)
    conn.send(b"pid %d %d\n" % (pid, pid))
    ended = threading.Event()

    def control():
        while not ended.is_set():
            try:
                msg = conn.recv(64)
            except OSError:
                msg = b""
            if not msg:
                if not ended.is_set():
                    os.kill(pid, signal.SIGKILL)
                return
            word, sig = msg.decode().split()
            if word == "kill" and not ended.is_set():
                os.kill(pid, int(sig))

    threading.Thread(target=control, daemon=True).start()
    _, status = os.waitpid(pid, 0)
    ended.set()
    if os.WIFSIGNALED(status):
        conn.send(b"signal %d\n" % os.WTERMSIG(status))
    else:
        conn.send(b"exit %d\n" % os.WEXITSTATUS(status))
    conn.shutdown(socket.SHUT_RDWR)
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
