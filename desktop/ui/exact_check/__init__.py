"""The approximate engines in the window: "Check against exact" and the batch audit summary."""
