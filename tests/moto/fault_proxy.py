"""A loopback HTTP proxy in front of the moto emulator that injects faults.

moto answers every call at once and never throttles, so the scanner's
behaviour on a stalled endpoint, a throttling API or a distant region cannot
be seen against it alone. This proxy forwards each request to moto and, as
asked, instead:

  --mode stall     reads the request and never answers (the connection stays
                   open until the client gives up); with no --upstream every
                   request stalls;
  --mode throttle  answers every Nth first attempt (--every N) with the
                   throttling error of the request's protocol, so the SDK's
                   retry sends it again; retries are always forwarded, so a
                   throttled call succeeds on its second attempt, like a real
                   throttle that lets up, and the test cannot be flaky;
  --mode latency   sleeps --latency-ms before forwarding every request;
  --mode pass      only forwards (and counts, for a reference scan).

--replay (latency mode) keeps every answer and gives it again, without
asking moto, to a request that was already answered (same method, path,
X-Amz-Target and body): a second scan then runs at the speed of the added
latency alone, as against a server that answers in parallel like AWS,
instead of at the speed of one Python emulator.

--deny REGEX (any mode) answers 403 AccessDenied, in S3's error shape, to
every request whose "METHOD /path?query" matches: one bucket's policy read
denied, as a bucket policy or an SCP denies it on a real account.

--deny-body REGEX (any mode) answers 403 AccessDenied, in the query
protocol's error shape (STS, IAM), to every request whose URL-decoded body
matches: one member account's role refusing AssumeRole, as a trust policy
that does not name the caller does (moto assumes any role).

--only / --except SERVICES (comma-separated SigV4 service names, e.g. sts,s3)
limit the fault to some services; the others are forwarded untouched.

It prints its port on the first line of stdout, then serves until killed.
GET /__proxy/stats answers what it did, as JSON: requests received and
first attempts among them, faults injected per protocol, stalled and delayed
requests, moto's answers by status and its first 5xx answers.

usage: fault_proxy.py [--upstream URL] --mode stall|throttle|latency|pass
                      [--every N] [--latency-ms N] [--replay] [--deny REGEX] [--deny-body REGEX] [--only S,..] [--except S,..]
"""

import argparse
import http.client
import json
import re
import select
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Headers that describe one hop, not the request: the proxy sets its own.
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "transfer-encoding", "upgrade", "expect", "content-length",
}
ACCESS_DENIED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    "<Message>Access Denied</Message><RequestId>atoll-fault-proxy</RequestId></Error>"
)
QUERY_ACCESS_DENIED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type>'
    "<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message>"
    "</Error><RequestId>atoll-fault-proxy</RequestId></ErrorResponse>"
)
SIGV4_SERVICE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0       # requests received (stats calls excluded)
        self.first_attempts = 0  # requests the SDK sent as attempt 1
        self.injected = {}       # protocol -> throttling errors answered
        self.stalled = 0
        self.denied = 0          # requests answered AccessDenied (--deny)
        self.delayed = 0
        self.replayed = 0        # answers given again from the recording
        self.not_throttled = {}  # protocol -> due a throttle but left alone (no error shape)
        self.upstream_status = {}  # moto's answers by HTTP status
        self.upstream_errors = []  # the first 5xx answers: service, target, status

    def as_json(self):
        with self.lock:
            return {
                "requests": self.requests,
                "first_attempts": self.first_attempts,
                "injected": dict(self.injected),
                "injected_total": sum(self.injected.values()),
                "stalled": self.stalled,
                "denied": self.denied,
                "delayed": self.delayed,
                "replayed": self.replayed,
                "cpu_seconds": round(time.process_time(), 2),  # the proxy's own
                "not_throttled": dict(self.not_throttled),
                "upstream_status": dict(self.upstream_status),
                "upstream_errors": list(self.upstream_errors),
            }


def service_of(headers):
    match = SIGV4_SERVICE.search(headers.get("Authorization") or "")
    return match.group(1) if match else ""


