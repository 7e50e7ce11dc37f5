"""Withheld-body attacker for bench/hostile.sh: keeps N connections open that send a request's headers and the
first byte of its body, then nothing. A connection the server closes is opened again at once, so the attack lasts
SECS. Prints one line when all N are first open, and at the end how long the server let them live.

    python3 bench/withhold.py HOST PORT N SECS [tls]
"""
import select
import socket
import ssl
import sys
import time

host, port, n, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
tls = len(sys.argv) > 5 and sys.argv[5] == "tls"
HEAD = (b"POST /validate HTTP/1.1\r\nHost: walguard\r\nContent-Type: application/json\r\n"
        b"Content-Length: 20000\r\n\r\n{")
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE


def attack():
    s = socket.create_connection((host, port), timeout=10)
    if tls:
        s = ctx.wrap_socket(s, server_hostname="localhost")
    s.sendall(HEAD)
    s.setblocking(False)
    return s


opened = {}
for _ in range(n):
    opened[attack()] = time.time()
print("open %d" % n, flush=True)
lifetimes, answered = [], 0
end = time.time() + secs
while time.time() < end:
    ready, _, _ = select.select(list(opened), [], [], 0.2)
    for s in ready:
        try:
            data = s.recv(4096)
        except (ssl.SSLWantReadError, BlockingIOError):
            continue
        except OSError:
            data = b""
        if data:
            answered += 1  # the server answered instead of waiting: count it, keep reading until it closes
            continue
        lifetimes.append(time.time() - opened.pop(s))
        s.close()
        opened[attack()] = time.time()
for s in opened:
    s.close()
lifetimes.sort()
if lifetimes:
    print("closed by the server: %d connections, lived %.1f s (min) %.1f s (median) %.1f s (max); answers: %d"
          % (len(lifetimes), lifetimes[0], lifetimes[len(lifetimes) // 2], lifetimes[-1], answered), flush=True)
else:
    print("closed by the server: none in %.0f s; answers: %d" % (secs, answered), flush=True)
