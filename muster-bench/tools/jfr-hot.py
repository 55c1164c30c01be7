#!/usr/bin/env python3
"""Hot methods of a JFR recording, per thread group (JDK 17's `jfr` has no `view`).

  BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=target/bench.jfr,settings=profile" ./bench --sizes 10000 --skip admission,scale
  python3 muster-bench/tools/jfr-hot.py target/bench.jfr [thread-substring ...]

For each thread group (default: the server's core thread and its SIP stack threads) prints the
share of execution samples in which a method is on the stack (inclusive), for Muster and
library frames, and the top self frames.
"""
import collections, re, subprocess, sys

path = sys.argv[1]
groups = sys.argv[2:] or ["muster-core", "muster-bench-1-", "bench-bare"]
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", path], capture_output=True, text=True).stdout
samples = []
for ev in text.split("jdk.ExecutionSample")[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', ev)
    frames = re.findall(r'^\s+([\w$.<>/]+)\(', ev.split("stackTrace = [", 1)[-1], re.M)
    if m and frames:
        samples.append((m.group(1), frames))
for g in groups:
    mine = [f for t, f in samples if g in t]
    if not mine:
        continue
    print(f"\n== threads '{g}': {len(mine)} samples")
    incl, self_ = collections.Counter(), collections.Counter()
    for frames in mine:
        self_[frames[0]] += 1
        for fr in set(frames):
            incl[fr] += 1
    print("  inclusive (org.muster / protocol / stack entry points):")
    for fr, c in incl.most_common(400):
        if fr.startswith(("org.muster", "gov.nist.javax.sip.stack.SIPClientTransactionImpl.sendRequest",
                          "org.glassfish.jaxb.runtime.v2.runtime.MarshallerImpl.marshal", "jakarta.xml.bind.JAXBContext",
                          "ch.qos.logback", "java.util.concurrent.ScheduledThreadPoolExecutor.schedule")):
            print(f"  {100.0 * c / len(mine):5.1f}%  {fr}")
    print("  self (top 15):")
    for fr, c in self_.most_common(15):
        print(f"  {100.0 * c / len(mine):5.1f}%  {fr}")
