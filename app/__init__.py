"""Fenqi Counter domain and application services (no Qt)."""
