"""Language tags checked and standardized as langcodes does, without langcodes for plain ones."""

from __future__ import annotations

import subprocess
import sys

import langcodes
import pytest

from publish.model.language_tags import PLAIN, is_valid, standardized


@pytest.mark.parametrize("tag", sorted(PLAIN))
def test_each_plain_tag_is_what_langcodes_says_it_is(tag: str) -> None:
    assert langcodes.tag_is_valid(tag)
    assert langcodes.standardize_tag(tag) == tag
    assert is_valid(tag) and standardized(tag) == tag


@pytest.mark.parametrize("tag", ["EN", "en-gb", "iw", "sh", "zh-cmn-Hans", "de-CH-1996", "fil"])
def test_any_other_tag_is_answered_by_langcodes(tag: str) -> None:
    assert is_valid(tag) == langcodes.tag_is_valid(tag)
    assert standardized(tag) == langcodes.standardize_tag(tag)


def test_a_tag_that_is_not_one_is_refused_as_langcodes_refuses_it() -> None:
    assert not is_valid("english") and not is_valid("x") and not is_valid("")
    with pytest.raises(ValueError):
        standardized("en--GB")


def test_an_article_in_a_plain_language_is_made_without_importing_langcodes() -> None:
    code = """
import sys
from publish.model import Article
article = Article.model_validate({"headline": "A ferry returns", "language": "fr", "date": "2026-01-05", "body": []})
assert article.language == "fr"
print("langcodes" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
