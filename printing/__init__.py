"""Contracts, receipts and reports rendered to PDF bytes."""
