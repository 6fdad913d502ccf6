"""Catalogs of the course notebooks' markdown in other languages (see crmlib.course.translations).

Shipped inside the package as ``crmlib._translations`` so that reports find them however the
course is installed.
"""
