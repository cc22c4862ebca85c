"""Folders the user meets: where to propose saving, showing a folder, a folder dropped on the
window."""
