#!/usr/bin/env python3
"""Reads two Google Benchmark JSON files the way Google Benchmark's tools/compare.py does
(gbench/util.py: classify_input_file, load_benchmark_results; gbench/report.py:
partition_benchmarks, get_difference_report, calculate_geomean), with the standard library
only, and fails where compare.py would fail or silently compare nothing.

Usage: gbench_compare_check.py BASELINE.json CONTENDER.json
Prints one line per compared benchmark (name, repetitions, time change) and exits 0; exits
1 with the reason otherwise. tests/cli/export_test.cc runs it on `tunelab export --format
gbench-json` output."""
import json
import math
import os
import sys


def fail(message):
    print("gbench_compare_check: " + message, file=sys.stderr)
    sys.exit(1)


def reject_constant(name):
    # compare.py's json.load would accept NaN/Infinity, but strict JSON readers (and our own
    # importer) do not: the file must not contain them.
    fail("non-finite number %s in the file" % name)


def load_benchmark_results(path):
    # util.classify_input_file: a readable, non-executable file that json.load accepts.
    if not os.path.isfile(path):
        fail(path + ": does not exist or is not a file")
    if os.access(path, os.X_OK):
        fail(path + ": is executable; compare.py would run it as a benchmark")
    with open(path, "r") as f:
        results = json.load(f, parse_constant=reject_constant)
    # util.load_benchmark_results
    if "context" in results and "json_schema_version" in results["context"]:
        if results["context"]["json_schema_version"] != 1:
            fail(path + ": json_schema_version %r, compare.py wants 1" % results["context"]["json_schema_version"])
    if "benchmarks" not in results:
        fail(path + ": no 'benchmarks' list")
    return results


def is_potentially_comparable_benchmark(x):
    return "time_unit" in x and "real_time" in x and "cpu_time" in x


def get_unique_benchmark_names(json_):
    seen = set()
    return [x["name"] for x in json_["benchmarks"] if x["name"] not in seen and (seen.add(x["name"]) or True)]


def partition_benchmarks(json1, json2):
    names = [n for n in get_unique_benchmark_names(json1) if n in set(get_unique_benchmark_names(json2))]
    partitions = []
    for name in names:
        time_unit = None
        for x in json1["benchmarks"]:
            if x["name"] == name and is_potentially_comparable_benchmark(x):
                time_unit = x["time_unit"]
                break
        if time_unit is None:
            continue
        lhs = [x for x in json1["benchmarks"] if x["name"] == name and x["time_unit"] == time_unit]
        rhs = [x for x in json2["benchmarks"] if x["name"] == name and x["time_unit"] == time_unit]
        partitions.append([lhs, rhs])
    return partitions


def calculate_change(old_val, new_val):
    if old_val == 0 and new_val == 0:
        return 0.0
    if old_val == 0:
        return float(new_val - old_val) / (float(old_val + new_val) / 2)
    return float(new_val - old_val) / abs(old_val)


def calculate_geomean(json_):
    times = []
    for b in json_["benchmarks"]:
        if b.get("run_type") == "aggregate" or b.get("error_occurred"):
            continue
        times.append(b["real_time"])
    if not times:
        return float("nan")
    return math.exp(sum(math.log(t) for t in times) / len(times))


def main():
    if len(sys.argv) != 3:
        fail("usage: gbench_compare_check.py BASELINE.json CONTENDER.json")
    json1 = load_benchmark_results(sys.argv[1])
    json2 = load_benchmark_results(sys.argv[2])
    for path, j in ((sys.argv[1], json1), (sys.argv[2], json2)):
        for b in j["benchmarks"]:
            for key in ("name", "run_type", "iterations", "time_unit", "real_time", "cpu_time"):
                if key not in b:
                    fail("%s: benchmark %r has no %r" % (path, b.get("name"), key))
            if b["time_unit"] not in ("ns", "us", "ms", "s"):
                fail("%s: %r: time_unit %r is not one Google Benchmark writes" % (path, b["name"], b["time_unit"]))
            if b["run_type"] == "aggregate" and "aggregate_name" not in b:
                fail("%s: aggregate %r without aggregate_name" % (path, b["name"]))
    partitions = partition_benchmarks(json1, json2)
    if not partitions:
        fail("no benchmark of the baseline is in the contender: compare.py would print nothing")
    for lhs, rhs in partitions:  # report.get_difference_report
        measurements = []
        for i in range(min(len(lhs), len(rhs))):
            measurements.append(calculate_change(lhs[i]["real_time"], rhs[i]["real_time"]))
        if not measurements:
            fail("benchmark %r: no measurements to compare" % lhs[0]["name"])
        print("%s\t%d\t%+.4f" % (lhs[0]["name"], len(measurements), measurements[0]))
    print("OVERALL_GEOMEAN\t%+.4f" % calculate_change(calculate_geomean(json1), calculate_geomean(json2)))


if __name__ == "__main__":
    main()
