"""The home screen's parts."""
