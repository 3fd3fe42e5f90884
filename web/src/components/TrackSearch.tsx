import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, type Schema } from "../api/client";
import { ErrorState } from "./states";
import { formatDuration } from "../lib/format";
import { useDebounced } from "../lib/useDebounced";

type Track = Schema<"LibraryTrackOut">;

interface Props {
  label?: string;
  actionLabel: string;
  onPick: (track: Track) => void;
  initial?: string;
  autoFocus?: boolean;
}

/** Search the library index (GET /api/library/search) and pick a track. */
export function TrackSearch({ label = "Search the library", actionLabel, onPick, initial = "", autoFocus }: Props) {
  const id = useId();
  const [text, setText] = useState(initial);
  const q = useDebounced(text.trim(), 250);
  const results = useQuery({
    queryKey: ["library", "search", q],
    queryFn: () => api<Schema<"SearchResponse">>("/api/library/search", { query: { q, limit: 15 } }),
    enabled: q.length > 0,
  });
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor={`${id}-q`}>{label}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={text}
          autoFocus={autoFocus}
          placeholder="title, artist or album"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div aria-live="polite">
        {q.length === 0 ? null : results.isPending ? (
          <p className="muted small">Searching…</p>
        ) : results.isError ? (
          <ErrorState error={results.error} what="search results" />
        ) : results.data.tracks.length === 0 ? (
          <p className="muted small">
            {results.data.index_status === "empty"
              ? "The library index is empty: build it on the Dashboard first."
              : `Nothing in the library matches “${q}”. Try fewer words.`}
          </p>
        ) : (
          <ul className="stack plain-list" aria-label="Search results">
            {results.data.tracks.map((track) => (
              <li key={track.track_key} className="row spread">
                <span className="truncate">
                  <span className="track-title">{track.title}</span> — {track.artist}
                  <span className="muted small"> · {track.album} · {formatDuration(track.duration_ms)}</span>
                </span>
                <button type="button" onClick={() => onPick(track)} aria-label={`${actionLabel}: ${track.title} by ${track.artist}`}>
                  {actionLabel}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
