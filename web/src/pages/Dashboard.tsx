import { Link } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, describeError, type Schema } from "../api/client";
import { useHealth } from "../api/hooks";
import type { DownloadStatus } from "../api/downloads";
import { Badge, Empty, ErrorState, Loading, StatusBadge } from "../components/states";
import { useNotify } from "../components/notices";
import { formatTime, plural, relativeTime } from "../lib/format";

type Task = Schema<"TaskOut">;

function PlexPanel() {
  const health = useQuery(useHealth());
  if (health.isPending) return <Loading label="Checking the backend…" />;
  if (health.isError) return <ErrorState error={health.error} what="the backend's health" onRetry={() => void health.refetch()} />;
  const plex = health.data.plex;
  return (
    <>
      {!plex.configured ? (
        <Badge tone="warn">Not set up</Badge>
      ) : plex.reachable ? (
        <Badge tone="ok">Connected</Badge>
      ) : (
        <Badge tone="bad">Unreachable</Badge>
      )}
      <dl className="small">
        <dt className="muted">Server</dt>
        <dd>{plex.server_name ?? "–"} {plex.server_version ? `(version ${plex.server_version})` : ""}</dd>
        <dt className="muted">Checked</dt>
        <dd>{formatTime(plex.checked_at ?? null)}</dd>
        <dt className="muted">Backend</dt>
        <dd>
          PlexM8 {health.data.version}, scheduler {health.data.scheduler.running ? "running" : "stopped"} (
          {plural(health.data.scheduler.jobs, "job")})
        </dd>
      </dl>
      {!plex.configured && (
        <p>
          <Link to="/settings">Add your Plex server in Settings</Link> to start.
        </p>
      )}
    </>
  );
}

