"""Bundled data sets of the CRM course (see the datasheet beside each file)."""
