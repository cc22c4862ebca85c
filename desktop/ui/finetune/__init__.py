"""Model › Fine-tune from Reviewed Folder…: the setup dialog, the run on its own worker thread,
its progress window with a live plot, and the end (held-out comparison, Use This Model).

The training itself is `desktop.core.finetune` (no Qt); this room only asks, follows and shows.
"""
