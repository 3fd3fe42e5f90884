import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, describeError, type Schema } from "../api/client";
import { useHealth } from "../api/hooks";
import { ConfirmButton } from "../components/ConfirmButton";
import { MatchReview } from "../components/MatchReview";
import { RunProgress } from "../components/RunProgress";
import { SchedulePicker } from "../components/SchedulePicker";
import { Empty, ErrorState, Loading, StatusBadge } from "../components/states";
import { useNotify } from "../components/notices";
import type { DownloadSession } from "../api/downloads";
import { formatTime } from "../lib/format";

type Task = Schema<"TaskOut">;

function EditTask({ task, onDone }: { task: Task; onDone: () => void }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(task.playlist_title);
  const [mode, setMode] = useState(task.mode);
  const [enabled, setEnabled] = useState(task.enabled);
  const [schedule, setSchedule] = useState<string | null>(task.schedule);
  const save = useMutation({
    mutationFn: () =>
      api<Schema<"TaskEnvelope">>(`/api/sync/tasks/${task.id}`, {
        method: "PUT",
        body: { playlist_title: title.trim(), mode, enabled, schedule },
      }),
    onSuccess: () => {
      notify("Task saved.", "ok");
      void queryClient.invalidateQueries({ queryKey: ["sync"] });
      onDone();
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="edit-h">
      <h2 id="edit-h">Edit task</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="edit-title">Plex playlist name</label>
          <input id="edit-title" type="text" value={title} required onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="edit-mode">Mode</label>
          <select id="edit-mode" value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="mirror">Mirror</option>
            <option value="append">Append</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled (runs on its schedule)
        </label>
      </div>
      <SchedulePicker value={schedule} onChange={setSchedule} nextRunAt={task.next_run_at} />
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Runs({ taskId }: { taskId: number }) {
  const runs = useQuery({
    queryKey: ["sync", "runs", taskId],
    queryFn: () => api<Schema<"RunList">>(`/api/sync/tasks/${taskId}/runs`, { query: { limit: 20 } }),
  });
  if (runs.isPending) return <Loading label="Loading runs…" />;
  if (runs.isError) return <ErrorState error={runs.error} what="runs" onRetry={() => void runs.refetch()} />;
  if (runs.data.runs.length === 0) return <Empty title="No runs yet">Press “Run now” to sync this playlist.</Empty>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table aria-label="Run history">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Outcome</th>
            <th scope="col">Started</th>
            <th scope="col">Matched</th>
            <th scope="col">Added / removed</th>
            <th scope="col">Trigger</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.runs.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>
                <StatusBadge status={r.status} />
                {r.error && <div className="small tone-bad">{r.error}</div>}
              </td>
              <td>{formatTime(r.started_at)}</td>
              <td>
                {r.matched}/{r.total} ({r.unmatched} unmatched)
              </td>
              <td>
                +{r.added} / −{r.removed}
              </td>
              <td>{r.trigger}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Review({ task }: { task: Task }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const health = useQuery(useHealth());
  const navigate = useNavigate();
  const matches = useQuery({
    queryKey: ["sync", "matches", task.id],
    queryFn: () => api<Schema<"MatchList">>(`/api/sync/tasks/${task.id}/matches`),
  });
  const pin = useMutation({
    mutationFn: ({ externalId, trackKey }: { externalId: string; trackKey: string | null }) =>
      api(`/api/sync/tasks/${task.id}/matches`, { method: "PUT", body: { external_id: externalId, track_key: trackKey } }),
    onSuccess: (_data, vars) => {
      notify(vars.trackKey ? "Pinned: used from the next run on." : "Marked “never match” from the next run on.", "ok");
      void queryClient.invalidateQueries({ queryKey: ["sync", "matches", task.id] });
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const downloads = useMutation({
    mutationFn: () => api<{ session: DownloadSession }>("/api/download/missing", { body: { task_id: task.id } }),
    onSuccess: (answer) => {
      notify(`Downloading ${answer.session.total} missing tracks.`, "ok");
      navigate("/downloads");
    },
    onError: (error) =>
      notify(
        error instanceof ApiError && error.status === 404
          ? "Downloads are not set up in this build (see the Downloads page)."
          : describeError(error).message,
        "bad",
      ),
  });
  if (matches.isPending) return <Loading label="Loading the match review…" />;
  if (matches.isError) return <ErrorState error={matches.error} what="matches" onRetry={() => void matches.refetch()} />;
  const unmatched = matches.data.matches.filter((m) => m.track_key === null && !m.pinned).length;
  const canDownload = health.data?.features.includes("download") ?? false;
  return (
    <div className="stack">
      {unmatched > 0 && (
        <div className="row">
          <button type="button" className="primary" disabled={downloads.isPending || !canDownload} onClick={() => downloads.mutate()}>
            Download missing ({unmatched})
          </button>
          {!canDownload && (
            <span className="small muted">
              No downloader is set up: choose one in <Link to="/settings">Settings › Downloader</Link>.
            </span>
          )}
        </div>
      )}
      <MatchReview matches={matches.data.matches} busy={pin.isPending} onPin={(externalId, trackKey) => pin.mutate({ externalId, trackKey })} />
    </div>
  );
}

export default function SyncTask() {
  const { taskId } = useParams();
  const id = Number(taskId);
  const navigate = useNavigate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [runId, setRunId] = useState<number | null>(null);
  const task = useQuery({
    queryKey: ["sync", "task", id],
    queryFn: () => api<Schema<"TaskEnvelope">>(`/api/sync/tasks/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
  const run = useMutation({
    mutationFn: () => api<Schema<"RunStarted">>(`/api/sync/tasks/${id}/run`, { method: "POST" }),
    onSuccess: (r) => {
      setRunId(r.run_id);
      void queryClient.invalidateQueries({ queryKey: ["sync"] });
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/sync/tasks/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      notify("Task deleted (the Plex playlist stays).", "ok");
      void queryClient.invalidateQueries({ queryKey: ["sync"] });
      navigate("/sync");
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  if (!Number.isInteger(id) || id <= 0) return <ErrorState error={new Error("This is not a task address.")} />;
  if (task.isPending) return <Loading label="Loading the task…" />;
  if (task.isError)
    return (
      <>
        <h1>Sync task</h1>
        <ErrorState error={task.error} what="this task" onRetry={() => void task.refetch()} />
        <p>
          <Link to="/sync">Back to all tasks</Link>
        </p>
      </>
    );
  const t = task.data.task;
  return (
    <>
      <p className="small">
        <Link to="/sync">← All sync tasks</Link>
      </p>
      <h1>{t.name}</h1>
      <p className="small muted">
        {t.provider} <code>{t.source_url}</code> → Plex playlist <strong>{t.playlist_title}</strong> ({t.mode})
        {t.next_run_at ? ` · next run ${formatTime(t.next_run_at)}` : " · no schedule"}
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={() => run.mutate()} disabled={t.running || run.isPending}>
          {t.running ? "Running…" : "Run now"}
        </button>
        <button type="button" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
          Edit
        </button>
        <ConfirmButton
          question={`Delete the task “${t.name}”? Its runs and pins go; the Plex playlist stays.`}
          confirmLabel="Delete task"
          onConfirm={() => remove.mutate()}
        >
          Delete
        </ConfirmButton>
      </div>
      {editing && <EditTask task={t} onDone={() => setEditing(false)} />}
      {runId !== null && <RunProgress runId={runId} />}
      <section aria-labelledby="review-h">
        <h2 id="review-h">Match review</h2>
        <Review task={t} />
      </section>
      <section aria-labelledby="runs-h">
        <h2 id="runs-h">Run history</h2>
        <Runs taskId={t.id} />
      </section>
    </>
  );
}