function IndexPanel() {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const state = useQuery({
    queryKey: ["library", "state"],
    queryFn: () => api<Schema<"LibraryStatus">>("/api/sync/library"),
    refetchInterval: (query) => (query.state.data?.status === "building" ? 2000 : false),
  });
  const refresh = useMutation({
    mutationFn: (full: boolean) => api<Schema<"LibraryStatus">>("/api/sync/library/refresh", { body: { full } }),
    onSuccess: (data) => {
      queryClient.setQueryData(["library", "state"], data);
      notify(`Library index: ${plural(data.track_count, "track")} indexed.`, "ok");
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  if (state.isPending) return <Loading label="Reading the library index…" />;
  if (state.isError) return <ErrorState error={state.error} what="the library index" onRetry={() => void state.refetch()} />;
  const s = state.data;
  const building = s.progress.total > 0 && s.progress.done < s.progress.total;
  return (
    <>
      <p>
        <StatusBadge status={s.status} /> {plural(s.track_count, "track")} indexed
      </p>
      {building && (
        <progress max={s.progress.total} value={s.progress.done} aria-label="Index build progress">
          {s.progress.done} / {s.progress.total}
        </progress>
      )}
      <p className="small muted">
        Built {formatTime(s.built_at)}; refreshed {formatTime(s.refreshed_at)}.
      </p>
      {s.error && <p className="tone-bad">✕ {s.error}</p>}
      {s.status === "empty" && <p>The index is built on the first sync, or now:</p>}
      <div className="row">
        <button type="button" className={s.status === "empty" ? "primary" : ""} disabled={refresh.isPending} onClick={() => refresh.mutate(false)}>
          {refresh.isPending ? "Refreshing…" : s.status === "empty" ? "Build the index" : "Refresh the index"}
        </button>
      </div>
    </>
  );
}

function TasksPanels({ tasks }: { tasks: Task[] }) {
  const scheduled = tasks
    .filter((t) => t.enabled && t.next_run_at)
    .sort((a, b) => (a.next_run_at ?? "").localeCompare(b.next_run_at ?? ""));
  const recent = tasks
    .filter((t) => t.last_run)
    .sort((a, b) => (b.last_run?.started_at ?? "").localeCompare(a.last_run?.started_at ?? ""));
  return (
    <>
      <section className="panel" aria-labelledby="next-runs">
        <h2 id="next-runs">Next scheduled runs</h2>
        {scheduled.length === 0 ? (
          <p className="muted">No task has a schedule. Give one a schedule on the <Link to="/sync">Sync</Link> page.</p>
        ) : (
          <ul>
            {scheduled.slice(0, 6).map((t) => (
              <li key={t.id}>
                <Link to={`/sync/${t.id}`}>{t.name}</Link> — {formatTime(t.next_run_at)}{" "}
                <span className="muted small">({relativeTime(t.next_run_at)})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="last-runs">
        <h2 id="last-runs">Last runs</h2>
        {recent.length === 0 ? (
          <p className="muted">Nothing has run yet. Create a task on the <Link to="/sync">Sync</Link> page and run it.</p>
        ) : (
          <ul>
            {recent.slice(0, 8).map((t) => (
              <li key={t.id}>
                <Link to={`/sync/${t.id}`}>{t.name}</Link> <StatusBadge status={t.last_run?.status ?? "queued"} />{" "}
                <span className="small muted">
                  {t.last_run?.matched ?? 0}/{t.last_run?.total ?? 0} matched, {formatTime(t.last_run?.started_at)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function DownloadsPanel() {
  const status = useQuery({
    queryKey: ["downloads", "status"],
    queryFn: () => api<DownloadStatus>("/api/download/status"),
    refetchInterval: 10_000,
  });
  if (status.error instanceof ApiError && status.error.status === 404)
    return <p className="muted">This backend was built without downloads.</p>;
  if (status.isPending) return <Loading />;
  if (status.isError) return <ErrorState error={status.error} what="downloads" onRetry={() => void status.refetch()} />;
  const d = status.data;
  return (
    <>
      <p>
        {!d.backend.configured ? (
          <Badge tone="warn">No downloader set up</Badge>
        ) : d.backend.reachable === false ? (
          <Badge tone="bad">{d.backend.kind} not answering</Badge>
        ) : (
          <Badge tone="ok">{d.backend.kind}</Badge>
        )}
      </p>
      <p>
        {plural(d.active_sessions, "active session")}, {d.downloading} downloading, {d.queued} queued, {d.failed} failed,{" "}
        {d.completed_today} done today.
      </p>
      {d.backend.configured ? <Link to="/downloads">Open Downloads</Link> : <Link to="/settings">Set up a downloader in Settings</Link>}
    </>
  );
}

function Problems({ tasks, health }: { tasks: Task[]; health: Schema<"HealthResponse"> | undefined }) {
  const problems: { key: string; text: string; to: string; action: string }[] = [];
  if (health && !health.plex.configured)
    problems.push({ key: "plex", text: "No Plex server is set up.", to: "/settings", action: "Add one in Settings" });
  else if (health && !health.plex.reachable)
    problems.push({ key: "plex", text: "Plex does not answer.", to: "/settings", action: "Test the server in Settings" });
  for (const t of tasks) {
    if (t.last_run?.status === "failed")
      problems.push({ key: `f${t.id}`, text: `“${t.name}” failed: ${t.last_run.error ?? "see its log"}`, to: `/sync/${t.id}`, action: "Open the task" });
    else if ((t.last_run?.unmatched ?? 0) > 0)
      problems.push({
        key: `u${t.id}`,
        text: `“${t.name}”: ${plural(t.last_run?.unmatched ?? 0, "track")} not matched.`,
        to: `/sync/${t.id}`,
        action: "Review matches",
      });
  }
  if (problems.length === 0) return <p><Badge tone="ok">Nothing needs attention</Badge></p>;
  return (
    <ul>
      {problems.map((p) => (
        <li key={p.key}>
          <span aria-hidden="true" className="tone-warn">⚠ </span>
          {p.text} <Link to={p.to}>{p.action}</Link>
        </li>
      ))}
    </ul>
  );
}

export default function Dashboard() {
  const health = useQuery(useHealth());
  const tasks = useQuery({ queryKey: ["sync", "tasks"], queryFn: () => api<Schema<"TaskList">>("/api/sync/tasks") });
  const list = tasks.data?.tasks ?? [];
  return (
    <>
      <h1>Dashboard</h1>
      <div className="grid">
        <section className="panel" aria-labelledby="plex-h">
          <h2 id="plex-h">Plex connection</h2>
          <PlexPanel />
        </section>
        <section className="panel" aria-labelledby="index-h">
          <h2 id="index-h">Library index</h2>
          <IndexPanel />
        </section>
        <section className="panel" aria-labelledby="problems-h">
          <h2 id="problems-h">Needs attention</h2>
          {tasks.isPending ? <Loading /> : <Problems tasks={list} health={health.data} />}
        </section>
        <section className="panel" aria-labelledby="downloads-h">
          <h2 id="downloads-h">Active downloads</h2>
          <DownloadsPanel />
        </section>
      </div>
      {tasks.isPending ? (
        <Loading label="Loading sync tasks…" />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} what="sync tasks" onRetry={() => void tasks.refetch()} />
      ) : list.length === 0 ? (
        <Empty title="No sync tasks yet">
          <p>
            Paste a NetEase, QQ Music, Spotify or Deezer playlist link on the <Link to="/sync">Sync</Link> page to mirror it
            into Plex.
          </p>
        </Empty>
      ) : (
        <div className="grid">
          <TasksPanels tasks={list} />
        </div>
      )}
    </>
  );
}
