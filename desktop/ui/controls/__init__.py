"""The side panel's controls: overlay, threshold, the result summary, and the panel that groups
them."""
