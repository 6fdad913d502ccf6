"""The English course book. Shared settings: ``book/conf_common.py``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the staged book/ folder

from conf_common import *  # noqa: F403

project = "Customer Relationship Management (客户关系管理)"
author = "crm-course"
copyright = "crm-course authors"
language = "en"
html_title = "CRM course"
