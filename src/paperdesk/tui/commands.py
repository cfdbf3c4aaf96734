"""The command palette's own commands: the bindings of the screen it was opened on (so the
palette, the footer and the help list the same things), plus the screens to go to."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from paperdesk.tui.bindings import KeyHelp, key_help


class BindingCommands(Provider):
    """Every described binding of the current screen, runnable by name."""

    def _commands(self) -> list[KeyHelp]:
        return [row for row in key_help(self.screen) if row.group != "Everywhere"]

    async def _run(self, row: KeyHelp) -> None:
        await self.app.run_action(row.action, row.node)

    async def discover(self) -> Hits:
        for row in self._commands():
            yield DiscoveryHit(f"{row.description} ({row.key})", partial(self._run, row),
                               help=row.tooltip or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for row in self._commands():
            text = f"{row.description} ({row.key})"
            score = max(matcher.match(text), matcher.match(row.tooltip) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, row), text=text,
                          help=row.tooltip or None)
