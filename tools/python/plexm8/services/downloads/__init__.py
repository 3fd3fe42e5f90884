"""Downloads of missing songs: backends, choosing a file, verifying, tagging, placing, scanning, the playlist."""
