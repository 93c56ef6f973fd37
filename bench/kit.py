#!/usr/bin/env python3
"""The benchmark kit: drives the real binaries over loopback with one load
generator (grpc_load) and reports every figure as a ratio to a baseline
measured in the same run.

Baselines:
  - echo: a bare callback-API gRPC server built from this tree (echo_server),
    under the same load shape: the floor of our own stack.
  - the same call on the smallest data set (listing at 10^3 vs 10^6 projects,
    totals at 10 vs 10^6 events): cost proportional to the answer.
  - etcd (--peers): a durable gRPC key-value store on loopback.

Rounds interleave targets and baselines so drift of a noisy machine hits both
alike; a figure is the median over rounds, a ratio the median of each round's
paired ratio, with its spread (min-max).

Run it through scripts/bench, which builds first. Writes results.json and
results.md to --out.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Server:
    """A server binary on a free loopback port, with its CPU and memory."""

    def __init__(self, kit, name, argv, ready_pattern=None):
        """Starts `argv`. With `ready_pattern`, waits for the line on stdout
        that says the server is serving (its group 1 is the address);
        without, the caller probes for readiness and sets `address`."""
        self.name = name
        log = open(os.path.join(kit.work, name + ".log"), "a")
        started = time.monotonic()
        self.process = subprocess.Popen(
            argv, stdout=subprocess.PIPE if ready_pattern else log,
            stderr=log, text=True)
        self.address = None
        if ready_pattern is None:
            return
        for line in self.process.stdout:
            match = re.search(ready_pattern, line)
            if match:
                self.address = match.group(1)
                break
        if self.address is None:
            raise RuntimeError(f"{name} did not start; see {log.name}")
        self.start_seconds = time.monotonic() - started

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def memory_kib(self):
        """(current RSS, peak RSS) in KiB."""
        values = {}
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
        return values["VmRSS"], values["VmHWM"]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Kit:
    def __init__(self, args):
        self.args = args
        self.bin = args.bin_dir
        self.work = args.work_dir
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.rows = []      # every measurement, as recorded
        self.summary = []   # the table: one line per figure with its ratio
        self.servers = []

    # --- processes -------------------------------------------------------

    def start_service(self, binary, data_dir, extra=()):
        argv = [os.path.join(self.bin, binary), "--address=127.0.0.1:0",
                f"--data_dir={data_dir}", "--log_level=warning",
                f"--block_cache_mb={self.args.block_cache_mb}", *extra]
        server = Server(self, binary, argv,
                        rf"^{binary}: serving on (\S+)")
        self.servers.append(server)
        return server

    def start_echo(self):
        server = Server(self, "echo_server",
                        [os.path.join(self.bin, "echo_server")],
                        r"^echo-server: serving on (\S+)")
        self.servers.append(server)
        return server

    def start_etcd(self, data_dir):
        port = free_port()
        peer = free_port()
        argv = ["etcd", f"--data-dir={data_dir}",
                f"--listen-client-urls=http://127.0.0.1:{port}",
                f"--advertise-client-urls=http://127.0.0.1:{port}",
                f"--listen-peer-urls=http://127.0.0.1:{peer}",
                f"--initial-advertise-peer-urls=http://127.0.0.1:{peer}",
                f"--initial-cluster=default=http://127.0.0.1:{peer}",
                "--log-level=error", "--logger=zap"]
        server = Server(self, "etcd", argv)
        server.address = f"127.0.0.1:{port}"
        started = time.monotonic()
        while time.monotonic() - started < 30:
            probe = self.load("etcd_put", server, connections=1, in_flight=1,
                              calls=1, check=False)
            if probe and probe["ok"] == 1:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("etcd did not start; see etcd.log")
        server.start_seconds = time.monotonic() - started
        self.servers.append(server)
        return server

    def stop(self, server):
        server.stop()
        self.servers.remove(server)

    def stop_all(self):
        for server in list(self.servers):
            self.stop(server)

    # --- load ------------------------------------------------------------

    def load(self, scenario, server, connections=4, in_flight=64, calls=0,
             check=True, **flags):
        argv = [os.path.join(self.bin, "grpc_load"),
                f"--target={server.address}", f"--scenario={scenario}",
                f"--connections={connections}", f"--in_flight={in_flight}",
                f"--seconds={self.args.seconds}",
                f"--warmup_ms={self.args.warmup_ms}"]
        if calls:
            argv.append(f"--calls={calls}")
        argv += [f"--{key}={value}" for key, value in flags.items()]
        cpu_before = server.cpu_seconds()
        done = subprocess.run(argv, capture_output=True, text=True)
        if done.returncode != 0 and check and not calls:
            # A run can fail without the server at fault (a stalled
            # machine: no call answered inside the window); one retry,
            # noted in the results.
            print(f"  {scenario}: retrying after exit {done.returncode}: "
                  f"{done.stderr.strip()}", file=sys.stderr, flush=True)
            cpu_before = server.cpu_seconds()
            done = subprocess.run(argv, capture_output=True, text=True)
            retried = True
        else:
            retried = False
        if done.returncode != 0:
            if not check:
                return None
            raise RuntimeError(f"grpc_load {scenario} failed (exit "
                               f"{done.returncode}): {done.stderr}")
        row = json.loads(done.stdout)
        if retried:
            row["retried"] = True
        if cpu_before is not None and row["ok"]:
            row["server_cpu_us_per_call"] = (
                (server.cpu_seconds() - cpu_before) * 1e6
                / (row["ok"] + row["errors"]))
        if done.stderr.strip():
            row["stderr"] = done.stderr.strip()
        return row

    def h2load(self, label, server, path, message, round_, connections=4,
               streams=16):
        """The same call driven by h2load, an independent HTTP/2 load
        generator: a check on grpc_load's figures, not a second source of
        them (h2load sees HTTP status only, not grpc-status)."""
        body = os.path.join(self.work, "h2load-body.bin")
        with open(body, "wb") as out:  # a gRPC frame: flag, length, message
            out.write(b"\0" + len(message).to_bytes(4, "big") + message)
        done = subprocess.run(
            ["h2load", f"--duration={self.args.seconds}",
             f"--warm-up-time={max(1, self.args.warmup_ms // 1000)}",
             f"--clients={connections}", f"--max-concurrent-streams={streams}",
             f"--data={body}", "--header=content-type: application/grpc",
             "--header=te: trailers", f"http://{server.address}{path}"],
            capture_output=True, text=True, check=True)
        match = re.search(r"finished in [\d.]+s, ([\d.]+) req/s", done.stdout)
        ok = re.search(r"requests: .* (\d+) succeeded", done.stdout)
        row = {"label": label, "round": round_, "target": server.name,
               "calls_per_s": float(match.group(1)), "ok": int(ok.group(1)),
               "errors": 0, "p50_us": 0, "p99_us": 0, "p999_us": 0}
        self.rows.append(row)
        print(f"  {label}: {row['calls_per_s']:,.0f}/s", file=sys.stderr,
              flush=True)
        return row

    def measure(self, label, scenario, server, round_, **shape):
        row = self.load(scenario, server, **shape)
        row.update(label=label, round=round_, target=server.name)
        self.rows.append(row)
        print(f"  {label}: {row['calls_per_s']:,.0f}/s p50 "
              f"{row['p50_us']:,.0f} µs p99 {row['p99_us']:,.0f} µs"
              f"{' errors ' + str(row['errors']) if row['errors'] else ''}",
              file=sys.stderr, flush=True)
        return row

    # --- reporting -------------------------------------------------------

    def runs(self, label):
        return {row["round"]: row for row in self.rows if row["label"] == label}

    def compare(self, figure, label, baseline, target_note=""):
        """One table line: `label` against `baseline`, paired by round."""
        ours, base = self.runs(label), self.runs(baseline)
        rounds = sorted(set(ours) & set(base))
        if not rounds:
            return
        med = lambda runs, key: statistics.median(runs[r][key] for r in rounds)
        throughput = [ours[r]["calls_per_s"] / base[r]["calls_per_s"]
                      for r in rounds if base[r]["calls_per_s"]]
        p99 = [ours[r]["p99_us"] / base[r]["p99_us"]
               for r in rounds if base[r]["p99_us"]]
        cpu = [r for r in rounds if "server_cpu_us_per_call" in ours[r]]
        self.summary.append({
            "figure": figure, "label": label, "baseline": baseline,
            "calls_per_s": med(ours, "calls_per_s"),
            "p50_us": med(ours, "p50_us"), "p99_us": med(ours, "p99_us"),
            "p999_us": med(ours, "p999_us"),
            "errors": sum(ours[r]["errors"] for r in rounds),
            "server_cpu_us_per_call": statistics.median(
                ours[r]["server_cpu_us_per_call"] for r in cpu) if cpu else None,
            "baseline_calls_per_s": med(base, "calls_per_s"),
            "baseline_p99_us": med(base, "p99_us"),
            "throughput_ratio": ratio(throughput),
            "p99_ratio": ratio(p99),
            "target": target_note,
        })

    def note(self, figure, value, target_note=""):
        self.summary.append({"figure": figure, "value": value,
                             "target": target_note})

    def write(self, machine):
        os.makedirs(self.args.out, exist_ok=True)
        with open(os.path.join(self.args.out, "results.json"), "w") as out:
            json.dump({"machine": machine, "args": vars(self.args),
                       "summary": self.summary, "rows": self.rows}, out,
                      indent=1)
        lines = [
            "| figure | calls/s | p50 µs | p99 µs | p99.9 µs | server CPU "
            "µs/call | baseline calls/s | throughput ratio | p99 ratio "
            "| target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        notes = []
        for line in self.summary:
            if "value" in line:
                notes.append(f"- {line['figure']}: {line['value']}"
                             f"{' (' + line['target'] + ')' if line['target'] else ''}")
                continue
            cpu = line["server_cpu_us_per_call"]
            lines.append(
                f"| {line['figure']} | {line['calls_per_s']:,.0f} "
                f"| {line['p50_us']:,.0f} | {line['p99_us']:,.0f} "
                f"| {line['p999_us']:,.0f} "
                f"| {'' if cpu is None else f'{cpu:,.1f}'} "
                f"| {line['baseline_calls_per_s']:,.0f} "
                f"| {fmt(line['throughput_ratio'])} | {fmt(line['p99_ratio'])} "
                f"| {line['target']} |")
        text = "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"
        with open(os.path.join(self.args.out, "results.md"), "w") as out:
            out.write(text)
        return text


def ratio(values):
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values)}


def fmt(value):
    if value is None:
        return ""
    return (f"{value['median']:.2f}x ({value['min']:.2f}-"
            f"{value['max']:.2f})")


def proto_bytes(field, value):
    """One length-delimited protobuf field."""
    out = bytes([field << 3 | 2])
    n = len(value)
    while n >= 0x80:
        out += bytes([n & 0x7F | 0x80])
        n >>= 7
    return out + bytes([n]) + value


def free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sizes(text):
    return [int(float(size)) for size in text.split(",")]


# --- phases ----------------------------------------------------------------

# Bump when the data sets' shape changes, so cached ones are rebuilt.
DATA_SET_VERSION = 1


def cached_data_set(kit, name):
    """(directory, True when a complete copy is cached). Data sets are kept
    under --data_dir between runs (loading 10^6 records takes minutes), and
    rebuilt with --fresh_data or when DATA_SET_VERSION changes."""
    path = os.path.join(kit.args.data_dir, f"v{DATA_SET_VERSION}-{name}")
    marker = path + ".complete"
    if os.path.exists(marker) and not kit.args.fresh_data:
        return path, True
    shutil.rmtree(path, ignore_errors=True)
    if os.path.exists(marker):
        os.remove(marker)
    return path, False


def mark_complete(path):
    open(path + ".complete", "w").close()


def load_catalog(kit, size):
    """A catalog data set of `size` projects, loaded through the API."""
    data_dir, cached = cached_data_set(kit, f"catalog-{size}")
    if cached:
        return data_dir
    server = kit.start_service("catalog-service", data_dir)
    started = time.monotonic()
    row = kit.load("create", server, in_flight=256, calls=size,
                   setup="catalog", id_prefix="bench")
    print(f"loaded {size:,} projects in {time.monotonic() - started:.1f} s "
          f"({row['calls_per_s']:,.0f}/s)", file=sys.stderr, flush=True)
    kit.stop(server)
    mark_complete(data_dir)
    return data_dir


def load_metrics(kit, flows, meetings, rankings):
    data_dir, cached = cached_data_set(
        kit, f"metrics-{flows}-{meetings}-{rankings}")
    if cached:
        return data_dir
    server = kit.start_service("metrics-service", data_dir)
    started = time.monotonic()
    for scenario, calls in (("record_flow", flows),
                            ("record_meeting", meetings),
                            ("record_ranking", rankings)):
        kit.load(scenario, server, in_flight=256, connections=4, calls=calls,
                 setup="metrics")
    print(f"loaded {flows:,} flows, {meetings:,} meetings, {rankings:,} "
          f"rankings in {time.monotonic() - started:.1f} s", file=sys.stderr,
          flush=True)
    kit.stop(server)
    mark_complete(data_dir)
    return data_dir


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin_dir", default="build/bin")
    parser.add_argument("--work_dir", default="var/bench/kit")
    parser.add_argument("--out", default="var/bench/kit")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--warmup_ms", type=int, default=500)
    parser.add_argument("--sizes", type=sizes, default=sizes("1e3,1e5,1e6"),
                        help="catalog data sets, in projects")
    parser.add_argument("--data_dir", default="var/bench/data-sets",
                        help="where loaded data sets are kept between runs")
    parser.add_argument("--fresh_data", action="store_true",
                        help="rebuild the data sets even when cached")
    parser.add_argument("--events", type=sizes, default=sizes("10,1e6"),
                        help="metrics data sets: fund flows")
    parser.add_argument("--meetings", type=sizes, default=sizes("10,1e5"),
                        help="meetings per metrics data set")
    parser.add_argument("--rankings", type=sizes, default=sizes("10,1000"),
                        help="ranking editions per data set (the trend "
                             "returns every point, so it is sized apart)")
    parser.add_argument("--shapes", default="1x1,4x16,16x64",
                        help="connections x streams for the echo comparison")
    parser.add_argument("--writers", default="1,8,64,1024",
                        help="in-flight durable writes")
    parser.add_argument("--watchers", type=int, default=100)
    parser.add_argument("--watch_events", type=int, default=200)
    parser.add_argument("--block_cache_mb", type=int, default=64)
    parser.add_argument("--h2load", action=argparse.BooleanOptionalAction,
                        default=True, help="check grpc_load against h2load "
                        "(Debian's nghttp2-client) on echo and GetProject")
    parser.add_argument("--peers", action="store_true",
                        help="also measure etcd Put (Debian's etcd-server)")
    parser.add_argument("--smoke", action="store_true",
                        help="every scenario once, on small data sets in a "
                        "temporary directory, in seconds; fails on any error "
                        "(ctest runs it so the kit cannot rot)")
    args = parser.parse_args()
    scratch = None
    if args.smoke:
        scratch = tempfile.mkdtemp(prefix="busan-bench-smoke-")
        args.__dict__.update(
            rounds=1, seconds=1, warmup_ms=100, sizes=[100, 1000],
            events=[10, 100], meetings=[10, 100], rankings=[10, 100],
            shapes="4x16", writers="8", watchers=5, watch_events=10,
            h2load=False, peers=False, fresh_data=True,
            work_dir=os.path.join(scratch, "work"),
            data_dir=os.path.join(scratch, "data"),
            out=os.path.join(scratch, "work"))
    kit = Kit(args)
    try:
        run(kit)
    finally:
        kit.stop_all()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.smoke:
        failed = [row for row in kit.rows
                  if row.get("errors") or not row.get("ok")]
        for row in failed:
            print(f"smoke: {row['label']}: {row.get('errors')} errors, "
                  f"{row.get('ok')} ok {row.get('stderr', '')}",
                  file=sys.stderr)
        if failed or not kit.summary:
            sys.exit(1)
        print(f"smoke: ok ({len(kit.rows)} runs, {len(kit.summary)} figures)")


def run(kit):
    args = kit.args
    started = time.monotonic()
    shapes = [tuple(int(n) for n in shape.split("x"))
              for shape in args.shapes.split(",")]
    writers = [int(n) for n in args.writers.split(",")]

    catalogs = {size: load_catalog(kit, size) for size in args.sizes}
    metrics = {events: load_metrics(kit, events, meetings, rankings)
               for events, meetings, rankings in
               zip(args.events, args.meetings, args.rankings)}
    largest, smallest = max(args.sizes), min(args.sizes)

    # Cold start: open + ready on the largest data set, one per round.
    cold = []
    for _ in range(args.rounds):
        server = kit.start_service("catalog-service", catalogs[largest])
        cold.append(server.start_seconds)
        kit.stop(server)

    echo = kit.start_echo()
    catalog_servers = {size: kit.start_service("catalog-service", path)
                       for size, path in catalogs.items()}
    metrics_servers = {n: kit.start_service("metrics-service", path)
                       for n, path in metrics.items()}
    big = catalog_servers[largest]
    for round_ in range(1, args.rounds + 1):
        print(f"round {round_} of {args.rounds}: reads", file=sys.stderr)
        order = [echo, big] if round_ % 2 else [big, echo]
        for connections, streams in shapes:
            shape = dict(connections=connections,
                         in_flight=connections * streams)
            tag = f"{connections}x{streams}"
            for server in order:
                if server is echo:
                    kit.measure(f"echo {tag}", "echo", echo, round_, **shape)
                else:
                    kit.measure(f"get_hot {tag}", "get_hot", big, round_,
                                **shape)
                    kit.measure(f"get_uniform {tag}", "get_uniform", big,
                                round_, keys=largest, **shape)
        if args.h2load:
            for server in order:
                if server is echo:
                    kit.h2load("h2load echo 4x16", echo,
                               "/busan.bench.v1.Echo/Echo",
                               proto_bytes(1, b"x" * 400), round_)
                else:
                    kit.h2load("h2load get_hot 4x16", big,
                               "/busan.catalog.v1.CatalogService/GetProject",
                               proto_bytes(1, b"projects/bench-0"), round_)
        kit.measure("batch_get 4x16", "batch_get", big, round_,
                    keys=largest, connections=4, in_flight=64)
        for size, server in catalog_servers.items():
            for scenario in ("list_strategy", "list_origin"):
                kit.measure(f"{scenario} {size}", scenario, server, round_,
                            connections=4, in_flight=64)
            kit.measure(f"walk_strategy {size}", "walk_strategy", server,
                        round_, connections=1, in_flight=1)
        for events, server in metrics_servers.items():
            for scenario in ("fund_totals", "meeting_stats", "ranking_trend"):
                kit.measure(f"{scenario} {events}", scenario, server, round_,
                            connections=4, in_flight=64)
    rss = big.memory_kib()
    for server in [echo, *catalog_servers.values(), *metrics_servers.values()]:
        kit.stop(server)

    # Durable writes, each round on fresh data directories.
    for round_ in range(1, args.rounds + 1):
        print(f"round {round_} of {args.rounds}: writes", file=sys.stderr)
        writes = kit.start_service(
            "catalog-service", os.path.join(kit.work, f"writes-{round_}"))
        flows = kit.start_service(
            "metrics-service", os.path.join(kit.work, f"flows-{round_}"))
        echo = kit.start_echo()
        peer = kit.start_etcd(os.path.join(kit.work, f"etcd-{round_}")) \
            if args.peers else None
        kit.load("create", writes, calls=1, setup="catalog", id_prefix="warm")
        kit.load("record_flow", flows, calls=1, setup="metrics")
        for in_flight in writers:
            connections = min(in_flight, 4 if in_flight <= 64 else 16)
            shape = dict(connections=connections, in_flight=in_flight)
            kit.measure(f"echo w{in_flight}", "echo", echo, round_, **shape)
            kit.measure(f"create w{in_flight}", "create", writes, round_,
                        id_prefix=f"r{round_}w{in_flight}", **shape)
            kit.measure(f"record_flow w{in_flight}", "record_flow", flows,
                        round_, **shape)
            if peer:
                kit.measure(f"etcd_put w{in_flight}", "etcd_put", peer,
                            round_, **shape)
        watch = kit.load("watch", writes, watchers=args.watchers,
                         events=args.watch_events, id_prefix=f"watch{round_}")
        watch.update(label="watch", round=round_, target="catalog-service")
        kit.rows.append(watch)
        for server in [writes, flows, echo] + ([peer] if peer else []):
            kit.stop(server)

    # The table.
    for connections, streams in shapes:
        tag = f"{connections}x{streams}"
        kit.compare(f"GetProject hot key, {tag}", f"get_hot {tag}",
                    f"echo {tag}", "≥ 0.90x throughput, p99 ≤ 1.5x"
                    if tag in ("4x16", "16x64") else "")
        kit.compare(f"GetProject uniform over {largest:,}, {tag}",
                    f"get_uniform {tag}", f"echo {tag}")
    kit.compare("h2load: GetProject hot key vs echo, 4x16 (check on the "
                "grpc_load line above)", "h2load get_hot 4x16",
                "h2load echo 4x16")
    kit.compare("BatchGetProjects of 50, 4x16", "batch_get 4x16",
                "echo 4x16")
    for size in args.sizes:
        for scenario, what in (("list_strategy", "by strategy"),
                               ("list_origin", "by origin")):
            kit.compare(f"ListProjects {what}, page of 50, {size:,} projects "
                        f"vs {smallest:,}", f"{scenario} {size}",
                        f"{scenario} {smallest}",
                        "≤ 2x" if size == largest else "")
        kit.compare(f"Page walk of a strategy, {size:,} projects (pages/s) "
                    f"vs {smallest:,}", f"walk_strategy {size}",
                    f"walk_strategy {smallest}")
    few, many = min(args.events), max(args.events)
    sets = {"fund_totals": ("GetFundTotals", args.events),
            "meeting_stats": ("GetMeetingStats", args.meetings),
            "ranking_trend": ("GetRankingTrend", args.rankings)}
    for scenario, (what, counts) in sets.items():
        kit.compare(f"{what}, {max(counts):,} vs {min(counts):,} recorded",
                    f"{scenario} {many}", f"{scenario} {few}",
                    "≤ 1.2x" if scenario != "ranking_trend" else
                    "O(points): the trend returns every point")
    for in_flight in writers:
        kit.compare(f"CreateProject durable, {in_flight} in flight vs echo",
                    f"create w{in_flight}", f"echo w{in_flight}")
        kit.compare(f"RecordFundFlow durable, {in_flight} in flight vs echo",
                    f"record_flow w{in_flight}", f"echo w{in_flight}")
        if args.peers:
            kit.compare(f"CreateProject durable, {in_flight} in flight vs "
                        f"etcd Put", f"create w{in_flight}",
                        f"etcd_put w{in_flight}",
                        "≥ 1.5x" if in_flight == 1024 else "")
    watches = [row for row in kit.rows if row["label"] == "watch"]
    if watches:
        kit.note(f"WatchCatalog delivery to {args.watchers} watchers "
                 f"(create issued → event held)",
                 f"p50 {statistics.median(w['p50_us'] for w in watches):,.0f}"
                 f" µs, p99 {statistics.median(w['p99_us'] for w in watches):,.0f}"
                 f" µs, delivered {sum(w['ok'] for w in watches):,} of "
                 f"{sum(w['expected'] for w in watches):,}")
    kit.note(f"Cold start (open + serving) with {largest:,} projects",
             f"median {statistics.median(cold):.2f} s (max {max(cold):.2f} s)",
             "< 2 s")
    kit.note(f"RSS of catalog-service with {largest:,} projects after the "
             f"reads", f"{rss[0] / 1024:.0f} MiB (peak {rss[1] / 1024:.0f} "
             f"MiB), block cache {args.block_cache_mb} MiB", "< 256 MiB")
    kit.note("Kit run time", f"{time.monotonic() - started:.0f} s")
    machine = {"cores": os.cpu_count(), "kernel": os.uname().release}
    print(kit.write(machine))


if __name__ == "__main__":
    main()
