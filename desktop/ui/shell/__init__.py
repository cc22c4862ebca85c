"""The window's frame: application start, main window, menus and shortcuts, status bar, settings,
errors."""
