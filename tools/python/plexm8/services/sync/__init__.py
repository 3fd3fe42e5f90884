"""Playlist sync: tasks, runs, matching against the index, diffs, pins and the schedule."""
