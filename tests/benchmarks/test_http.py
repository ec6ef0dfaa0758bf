"""benchmarks/http.py: wrk's figures as our done() prints them, read back from a real wrk run
against a small server on loopback; and the verdict of each row from measured figures."""

import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.http import LUA, ROWS, parse_wrk, verdict


class Hello(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        status = 200 if self.path == "/ok" else 404
        self.send_response(status)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk closes its connections at the end, mid-response


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (scripts/system_deps.sh --bench)"
)
@pytest.mark.parametrize("path, non_2xx", [("/ok", False), ("/missing", True)])
def test_wrk_figures_are_read_from_the_json_line_of_done(tmp_path, path, non_2xx):
    server = Server(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    lua = tmp_path / "done.lua"
    lua.write_text(LUA)
    try:
        out = subprocess.run(
            ["wrk", "-t1", "-c2", "-d1s", "-s", str(lua), f"http://127.0.0.1:{server.server_port}{path}"],
            capture_output=True, text=True, check=True, timeout=30,
        )  # fmt: skip
    finally:
        server.shutdown()
    r = parse_wrk(out.stdout)
    assert r["requests"] > 0 and r["errors"] == 0
    assert (r["non_2xx"] == r["requests"]) is non_2xx
    assert 0 < r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"]
    assert r["bytes_per_response"] > 5  # the body and the headers
    assert r["rps"] == pytest.approx(r["requests"] / (r["duration_us"] / 1e6))


def figures(rps=1000.0, p50=10.0, p95=20.0, requests=100, errors=0, non_2xx=0):
    return dict(rps=rps, p50_ms=p50, p95_ms=p95, requests=requests, errors=errors, non_2xx=non_2xx)


def test_the_verdict_of_each_row_follows_its_target():
    tile, potentials, regions, country, small_map = ROWS
    assert verdict(tile, figures(rps=303, p95=49.9)) == "met"
    assert verdict(tile, figures(rps=302, p95=10)) == "NOT met"
    assert verdict(tile, {**figures(rps=302, p95=10), "others": 0.37}) == "NOT met (machine busy: 37%)"
    assert verdict(tile, {**figures(rps=303, p95=10), "others": 0.37}) == "met"
    assert verdict(tile, figures(rps=1000, p95=50)) == "NOT met"
    assert verdict(potentials, figures(rps=97, p50=900)) == "met"
    assert verdict(potentials, figures(rps=96.9)) == "NOT met"
    assert verdict(regions, figures(p50=99)) == "met"
    assert verdict(regions, figures(p50=100)) == "NOT met"
    assert verdict(country, figures(p50=299)) == "met"
    assert verdict(country, figures(p50=300)) == "NOT met"
    assert verdict(small_map, figures(p50=499)) == "met"
    assert verdict(small_map, figures(p50=500)) == "NOT met"


def test_errors_or_no_response_are_never_met():
    tile = ROWS[0]
    assert verdict(tile, figures(errors=1)) == "NOT met (errors)"
    assert verdict(tile, figures(non_2xx=3)) == "NOT met (errors)"
    assert verdict(tile, figures(requests=0)) == "NOT met (no response)"
