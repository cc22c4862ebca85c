"""SegDesk's engine: loading, model packages, inference, batch and export. Never imports Qt."""
