"""Render an article to HTML: the Jinja environment, the page's words, scripts and fonts."""
