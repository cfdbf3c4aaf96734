"""The desk's own widgets: the reading list, the detail pane, the deadline bar, the charts."""
