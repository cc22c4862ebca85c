"""SegDesk's benchmark suite: `python -m benchmarks [--quick] [--json] [--model NAME|DIR]`.

Every figure is measured side by side with its baseline in the same process run and printed as
a ratio, so a slow or busy machine moves both sides together. See `benchmarks/README.md`.
"""
