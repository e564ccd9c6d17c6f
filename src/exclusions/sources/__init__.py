"""Readers for DfE exclusions files: every layout DfE has used, and the EES open-data standard."""
