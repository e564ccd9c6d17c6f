"""Tests for the story writer: house-style phrasing of numbers, rates, ratios and ranks."""
