"""Plex servers: the registry, the status monitor, plex.tv sign-in and the secret box."""
