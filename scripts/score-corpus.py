#!/usr/bin/env python3
"""Scores Mantis's extraction on the shared corpus, as Tests/MantisCoreTests/CorpusTests.swift does.

Runs `mantis extract --jsonl` over the product pages and `mantis parse-price --jsonl` over the price strings,
then prints price and availability precision/recall/F1 and price-string accuracy. Scoring follows the
corpus README: a price is right when it equals any accepted value as a decimal; a wrong value is a false
positive and a false negative; a value where none is expected is a false positive.

Rows listed in Tests/MantisCoreTests/Fixtures/corpus-disputes.json (ground truth that contradicts the page)
are scored with everything else and, separately, left out; xfail price strings are reported apart.
Exits 1 when a score without disputed rows is below its target.

Usage: scripts/score-corpus.py [path/to/mantis] [--corpus DIR] [--verbose]
"""

import argparse
import json
import subprocess
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"price": 0.95, "availability": 0.97, "strings": 0.99}


class Score:
    """Precision, recall and F1 with the corpus README's counting."""

    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def record(self, predicted, accepted):
        if predicted is None:
            if not accepted:
                return "rightly empty"
            self.fn += 1
            return "missed"
        if predicted in accepted:
            self.tp += 1
            return "right"
        self.fp += 1
        if not accepted:
            return "unexpected"
        self.fn += 1
        return "wrong"

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self):
        return (f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} "
                f"(TP {self.tp}, FP {self.fp}, FN {self.fn})")


def decimal(text):
    if text is None:
        return None
    try:
        return Decimal(str(text).strip())
    except InvalidOperation:
        return None


def run_jsonl(binary, command, rows):
    """Feeds one JSON object per line to `mantis <command> --jsonl` and reads one back per line."""
    payload = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    completed = subprocess.run(
        [binary, command, "--jsonl"], input=payload.encode(), stdout=subprocess.PIPE, check=True)
    lines = [line for line in completed.stdout.decode().splitlines() if line.strip()]
    if len(lines) != len(rows):
        sys.exit(f"{command}: sent {len(rows)} lines, got {len(lines)} back")
    return [json.loads(line) for line in lines]


def score_pages(binary, corpus, disputes, verbose):
    pages = corpus / "product-pages"
    truth = json.loads((pages / "ground-truth.json").read_text())
    ids = sorted(truth)
    results = run_jsonl(
        binary, "extract", [{"file": str(pages / "html" / f"{i}.html.gz"), "url": truth[i]["url"]} for i in ids])
    disputed = {}
    for row in disputes:
        disputed.setdefault(row["id"], set()).add(row["field"])

    price, availability = Score(), Score()
    undisputed_price, undisputed_availability = Score(), Score()
    report = []
    for page_id, result in zip(ids, results):
        row = truth[page_id]
        accepted_prices = [d for d in map(decimal, row.get("price") or []) if d is not None]
        accepted_availability = row.get("availability") or []
        got_price = decimal(result.get("price"))
        got_availability = result.get("availability")
        price_outcome = price.record(got_price, accepted_prices)
        availability_outcome = availability.record(got_availability, accepted_availability)
        fields = disputed.get(page_id, set())
        if "price" not in fields:
            undisputed_price.record(got_price, accepted_prices)
        if "availability" not in fields:
            undisputed_availability.record(got_availability, accepted_availability)
        fine = ("right", "rightly empty")
        if verbose or price_outcome not in fine or availability_outcome not in fine:
            note = f" (disputed: {', '.join(sorted(fields))})" if fields else ""
            report.append(
                f"  {page_id[:8]} price {result.get('price')} [{(result.get('sources') or {}).get('price', '')}]"
                f" want {row.get('price') or []} {price_outcome}; availability {got_availability}"
                f" want {accepted_availability} {availability_outcome}{note}")

    print(f"Corpus product pages ({len(ids)}):")
    print(f"  price         {price}")
    print(f"  availability  {availability}")
    print(f"  without {len(disputes)} disputed ground-truth values:")
    print(f"  price         {undisputed_price}")
    print(f"  availability  {undisputed_availability}")
    print("\n".join(report))
    return undisputed_price.f1, undisputed_availability.f1


def score_strings(binary, corpus, verbose):
    rows = json.loads((corpus / "price-strings" / "price-strings.json").read_text())
    results = run_jsonl(binary, "parse-price", [
        {"text": row["price_raw"] or "", "hint": row["currency_raw"], "decimal_separator": row["decimal_separator"]}
        for row in rows])
    right = total = xfail_right = xfail_total = 0
    failures = []
    for row, result in zip(rows, results):
        ok = decimal(result.get("amount")) == decimal(row["amount"]) and result.get("currency_text") == row["currency"]
        if row.get("xfail"):
            xfail_total += 1
            xfail_right += ok
            continue
        total += 1
        right += ok
        if not ok or verbose:
            failures.append(f"  {row['price_raw']!r} → {result.get('amount')} {result.get('currency_text')},"
                            f" want {row['amount']} {row['currency']}")
    accuracy = right / total if total else 0.0
    xfail_accuracy = xfail_right / xfail_total if xfail_total else 0.0
    print(f"Corpus price strings: {right}/{total} = {accuracy:.3f} right; "
          f"xfail rows (reported apart): {xfail_right}/{xfail_total} = {xfail_accuracy:.3f} right")
    print("\n".join(failures))
    return accuracy


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=str(ROOT / ".build" / "debug" / "mantis"))
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--disputes", default=str(ROOT / "Tests" / "MantisCoreTests" / "Fixtures"
                                                  / "corpus-disputes.json"))
    parser.add_argument("--verbose", "-v", action="store_true", help="list every row, not only the misses")
    args = parser.parse_args()

    if not Path(args.binary).is_file():
        sys.exit(f"{args.binary} not found: build it first (swift build --product mantis) or pass its path")
    corpus = Path(args.corpus)
    disputes_file = Path(args.disputes)
    disputes = json.loads(disputes_file.read_text())["product-pages"] if disputes_file.exists() else []
    price_f1, availability_f1 = score_pages(args.binary, corpus, disputes, args.verbose)
    accuracy = score_strings(args.binary, corpus, args.verbose)

    below = [name for name, value in (("price", price_f1), ("availability", availability_f1), ("strings", accuracy))
             if value < TARGETS[name]]
    if below:
        print(f"Below target: {', '.join(below)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
