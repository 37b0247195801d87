#!/usr/bin/env python3
"""A simulator of the checkclient.ru service, speaking the wire format of CheckClientWire.swift.

    checkclient_simulator.py --partner-code P --secret S [--balance 30] [--price 3]
                             [--fault slow|error500|malformed|reset|bad-signature|endless|replay]
                             [--delay 5]

Listens on 127.0.0.1 on a free port and prints the port as the first line of standard output.
Answers are deterministic by the last digit of the phone: 0-3 trusted, 4-6 neutral, 7-8 distrust,
9 invalid_phone; a number that is not 11 digits starting with 7 is invalid_phone too. Invalid
numbers are free; every other check lowers the balance by the price (402 when it is too low).
A repeated request_id is answered from memory without charging again. Requests must be signed
(X-Signature: hex HMAC-SHA256 of the body keyed by the secret); answers are signed the same way.
The replay fault answers a check with the answer to the one before it, signed, as someone on the
path could resend it. The fault mode applies to every request; the X-Simulator-Fault request header overrides it for
one request. Exits on SIGTERM or SIGINT, and with --exit-on-stdin-eof when standard input closes
(so that a test that dies does not leave it running).
"""
import argparse
import hashlib
import hmac
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ("none", "slow", "error500", "malformed", "reset", "bad-signature", "endless", "replay")
MAX_CLOCK_SKEW = 300


class State:
    def __init__(self, balance):
        self.lock = threading.Lock()
        self.balance = balance
        self.answers = {}  # (partner_code, request_id) -> answer
        self.paid_checks = 0
        self.endless_bytes_sent = 0  # by the endless fault, until the client hung up
        self.last_answer = None  # to a check, for the replay fault


def status_for(phone):
    if len(phone) != 11 or not phone.isdigit() or not phone.startswith("7"):
        return "invalid_phone"
    digit = int(phone[-1])
    if digit <= 3:
        return "trusted"
    if digit <= 6:
        return "neutral"
    if digit <= 8:
        return "distrust"
    return "invalid_phone"


def make_handler(options, state):
    secret = options.secret.encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "checkclient-simulator/1"

        def log_message(self, fmt, *args):  # quiet: tests read stdout for the port only
            if options.verbose:
                sys.stderr.write("simulator: " + (fmt % args) + "\n")

        def send_json(self, code, payload, sign=True, raw=None):
            body = raw if raw is not None else json.dumps(payload).encode()
            key = secret if sign else b"not-the-secret"
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Signature", hmac.new(key, body, hashlib.sha256).hexdigest())
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self.send_json(405, {"error": "method_not_allowed"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            fault = self.headers.get("X-Simulator-Fault") or options.fault
            if fault == "slow":
                time.sleep(options.delay)
            elif fault == "error500":
                return self.send_json(500, {"error": "internal"})
            elif fault == "endless":
                # A body that never ends, as fast as the client takes it, until it hangs up.
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                block = b"[" * 65536
                try:
                    while True:
                        self.wfile.write(block)
                        with state.lock:
                            state.endless_bytes_sent += len(block)
                except OSError:
                    pass
                self.close_connection = True
                return
            elif fault == "reset":
                # SO_LINGER 0 makes close() send a TCP RST instead of a FIN.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return

            expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(self.headers.get("X-Signature", "").lower(), expected):
                return self.send_json(401, {"error": "bad_signature"})
            try:
                request = json.loads(body)
                assert isinstance(request, dict)
            except Exception:
                return self.send_json(400, {"error": "bad_request"})
            if request.get("partner_code") != options.partner_code:
                return self.send_json(401, {"error": "unknown_partner"})
            if abs(time.time() - float(request.get("timestamp") or 0)) > MAX_CLOCK_SKEW:
                return self.send_json(401, {"error": "stale_request"})

            if self.path.rstrip("/").endswith("/ping"):
                # The last field is the simulator's own, for tests of the endless fault.
                answer = {"ok": True, "balance": round(state.balance, 2),
                          "simulator_endless_bytes_sent": state.endless_bytes_sent}
            elif self.path.rstrip("/").endswith("/check"):
                with state.lock:
                    replayed = state.last_answer
                answer = self.check(request)
                if answer is None:
                    return self.send_json(402, {"error": "insufficient_balance"})
                with state.lock:
                    state.last_answer = answer
                if fault == "replay" and replayed is not None:
                    answer = replayed
            else:
                return self.send_json(404, {"error": "not_found"})

            if fault == "malformed":
                return self.send_json(200, None, raw=b'{"status": "trusted", "free": ')
            self.send_json(200, answer, sign=(fault != "bad-signature"))

        def check(self, request):
            phone = str(request.get("phone") or "")
            key = (options.partner_code, str(request.get("request_id") or ""))
            with state.lock:
                if key[1] and key in state.answers:
                    return state.answers[key]
                status = status_for(phone)
                free = status == "invalid_phone"
                if not free:
                    if state.balance < options.price:
                        return None
                    state.balance -= options.price
                    state.paid_checks += 1
                answer = {"request_id": key[1], "status": status, "free": free, "balance": round(state.balance, 2)}
                if key[1]:
                    state.answers[key] = answer
                return answer

    return Handler


def main():
    parser = argparse.ArgumentParser(description="checkclient.ru simulator")
    parser.add_argument("--partner-code", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--balance", type=float, default=30.0)
    parser.add_argument("--price", type=float, default=3.0)
    parser.add_argument("--fault", choices=FAULTS, default="none")
    parser.add_argument("--delay", type=float, default=5.0, help="seconds the slow fault waits")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="stop when the parent closes standard input")
    options = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", options.port), make_handler(options, State(options.balance)))
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # a reset connection is the point of a fault

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # A parent may start us with these blocked (Foundation's Process inherits the thread's mask).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    if options.exit_on_stdin_eof:
        def watch_stdin():
            sys.stdin.buffer.read()
            os._exit(0)

        threading.Thread(target=watch_stdin, daemon=True).start()
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
