"""What the window shows and how images are opened: the session, the document controller,
prev/next."""
