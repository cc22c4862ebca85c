"""SegDesk's Qt user interface: widgets, dialogs and the one background worker.

Nothing here imports torch at module level: the window must be up before any model loads.
All torch work happens on the worker thread (`segment_worker`).
"""
