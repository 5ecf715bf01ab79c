"""The installed standards: finding one by name and version, and the rulesets they provide."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from apilint.rulesets.model import NamedRuleset
from apilint.standards.model import Standard, StandardError, StandardSource, version_key
from apilint.standards.reader import read_standard

__all__ = ["StandardCatalog"]


class StandardCatalog:
    """The standards plugins registered, read on first use.

    A standard is named by its id, optionally with a version: ``nl-adr`` is the newest adopted
    version (the newest draft when none is adopted), ``nl-adr@2.1`` the newest 2.1.x, and
    ``nl-adr@2.1.0`` exactly that one.
    """

    def __init__(self, sources: Iterable[tuple[str, StandardSource]]) -> None:
        self._sources = list(sources)
        self._standards: list[Standard] | None = None
        #: Standards that could not be read, by the id their folder names: each stays unusable
        #: (naming it gives its error) without keeping the others from being used.
        self.broken: dict[str, StandardError] = {}

    @property
    def standards(self) -> list[Standard]:
        """Every installed standard version that could be read, by id then version."""
        if self._standards is None:
            found: dict[str, Standard] = {}
            for plugin, source in self._sources:
                folder = Path(source.location)
                try:
                    standard = read_standard(folder, f"{plugin}:{folder.parent.name}/{folder.name}")
                except StandardError as error:
                    self.broken.setdefault(folder.parent.name, error)
                    continue
                if standard.key in found:
                    self.broken.setdefault(standard.id, StandardError(
                        f"standard {standard.key} is installed twice (plugin '{plugin}')"))
                    continue
                found[standard.key] = standard
            self._standards = sorted(found.values(), key=lambda item: (item.id, version_key(item.version)))
        return self._standards

    def find(self, name: str) -> Standard | None:
        """Like :meth:`resolve`, but None when no standard has the id ``name`` starts with."""
        standard_id = name.partition("@")[0]
        if not self._sources or not (standard_id in self.broken
                                     or any(standard.id == standard_id for standard in self.standards)):
            return None
        return self.resolve(name)

    def resolve(self, name: str) -> Standard:
        """The standard ``name`` selects; raises :class:`StandardError` listing what is installed."""
        standard_id, _, wanted = name.partition("@")
        versions = [standard for standard in self.standards if standard.id == standard_id]
        if standard_id in self.broken:
            raise self.broken[standard_id]
        if not versions:
            known = ", ".join(sorted({standard.id for standard in self.standards})) or "none"
            raise StandardError(f"unknown standard '{standard_id}' (installed: {known})")
        if wanted:
            prefix = version_key(wanted)
            matching = [standard for standard in versions if standard.version == wanted
                        or (prefix and version_key(standard.version)[:len(prefix)] == prefix)]
        else:
            adopted = [standard for standard in versions if standard.status == "adopted"]
            matching = adopted or [standard for standard in versions if standard.status == "draft"]
        if not matching:
            known = ", ".join(standard.version for standard in versions)
            raise StandardError(f"standard '{standard_id}' has no version '{wanted or 'adopted'}' "
                                f"(installed: {known})")
        return matching[-1]

    def rulesets(self) -> list[NamedRuleset]:
        """Each standard's ruleset, named ``id@version`` so that rulesets can extend it."""
        return [NamedRuleset(name=standard.key, location=str(standard.ruleset),
                             description=f"{standard.title} {standard.version}") for standard in self.standards]
