import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { describeError } from "../api/client";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p role="status" className="muted">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** What the user can do about an error, by status. */
function advice(status: number): ReactNode {
  if (status === 0) return "Start the backend again (python setup.py run), then retry.";
  if (status === 401) return "Enter the API token when asked (it is the PLEXM8_API_TOKEN the server was started with).";
  if (status === 503)
    return (
      <>
        Check the Plex server in <Link to="/settings">Settings</Link> (add one, or test the default), then retry.
      </>
    );
  if (status === 502 || status === 504) return "Plex or the platform answered badly or too slowly; retry in a moment.";
  return null;
}

export function ErrorState({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what?: string }) {
  const { title, message, status } = describeError(error);
  const tip = advice(status);
  return (
    <div className="state error" role="alert">
      <h2 className="state-title">
        <span aria-hidden="true">✕ </span>
        {what ? `Could not load ${what}: ` : ""}
        {title}
      </h2>
      <p>{message}</p>
      {tip && <p className="small">{tip}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state">
      <h2 className="state-title">{title}</h2>
      {children}
    </div>
  );
}

export type Tone = "ok" | "warn" | "bad" | "info" | "muted";
const ICONS: Record<Tone, string> = { ok: "✓", warn: "⚠", bad: "✕", info: "●", muted: "○" };

/** A state shown with an icon and words, never colour alone. */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`badge tone-${tone}`}>
      <span aria-hidden="true">{ICONS[tone]}</span>
      {children}
    </span>
  );
}

const STATUS_TONES: Record<string, Tone> = {
  succeeded: "ok",
  completed: "ok",
  ready: "ok",
  in_plex: "ok",
  in_playlist: "ok",
  placed: "ok",
  skipped: "muted",
  failed: "bad",
  error: "bad",
  quarantined: "warn",
  cancelled: "muted",
  interrupted: "warn",
  queued: "info",
  running: "info",
  building: "info",
  refreshing: "info",
  searching: "info",
  downloading: "info",
  verifying: "info",
  scanning: "info",
  empty: "muted",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? "muted"}>{status.replace(/_/g, " ")}</Badge>;
}
