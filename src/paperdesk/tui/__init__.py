"""The Textual desk: app, screens, widgets, dialogs, styles; it only calls services."""
