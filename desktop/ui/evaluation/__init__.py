"""Model comparison and evaluation against ground truth, in the app (DESIGN §9).

`controller.EvaluationController` is what the main window builds; it opens the compare window
and the evaluate dialog and owns the background worker they share.
"""
