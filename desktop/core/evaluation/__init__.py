"""Evaluation against ground truth and model comparison (DESIGN §9). No Qt."""
