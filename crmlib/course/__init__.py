"""The course around the formulas: reports, editions, exercises, widgets, the glossary, the CLI.

The top floor of crmlib (see CONTRIBUTING.md): these modules may import the formula modules,
plotting and datasets; nothing below imports them. They need the ``course`` extra's packages
(JupyterLab, papermill, nbconvert, ipywidgets, ...).
"""

__all__: list[str] = []  # the modules are the API: from crmlib.course import reports
