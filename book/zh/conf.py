"""The Chinese course book (中文版). Shared settings: ``book/conf_common.py``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the staged book/ folder

from conf_common import *  # noqa: F403

project = "客户关系管理（Customer Relationship Management）"
author = "crm-course"
copyright = "crm-course authors"
# Sphinx's and the theme's own labels (search, previous/next, contents) in Simplified Chinese.
language = "zh_CN"
html_title = "客户关系管理课程"
html_theme_options = {**html_theme_options, "search_bar_text": "搜索本课程……"}  # noqa: F405
# Chinese words for the search index: character pairs, no dictionary (see conf_common.py).
html_search_language = "zh"
