"""Parametrised case-study notebooks (run them with ``crm-course report``)."""
