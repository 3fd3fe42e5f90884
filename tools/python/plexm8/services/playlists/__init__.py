"""Plex playlists: read and write, import, export and smart playlists."""
