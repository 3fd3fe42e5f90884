import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, describeError, type Schema } from "../api/client";
import { Empty, ErrorState, Loading, StatusBadge } from "../components/states";
import { SchedulePicker } from "../components/SchedulePicker";
import { RunProgress } from "../components/RunProgress";
import { DemoExamples } from "../components/DemoExamples";
import { useNotify } from "../components/notices";
import { describeCron } from "../lib/cron";
import { formatDuration, formatTime } from "../lib/format";

type Preview = Schema<"PreviewResponse">;
type Task = Schema<"TaskOut">;

function PreviewTable({ preview }: { preview: Preview }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table aria-label={`First tracks of ${preview.name}`}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Title</th>
            <th scope="col">Artists</th>
            <th scope="col" className="hide-sm">Album</th>
            <th scope="col">Length</th>
          </tr>
        </thead>
        <tbody>
          {preview.tracks.map((t, i) => (
            <tr key={`${t.external_id}-${i}`}>
              <td>{i + 1}</td>
              <td>{t.title}</td>
              <td>{t.artists.join(", ")}</td>
              <td className="hide-sm">{t.album}</td>
              <td>{formatDuration(t.duration_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CreateTask({ url, preview, onCreated }: { url: string; preview: Preview; onCreated: (task: Task, runId: number | null) => void }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(preview.name);
  const [mode, setMode] = useState<"mirror" | "append">("mirror");
  const [schedule, setSchedule] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<{ field?: string; message: string } | null>(null);
  const create = useMutation({
    mutationFn: async (runNow: boolean) => {
      const { task } = await api<Schema<"TaskEnvelope">>("/api/sync/tasks", {
        body: { source_url: url, playlist_title: title.trim(), name: preview.name, mode, schedule, enabled: true },
      });
      const run = runNow ? await api<Schema<"RunStarted">>(`/api/sync/tasks/${task.id}/run`, { method: "POST" }) : null;
      return { task, runId: run?.run_id ?? null };
    },
    onSuccess: ({ task, runId }) => {
      setFieldError(null);
      void queryClient.invalidateQueries({ queryKey: ["sync"] });
      notify(runId ? `Task “${task.name}” created; run ${runId} started.` : `Task “${task.name}” created.`, "ok");
      onCreated(task, runId);
    },
    onError: (error) => {
      const e = describeError(error);
      setFieldError({ field: (error as { field?: string }).field, message: e.message });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const runNow = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "run";
    create.mutate(runNow);
  };
  const scheduleBad = schedule !== null && !describeCron(schedule).ok;
  return (
    <form className="stack" onSubmit={submit} aria-labelledby="create-h">
      <h2 id="create-h">2. Create the sync task</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="plex-title">Plex playlist name</label>
          <input
            id="plex-title"
            type="text"
            value={title}
            required
            maxLength={300}
            aria-invalid={fieldError?.field === "playlist_title"}
            onChange={(e) => setTitle(e.target.value)}
          />
          <span className="hint">Created in Plex on the first run, or reused if it exists.</span>
        </div>
        <fieldset>
          <legend>Mode</legend>
          <label className="check">
            <input type="radio" name="mode" value="mirror" checked={mode === "mirror"} onChange={() => setMode("mirror")} />
            Mirror — remove what the source no longer has
          </label>
          <br />
          <label className="check">
            <input type="radio" name="mode" value="append" checked={mode === "append"} onChange={() => setMode("append")} />
            Append — only ever add
          </label>
        </fieldset>
      </div>
      <SchedulePicker value={schedule} onChange={setSchedule} />
      {fieldError && (
        <p role="alert" className="tone-bad">
          ✕ {fieldError.message}
        </p>
      )}
      <div className="row">
        <button type="submit" name="action" value="run" className="primary" disabled={create.isPending || scheduleBad || !title.trim()}>
          Create and run now
        </button>
        <button type="submit" name="action" value="save" disabled={create.isPending || scheduleBad || !title.trim()}>
          Create task
        </button>
        {create.isPending && <span role="status">Saving…</span>}
      </div>
    </form>
  );
}

function NewSync() {
  const navigate = useNavigate();
  const [url, setUrl] = useState("");
  const [created, setCreated] = useState<{ task: Task; runId: number | null } | null>(null);
  const preview = useMutation({
    mutationFn: (link: string) => api<Preview>("/api/sync/preview", { body: { url: link } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    preview.mutate(url.trim());
  };
  return (
    <section className="panel stack" aria-labelledby="new-h">
      <h2 id="new-h">1. Paste a link</h2>
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor="source-url">Playlist link</label>
          <input
            id="source-url"
            type="text"
            inputMode="url"
            value={url}
            required
            placeholder="https://music.163.com/#/playlist?id=…"
            aria-describedby="source-hint"
            onChange={(e) => setUrl(e.target.value)}
          />
          <span id="source-hint" className="hint">
            NetEase Cloud Music, QQ Music, Spotify or Deezer playlist links, or <code>provider:id</code>.
          </span>
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={preview.isPending || !url.trim()}>
            {preview.isPending ? "Fetching…" : "Preview"}
          </button>
        </div>
      </form>
      <DemoExamples onPick={setUrl} />
      <div aria-live="polite">
        {preview.isPending && <Loading label="Fetching the playlist from the platform…" />}
        {preview.isError && <ErrorState error={preview.error} what="this playlist" />}
        {preview.data && (
          <div className="stack">
            <h3>
              {preview.data.name} <span className="muted small">({preview.data.provider}, {preview.data.track_count} tracks)</span>
            </h3>
            {preview.data.track_count === 0 ? (
              <p>This playlist is empty on the platform; there is nothing to sync.</p>
            ) : (
              <>
                <p className="small muted">
                  The first {preview.data.tracks.length} of {preview.data.track_count} tracks:
                </p>
                <PreviewTable preview={preview.data} />
              </>
            )}
          </div>
        )}
      </div>
      {preview.data && !created && (
        <CreateTask url={url.trim()} preview={preview.data} onCreated={(task, runId) => setCreated({ task, runId })} />
      )}
      {created && (
        <div className="stack">
          <h2>3. {created.runId ? "Running" : "Created"}</h2>
          {created.runId && <RunProgress runId={created.runId} />}
          <div className="row">
            <button type="button" className="primary" onClick={() => navigate(`/sync/${created.task.id}`)}>
              Open “{created.task.name}” (runs and match review)
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function TaskRow({ task }: { task: Task }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<number | null>(null);
  const run = useMutation({
    mutationFn: () => api<Schema<"RunStarted">>(`/api/sync/tasks/${task.id}/run`, { method: "POST" }),
    onSuccess: (r) => {
      setRunId(r.run_id);
      void queryClient.invalidateQueries({ queryKey: ["sync", "tasks"] });
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const schedule = task.schedule ? describeCron(task.schedule) : null;
  return (
    <li className="panel">
      <div className="row spread">
        <h3>
          <Link to={`/sync/${task.id}`}>{task.name}</Link>
        </h3>
        <div className="row">
          {task.running || run.isPending ? <StatusBadge status="running" /> : task.last_run && <StatusBadge status={task.last_run.status} />}
          <button type="button" onClick={() => run.mutate()} disabled={task.running || run.isPending} aria-label={`Run now: ${task.name}`}>
            Run now
          </button>
        </div>
      </div>
      <p className="small">
        → Plex playlist <strong>{task.playlist_title}</strong> · {task.mode} · {task.provider}
        {task.enabled ? "" : " · disabled"}
      </p>
      <p className="small muted">
        {schedule?.ok ? schedule.text : "Runs only by hand"}
        {task.next_run_at ? ` · next ${formatTime(task.next_run_at)}` : ""}
        {task.last_run ? ` · last ${formatTime(task.last_run.started_at)}: ${task.last_run.matched}/${task.last_run.total} matched` : " · never run"}
      </p>
      {runId !== null && <RunProgress runId={runId} />}
    </li>
  );
}

export default function Sync() {
  const tasks = useQuery({ queryKey: ["sync", "tasks"], queryFn: () => api<Schema<"TaskList">>("/api/sync/tasks") });
  return (
    <>
      <h1>Sync</h1>
      <p className="muted">Mirror a music platform playlist into a Plex playlist, once or on a schedule.</p>
      <NewSync />
      <section aria-labelledby="tasks-h">
        <h2 id="tasks-h">Sync tasks</h2>
        {tasks.isPending ? (
          <Loading label="Loading tasks…" />
        ) : tasks.isError ? (
          <ErrorState error={tasks.error} what="sync tasks" onRetry={() => void tasks.refetch()} />
        ) : tasks.data.tasks.length === 0 ? (
          <Empty title="No sync tasks yet">
            <p>Paste a playlist link above, preview it, then create a task.</p>
          </Empty>
        ) : (
          <ul className="plain-list">
            {tasks.data.tasks.map((t) => (
              <TaskRow key={t.id} task={t} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
