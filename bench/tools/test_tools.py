"""Tests of the harness's own logic (parsing, percentiles, report): python3 -m unittest discover bench/tools"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402
import procs  # noqa: E402
import report  # noqa: E402
import systems  # noqa: E402


def sample_results() -> dict:
    def fig(rps, p99, rss):
        return {"rps": rps, "p50_ms": p99 / 3, "p90_ms": p99 / 2, "p99_ms": p99, "errors": 0, "rss_mb": rss}

    return {
        "date": "2026-11-21T10:00:00Z",
        "machine": {"cpu": "Test CPU", "cores": 2, "memory_gb": 8.0, "os": "Debian", "kernel": "6", "load_average_at_start": [1.0, 1.0, 1.0]},
        "versions": {"tessera": "abc123", "n8n": "2.8.4", "node": "v20.0.0", "dotnet": "10.0.100", "wrk": "wrk 4.1.0"},
        "settings": {"quick": True, "duration_s": 10, "warmup_s": 2, "connections": 32, "threads": 1, "item_runs": 3},
        "elapsed_s": 200.0,
        "scenarios": [
            {"name": "webhook-set", "saving": "on", "tessera": fig(3000, 20, 90), "n8n": fig(150, 400, 600), "ratio_rps": 20.0},
            {"name": "webhook-code", "saving": "off", "tessera": {"failed": "boom"}, "n8n": fig(100, 500, 650), "ratio_rps": None},
            {"name": "webhook-10-nodes", "saving": "off", "tessera": None, "n8n": fig(90, 600, 640), "ratio_rps": None},
            {"name": "items-5000", "saving": "off", "tessera": dict(fig(5, 200, 90), cli_ms=900, runs=3),
             "n8n": dict(fig(0.1, 9000, 400), cli_ms=20000, runs=3), "ratio_rps": 50.0, "ratio_cli": 22.2},
            {"name": "memory", "saving": "on", "variant": "idle-after-start", "tessera": fig(None, 0, 60),
             "n8n": fig(None, 0, 380), "ratio_rps": None, "ratio_rss": 0.16},
        ],
    }


class RunDataTests(unittest.TestCase):
    def test_parse_json_output_skipsLogLinesAroundTheDocument(self):
        text = 'Migrations in progress {not json}\nn8n ready\n{\n  "data": {"resultData": {"runData": {}}}\n}\nRegistered runner\n'
        self.assertEqual(systems._parse_json_output(text), {"data": {"resultData": {"runData": {}}}})

    def test_parse_json_output_noJson_raises(self):
        with self.assertRaises(systems.RunFailed):
            systems._parse_json_output("only logs\n")

    def test_execution_span_ms_nestedRunData_firstStartToLastEnd(self):
        run = {"data": {"resultData": {"runData": {
            "A": [{"startTime": 1000, "executionTime": 5}],
            "B": [{"startTime": 1010, "executionTime": 40.5}, {"startTime": 1060, "executionTime": 2}],
        }}}}
        self.assertAlmostEqual(systems.execution_span_ms(run), 62.0)

    def test_execution_span_ms_flatRunData_sameAsNested(self):
        run = {"status": "success", "runData": {"A": [{"startTime": 5, "executionTime": 10}]}}
        self.assertEqual(systems.execution_span_ms(run), 10)


class PercentileTests(unittest.TestCase):
    def test_pct_fewRuns_p99IsSlowestAndP50IsMiddle(self):
        values = [10.0, 20.0, 30.0]
        self.assertEqual(compare._pct(values, 99), 30.0)
        self.assertEqual(compare._pct(values, 50), 20.0)

    def test_ratio_missingSide_none(self):
        self.assertIsNone(compare.ratio(None, 5))
        self.assertEqual(compare.ratio(30, 10), 3.0)


class WrkTests(unittest.TestCase):
    def test_run_wrk_parsesScriptJson_countsEveryErrorKind(self):
        line = ('{"requests":1000,"duration_us":10000000,"bytes":1,"p50_us":1500,"p90_us":2500,"p99_us":9000,"max_us":1,'
                '"connect":1,"read":2,"write":3,"status":4,"timeout":5}')
        done = subprocess.CompletedProcess([], 0, stdout="Running 10s test\n" + line + "\n", stderr="")
        with mock.patch.object(compare.subprocess, "run", return_value=done):
            r = compare.run_wrk("http://x", 10, 32, 1)
        self.assertEqual((r["rps"], r["p50_ms"], r["p99_ms"], r["errors"]), (100.0, 1.5, 9.0, 15))


class ProcsTests(unittest.TestCase):
    def test_peak_rss_childTree_includesGrandchildren(self):
        p = subprocess.Popen(["bash", "-c", "sleep 5 & sleep 5 & wait"], start_new_session=True)
        try:
            time.sleep(0.3)
            self.assertGreaterEqual(len(procs.tree(p.pid)), 3)
            with procs.PeakRss(p.pid, interval=0.02) as peak:
                time.sleep(0.1)
            self.assertGreater(peak.peak_mb, 0)
        finally:
            procs.stop_group(p.pid, timeout=5, child=p)
        self.assertIsNotNone(p.poll())


class ReportTests(unittest.TestCase):
    def test_section_everyScenario_showsBothSystemsAndVerdicts(self):
        text = report.section(sample_results(), "bench/results/x.json")
        self.assertIn("| webhook-set | on | 3,000 | 150 | 20.00× |", text)
        self.assertIn("≥ 10× req/s, p99 ≤ n8n's: **met**", text)
        self.assertIn("| webhook-code | off | failed | 100 |", text)
        self.assertIn("not run", text)
        self.assertIn("50.00× faster", text)
        self.assertIn("| 60 MB | 380 MB | 0.16× | ≤ ½ of n8n: **met** |", text)

    def test_load_text_loadRecorded_givesRange(self):
        results = sample_results()
        results["scenarios"][0]["tessera"]["load_avg"] = 3.2
        results["scenarios"][0]["n8n"]["load_avg"] = 17.6
        self.assertIn("was 3–18 on 2 cores", report.load_text(results))
        self.assertEqual(report.load_text(sample_results()), "")

    def test_update_doc_twice_replacesOnlyTheMarkedSection(self):
        with tempfile.TemporaryDirectory() as d:
            doc = Path(d) / "benchmarks.md"
            doc.write_text("# Benchmarks\n\nintro\n")
            with mock.patch.object(report, "DOC", doc):
                report.update_doc(sample_results(), "bench/results/x.json")
                once = doc.read_text()
                report.update_doc(sample_results(), "bench/results/x.json")
                self.assertEqual(doc.read_text(), once)
            self.assertTrue(once.startswith("# Benchmarks\n\nintro\n\n## Tessera vs n8n\n"))
            self.assertEqual(once.count(report.START), 1)

    def test_svg_chart_isWellFormedWithBarsForMeasuredFigures(self):
        svg = report.svg_chart(sample_results())
        root = ET.fromstring(svg)
        bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect") if e.get("fill") in report.COLORS.values()]
        self.assertGreater(len(bars), 6)
        self.assertIn("not measured", svg)


if __name__ == "__main__":
    unittest.main()
