"""The course chapters, shipped inside the package as ``crmlib._chapters`` (see editions)."""
