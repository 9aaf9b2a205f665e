"""The link checker of `build-site check`, under the name the tests import it by."""

from generator.site.linkcheck import broken_links

__all__ = ["broken_links"]
