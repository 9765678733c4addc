"""The chain's central sync server."""
