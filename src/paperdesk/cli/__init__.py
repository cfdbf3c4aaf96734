"""The command line: argument parsing and exit codes. ``paperdesk`` alone opens the TUI."""
