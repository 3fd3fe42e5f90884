import { useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, describeError } from "../api/client";
import { useHealth } from "../api/hooks";
import { useEventStatus } from "../api/EventsProvider";
import { ITEM_ENDINGS, ITEM_FLOW, type DownloadItem, type DownloadSession, type DownloadSessionDetail } from "../api/downloads";
import { Badge, Empty, ErrorState, Loading, StatusBadge } from "../components/states";
import { useNotify } from "../components/notices";
import { formatTime } from "../lib/format";

const FLOW = ITEM_FLOW;
const ENDINGS = new Set(ITEM_ENDINGS);

function Timeline({ item }: { item: DownloadItem }) {
  const at = FLOW.indexOf(item.state);
  const ended = ENDINGS.has(item.state);
  return (
    <ol className="timeline" aria-label={`Progress of ${item.title}: ${item.state.replace(/_/g, " ")}`}>
      {FLOW.map((state, i) => {
        const cls = at > i || (at === i && state === "in_playlist") ? "done" : at === i ? "current" : "";
        return (
          <li key={state} className={cls} aria-current={at === i ? "step" : undefined}>
            {cls === "done" ? "✓ " : at === i ? "● " : ""}
            {state.replace(/_/g, " ")}
          </li>
        );
      })}
      {ended && <li className={item.state === "skipped" ? "done" : "failed"}>{item.state === "skipped" ? "✓ already in Plex" : `✕ ${item.state}`}</li>}
    </ol>
  );
}

function SessionDetail({ id }: { id: number }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const stream = useEventStatus();
  const session = useQuery({
    queryKey: ["downloads", "session", id],
    queryFn: () => api<{ session: DownloadSessionDetail }>(`/api/download/sessions/${id}`),
    refetchInterval: (q) => (q.state.data?.session.status === "running" || q.state.data?.session.status === "queued" ? (stream === "open" ? 10_000 : 2_000) : false),
  });
  const retry = useMutation({
    mutationFn: (itemId: number) => api(`/api/download/items/${itemId}/retry`, { method: "POST" }),
    onSuccess: () => {
      notify("Queued again.", "ok");
      void queryClient.invalidateQueries({ queryKey: ["downloads"] });
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  if (session.isPending) return <Loading label="Loading the session…" />;
  if (session.isError) return <ErrorState error={session.error} what="this session" onRetry={() => void session.refetch()} />;
  const items = session.data.session.items ?? [];
  const quarantined = items.filter((i) => i.state === "quarantined");
  return (
    <div className="stack">
      {quarantined.length > 0 && (
        <div className="state">
          <h3>
            <span aria-hidden="true">⚠ </span>Quarantined files to review ({quarantined.length})
          </h3>
          <p className="small">These downloaded but failed verification; they were kept aside, not placed in your library.</p>
          <ul>
            {quarantined.map((i) => (
              <li key={i.id}>
                {i.title} — {i.artists.join(", ")}: {i.error ?? "failed verification"} {i.file && <code>{i.file}</code>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ul className="plain-list stack" aria-label="Songs">
        {items.map((item) => (
          <li key={item.id} className="panel">
            <div className="row spread">
              <span>
                <span className="track-title">{item.title}</span> — {item.artists.join(", ")} <StatusBadge status={item.state} />
              </span>
              {(item.state === "failed" || item.state === "quarantined" || item.state === "cancelled") && (
                <button type="button" onClick={() => retry.mutate(item.id)} disabled={retry.isPending} aria-label={`Retry ${item.title}`}>
                  Retry
                </button>
              )}
            </div>
            <Timeline item={item} />
            {item.state === "downloading" && (
              <progress max={1} value={item.progress > 1 ? item.progress / 100 : item.progress} aria-label={`Download of ${item.title}`} />
            )}
            {item.error && <p className="small tone-bad">✕ {item.error}</p>}
            {item.candidate && (
              <p className="small muted">
                From {item.candidate.source}: {item.candidate.name}
                {item.candidate.bitrate ? ` · ${item.candidate.bitrate} kbps` : ""} · attempt {item.attempts}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NotSetUp({ why }: { why: string }) {
  return (
    <Empty title="Downloads are not set up">
      <p>{why}</p>
      <p>
        Choose a downloader (slskd or a song-URL service), its folders and quality in{" "}
        <Link to="/settings">Settings › Downloader</Link> and press “Test the downloader”; then “Download missing” on a sync
        task fetches what it could not match, places it in your library and adds it to the playlist.
      </p>
    </Empty>
  );
}

export default function Downloads() {
  const health = useQuery(useHealth());
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<number | null>(null);
  const ready = health.data?.features.includes("download") ?? false;
  const sessions = useQuery({
    queryKey: ["downloads", "sessions"],
    queryFn: () => api<{ sessions: DownloadSession[] }>("/api/download/sessions"),
    refetchInterval: 5_000,
  });
  const cancel = useMutation({
    mutationFn: (id: number) => api(`/api/download/sessions/${id}/cancel`, { method: "POST" }),
    onSuccess: () => {
      notify("Session cancelled; finished files are kept.", "ok");
      void queryClient.invalidateQueries({ queryKey: ["downloads"] });
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  let body;
  if (sessions.isPending) body = <Loading label="Loading download sessions…" />;
  else if (sessions.isError)
    body =
      sessions.error instanceof ApiError && sessions.error.status === 404 ? (
        <NotSetUp why="This backend was built without downloads." />
      ) : (
        <ErrorState error={sessions.error} what="download sessions" onRetry={() => void sessions.refetch()} />
      );
  else if (sessions.data.sessions.length === 0)
    body = !ready ? (
      <NotSetUp why="No downloader is configured yet, or it did not answer its last check." />
    ) : (
      <Empty title="No downloads yet">
        <p>
          Open a sync task on the <Link to="/sync">Sync</Link> page and press “Download missing” to fetch the tracks it could not match.
        </p>
      </Empty>
    );
  else
    body = (
      <ul className="plain-list stack">
        {sessions.data.sessions.map((s) => (
          <li key={s.id} className="panel stack">
            <div className="row spread">
              <h2 style={{ margin: 0 }}>
                Session {s.id} {s.task_id ? <Link to={`/sync/${s.task_id}`} className="small">(task {s.task_id})</Link> : null}
              </h2>
              <StatusBadge status={s.status} />
            </div>
            <p className="small">
              {s.done} of {s.total} done · {s.in_plex} in Plex · {s.failed > 0 ? <Badge tone="bad">{s.failed} failed</Badge> : "none failed"} · started{" "}
              {formatTime(s.created_at)}
            </p>
            <progress max={Math.max(1, s.total)} value={s.done} aria-label={`Session ${s.id} progress`} />
            <div className="row">
              <button type="button" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>
                {open === s.id ? "Hide songs" : "Show songs"}
              </button>
              {(s.status === "running" || s.status === "queued") && (
                <button type="button" className="danger" onClick={() => cancel.mutate(s.id)} disabled={cancel.isPending}>
                  Cancel session
                </button>
              )}
            </div>
            {open === s.id && <SessionDetail id={s.id} />}
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <h1>Downloads</h1>
      {health.data && !ready && sessions.data && sessions.data.sessions.length > 0 && (
        <p className="state" role="note">
          <span aria-hidden="true">⚠ </span>The downloader is not set up or not answering: new downloads wait. Check it in{" "}
          <Link to="/settings">Settings › Downloader</Link>.
        </p>
      )}
      {body}
    </>
  );
}