def protocol_of(headers, service, path):
    """The wire protocol of a request, which decides the error's shape."""
    content_type = (headers.get("Content-Type") or "").lower()
    if content_type.startswith("application/x-amz-json"):
        return "awsJson"
    if content_type.startswith("application/cbor") or headers.get("smithy-protocol"):
        return "rpcv2Cbor"
    if content_type.startswith("application/x-www-form-urlencoded"):
        return "ec2Query" if service == "ec2" else "awsQuery"
    if service == "s3":
        # S3 Control shares S3's signing name but wraps its errors.
        return "restXml" if path.startswith("/v20180820/") else "s3"
    if service in ("cloudfront", "route53"):
        return "restXml"
    return "restJson"


def throttling_answer(protocol, request_content_type):
    """(status, headers, body) of a throttling error in `protocol`'s shape,
    or None where the proxy has none (CBOR: moto cannot answer it anyway)."""
    request_id = str(uuid.uuid4())
    xml = "text/xml"
    if protocol == "awsJson":
        body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"})
        return 400, {"Content-Type": request_content_type, "x-amzn-ErrorType": "ThrottlingException",
                     "x-amzn-RequestId": request_id}, body
    if protocol == "restJson":
        body = json.dumps({"message": "Rate exceeded"})
        return 429, {"Content-Type": "application/json", "x-amzn-ErrorType": "ThrottlingException",
                     "x-amzn-RequestId": request_id}, body
    if protocol == "ec2Query":
        body = ("<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
                f"</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>")
        return 503, {"Content-Type": xml}, body
    if protocol in ("awsQuery", "restXml"):
        body = ("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded"
                f"</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        return 400, {"Content-Type": xml, "x-amzn-RequestId": request_id}, body
    if protocol == "s3":
        body = ("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
                f"<RequestId>{request_id}</RequestId></Error>")
        return 503, {"Content-Type": "application/xml", "x-amz-request-id": request_id}, body
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's connection pool expects
    # TCP_NODELAY: an answer goes out as two writes (headers, then body);
    # with Nagle's algorithm the body waits for the client to acknowledge
    # the headers, which it delays by ~40 ms, so every call would take
    # 40 ms more than the latency asked for.
    disable_nagle_algorithm = True
    upstream = None  # this client connection's own connection to moto

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.proxy()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = do_GET

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def proxy(self):
        config, stats = self.server.config, self.server.stats
        if self.path == "/__proxy/stats":
            return self.answer(200, {"Content-Type": "application/json"}, json.dumps(stats.as_json()))
        body = self.read_body()
        service = service_of(self.headers)
        first_attempt = "attempt=1;" in (self.headers.get("amz-sdk-request") or "attempt=1;").replace(" ", "")
        with stats.lock:
            stats.requests += 1
            if first_attempt:
                stats.first_attempts += 1
        if config.deny and config.deny.search(f"{self.command} {self.path}"):
            with stats.lock:
                stats.denied += 1
            return self.answer(403, {"Content-Type": "application/xml"}, ACCESS_DENIED)
        if config.deny_body and config.deny_body.search(urllib.parse.unquote_plus(body.decode("utf-8", "replace"))):
            with stats.lock:
                stats.denied += 1
            return self.answer(403, {"Content-Type": "text/xml"}, QUERY_ACCESS_DENIED)
        faulted = config.mode != "pass" and config.applies_to(service)
        if faulted and (config.mode == "stall" or config.upstream is None):
            return self.stall()
        if faulted and config.mode == "latency":
            time.sleep(config.latency_ms / 1000)
            with stats.lock:
                stats.delayed += 1
        key = (self.command, self.path, self.headers.get("X-Amz-Target"), body)
        recorded = self.server.recording.get(key) if config.replay else None
        if recorded:
            with stats.lock:
                stats.replayed += 1
            return self.reply(*recorded)
        if faulted and config.mode == "throttle" and first_attempt and self.due(service):
            protocol = protocol_of(self.headers, service, self.path)
            answer = throttling_answer(protocol, self.headers.get("Content-Type") or "")
            with stats.lock:
                tally = stats.injected if answer else stats.not_throttled
                tally[protocol] = tally.get(protocol, 0) + 1
            if answer:
                return self.answer(*answer)
        self.forward(body, key)

    def due(self, service):
        """Every Nth first attempt of a faulted service is throttled."""
        with self.server.stats.lock:
            self.server.throttle_count += 1
            return self.server.throttle_count % self.server.config.every == 0

    def stall(self):
        with self.server.stats.lock:
            self.server.stats.stalled += 1
        # Hold the connection without a byte of answer until the client
        # closes it (its timeout), so no thread outlives its client.
        self.close_connection = True
        try:
            while True:
                readable, _, _ = select.select([self.connection], [], [], 60)
                if readable and not self.connection.recv(65536):
                    return
        except OSError:
            return

    def forward(self, body, key):
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP]
        if body or self.headers.get("Content-Length") is not None or self.headers.get("Transfer-Encoding"):
            headers.append(("Content-Length", str(len(body))))
        for attempt in range(2):
            try:
                if self.upstream is None:
                    self.upstream = http.client.HTTPConnection(self.server.config.host, self.server.config.port, timeout=300)
                # The client's Host and every other header go as sent: the
                # request is signed over them.
                self.upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for k, v in headers:
                    self.upstream.putheader(k, v)
                self.upstream.endheaders(body)
                response = self.upstream.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                # moto closed a kept-alive connection: once more on a new one.
                self.upstream.close()
                self.upstream = None
                if attempt:
                    return self.answer(502, {"Content-Type": "text/plain"}, "fault_proxy: moto unreachable")
        out = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
        if self.command == "HEAD":
            length = response.getheader("Content-Length")
            if length is not None:
                out.append(("Content-Length", length))
        else:
            out.append(("Content-Length", str(len(data))))
        stats = self.server.stats
        with stats.lock:
            status = str(response.status)
            stats.upstream_status[status] = stats.upstream_status.get(status, 0) + 1
            if response.status >= 500 and len(stats.upstream_errors) < 20:
                action = urllib.parse.parse_qs(body.decode(errors="replace")).get("Action", [""])[0]
                target = self.headers.get("X-Amz-Target") or action or self.path
                stats.upstream_errors.append(f"{service_of(self.headers)} {target} {response.status}")
        if response.will_close:
            self.upstream.close()
            self.upstream = None
        if self.server.config.replay:
            self.server.recording[key] = (response.status, response.reason, out, data)
        self.reply(response.status, response.reason, out, data)

    def reply(self, status, reason, headers, data):
        self.send_response_only(status, reason)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def answer(self, status, headers, body):
        data = body.encode() if isinstance(body, str) else body
        self.send_response_only(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class Config:
    def __init__(self, args):
        self.mode = args.mode
        self.every = max(1, args.every)
        self.latency_ms = args.latency_ms
        self.only = set(filter(None, args.only.split(","))) if args.only else None
        self.excepted = set(filter(None, args.except_.split(","))) if args.except_ else set()
        self.upstream = args.upstream
        self.replay = args.replay
        self.deny = re.compile(args.deny) if args.deny else None
        self.deny_body = re.compile(args.deny_body) if args.deny_body else None
        if args.upstream:
            parsed = urllib.parse.urlsplit(args.upstream)
            self.host, self.port = parsed.hostname, parsed.port or 80

    def applies_to(self, service):
        if service in self.excepted:
            return False
        return self.only is None or service in self.only


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (its timeout) and closed the connection
        # while moto was answering: nothing went wrong in the proxy.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)
    # The scan opens dozens of connections at once; the default backlog of
    # 5 drops SYNs, which the client resends a second later.
    request_queue_size = 256


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", help="the moto endpoint, e.g. http://127.0.0.1:5000")
    parser.add_argument("--mode", choices=["stall", "throttle", "latency", "pass"], required=True)
    parser.add_argument("--every", type=int, default=1, help="throttle every Nth first attempt")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay added to every request")
    parser.add_argument("--replay", action="store_true", help="answer repeated requests from a recording")
    parser.add_argument("--deny", help="answer AccessDenied to requests matching this regex")
    parser.add_argument("--deny-body", help="answer AccessDenied to requests whose body matches this regex")
    parser.add_argument("--only", help="services the fault applies to (default: all)")
    parser.add_argument("--except", dest="except_", help="services the fault never applies to")
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.config = Config(args)
    server.stats = Stats()
    server.throttle_count = 0
    server.recording = {}
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
