"""The one background thread: the GUI-side client, the worker QObject, the plain jobs, the
request ids."""
