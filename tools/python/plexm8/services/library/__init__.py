"""The local index of the Plex music library and path matching."""
