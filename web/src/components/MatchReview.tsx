import { useState } from "react";
import type { Schema } from "../api/client";
import { Badge } from "./states";
import { TrackSearch } from "./TrackSearch";
import { formatDuration } from "../lib/format";

export type Match = Schema<"MatchOut">;
export type MatchFilter = "all" | "unmatched" | "uncertain" | "pinned";

/** Scores (0–100) under this are shown as uncertain: accepted, but worth a look. The backend accepts from 85. */
export const UNCERTAIN_BELOW = 95;

export function isUncertain(match: Match): boolean {
  return match.track_key !== null && !match.pinned && match.score < UNCERTAIN_BELOW;
}

export function filterMatches(matches: Match[], filter: MatchFilter): Match[] {
  switch (filter) {
    case "unmatched":
      return matches.filter((m) => m.track_key === null);
    case "uncertain":
      return matches.filter(isUncertain);
    case "pinned":
      return matches.filter((m) => m.pinned);
    default:
      return matches;
  }
}

const FILTERS: { value: MatchFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "unmatched", label: "Unmatched" },
  { value: "uncertain", label: "Uncertain" },
  { value: "pinned", label: "Pinned" },
];

function Outcome({ match }: { match: Match }) {
  if (match.track_key === null)
    return match.pinned ? <Badge tone="muted">Never match (pinned)</Badge> : <Badge tone="bad">No match</Badge>;
  const who = match.matched ? `${match.matched.title} — ${match.matched.artist}` : match.track_key;
  return (
    <span>
      {match.pinned ? <Badge tone="info">Pinned</Badge> : isUncertain(match) ? <Badge tone="warn">Uncertain</Badge> : <Badge tone="ok">Matched</Badge>}{" "}
      <span className="truncate">{who}</span>
    </span>
  );
}

interface Props {
  matches: Match[];
  onPin: (externalId: string, trackKey: string | null) => void;
  busy?: boolean;
}

/** Every source track in order with its match, score and reasons; filter, pin another track or "never match". */
export function MatchReview({ matches, onPin, busy }: Props) {
  const [filter, setFilter] = useState<MatchFilter>("all");
  const [picking, setPicking] = useState<string | null>(null);
  const shown = filterMatches(matches, filter);
  return (
    <div className="stack">
      <div role="group" aria-label="Show" className="row">
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            aria-pressed={filter === f.value}
            className={filter === f.value ? "primary" : ""}
            onClick={() => setFilter(f.value)}
          >
            {f.label} ({filterMatches(matches, f.value).length})
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <p className="muted">
          {filter === "all" ? "No tracks yet: run the task first." : `No ${filter} tracks. Nothing to do here.`}
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table aria-label="Match review">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Source track</th>
                <th scope="col">Matched in Plex</th>
                <th scope="col">Score</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((m) => (
                <tr key={m.external_id}>
                  <td>{m.position + 1}</td>
                  <td>
                    <span className="track-title">{m.title}</span>
                    <br />
                    <span className="small muted">
                      {m.artists.join(", ")}
                      {m.album ? ` · ${m.album}` : ""} · {formatDuration(m.duration_ms)}
                    </span>
                  </td>
                  <td>
                    <Outcome match={m} />
                    {m.reasons.length > 0 && (
                      <details className="small">
                        <summary>Why</summary>
                        <ul>
                          {m.reasons.map((r) => (
                            <li key={r}>{r}</li>
                          ))}
                        </ul>
                      </details>
                    )}
                    {picking === m.external_id && (
                      <div className="panel">
                        <TrackSearch
                          label={`Find the right track for “${m.title}”`}
                          actionLabel="Use this"
                          initial={`${m.title} ${m.artists[0] ?? ""}`.trim()}
                          autoFocus
                          onPick={(track) => {
                            setPicking(null);
                            onPin(m.external_id, track.track_key);
                          }}
                        />
                        <button type="button" onClick={() => setPicking(null)}>
                          Cancel
                        </button>
                      </div>
                    )}
                  </td>
                  <td className="nowrap">{Math.round(m.score)}</td>
                  <td className="actions-cell">
                    <div className="row">
                      <button type="button" disabled={busy} onClick={() => setPicking(m.external_id)} aria-label={`Pick track for ${m.title}`}>
                        Pick track
                      </button>
                      {!(m.pinned && m.track_key === null) && (
                        <button type="button" disabled={busy} onClick={() => onPin(m.external_id, null)} aria-label={`Never match ${m.title}`}>
                          Never match
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
