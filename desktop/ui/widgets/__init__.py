"""Small widgets shared by several rooms."""
