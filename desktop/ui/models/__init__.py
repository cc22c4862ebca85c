"""Managing installed models from the window: import, remove, and describing one in words."""
