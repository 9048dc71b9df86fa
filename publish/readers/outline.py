"""The article's outline: heading levels that step down one at a time.

Pages pick heading tags for their look, not their place: a saved page's first heading under
its title is often an `<h3>` or an `<h5>`, a Markdown file jumps from `##` to `####`. A
level skipped breaks the outline a screen reader walks (DAISY Ace's `heading-order`) and the
EPUB's contents. Every reader's article is given the same outline: each heading is placed
one level below the nearest heading before it that the input put higher (the headline,
level 1, when none did). So headings the input gave one level stay siblings, the order of
sections and their nesting stay as written, and no level is skipped.
"""

from __future__ import annotations

from publish.model import Article, Heading


def stepped_outline(article: Article) -> Article:
    """Return ARTICLE with its top-level headings placed so that no level is skipped."""
    body = list(article.body)
    open_: list[tuple[int, int]] = []  # (level as written, level given) of enclosing headings
    changed = False
    for index, block in enumerate(body):
        if not isinstance(block, Heading):
            continue
        while open_ and open_[-1][0] >= block.level:
            open_.pop()
        level = min(open_[-1][1] + 1 if open_ else 2, 6)
        open_.append((block.level, level))
        if level != block.level:
            body[index] = Heading(level=level, inlines=block.inlines)
            changed = True
    return article.revised(body=tuple(body)) if changed else article
