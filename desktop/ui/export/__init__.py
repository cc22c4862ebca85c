"""File › Export… and Copy Overlay."""
