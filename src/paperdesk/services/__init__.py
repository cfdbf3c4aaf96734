"""Use cases shared by the CLI and the TUI: load, fetch, review, submit, export, collect."""
