"""Qt widgets of the counter application (the only layer that imports Qt)."""
