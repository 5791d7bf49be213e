#!/usr/bin/env python3
"""Sums the outcomes in every TRX file under a folder and prints "N passed, N failed".

Usage: trx-summary.py RESULTS_DIR [EXTRA_PASSED EXTRA_FAILED]
Skipped tests are neither. A run with no TRX at all counts as one failure (nothing ran).
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def main() -> int:
    folder = pathlib.Path(sys.argv[1])
    passed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    failed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    files = sorted(folder.rglob("*.trx"))
    if not files:
        failed += 1
    for trx in files:
        for result in ET.parse(trx).getroot().iter(NS + "UnitTestResult"):
            outcome = result.get("outcome")
            if outcome == "Passed":
                passed += 1
            elif outcome in ("Failed", "Error", "Timeout", "Aborted"):
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
