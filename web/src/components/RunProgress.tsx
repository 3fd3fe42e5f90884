import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schema } from "../api/client";
import { useEventStatus, useServerEvents } from "../api/EventsProvider";
import { ErrorState, StatusBadge } from "./states";
import { formatTime } from "../lib/format";

type Run = Schema<"RunOut">;
const ACTIVE = new Set(["queued", "running"]);

interface Progress {
  step?: string;
  done?: number;
  total?: number;
}

const STAGES: Record<string, string> = {
  fetching: "Fetching the playlist from the platform…",
  matching: "Matching tracks against your library…",
  writing: "Writing the Plex playlist…",
};

/** The run a `run` event is about ({"event", "stage", "run": {…}}, or a bare run). */
export function runFromEvent(data: unknown): (Partial<Run> & { id: number; progress?: Progress; message?: string }) | null {
  if (!data || typeof data !== "object") return null;
  const record = data as Record<string, unknown>;
  const inner = (record.run && typeof record.run === "object" ? record.run : record) as Record<string, unknown>;
  const id = Number(inner.id ?? inner.run_id ?? record.run_id);
  if (!Number.isFinite(id)) return null;
  const stage = typeof record.stage === "string" ? record.stage : undefined;
  const message = typeof record.message === "string" ? record.message : stage ? (STAGES[stage] ?? stage) : undefined;
  return { ...(inner as Partial<Run>), id, message } as Partial<Run> & { id: number; progress?: Progress; message?: string };
}

/** Live state of one sync run: events when the stream is open, else polling GET /api/sync/runs/<id>. */
export function RunProgress({ runId }: { runId: number }) {
  const queryClient = useQueryClient();
  const stream = useEventStatus();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["sync", "run", runId],
    queryFn: () => api<Schema<"RunEnvelope">>(`/api/sync/runs/${runId}`),
    refetchInterval: (q) => {
      const status = q.state.data?.run.status;
      if (status && !ACTIVE.has(status)) return false;
      return stream === "open" ? 10_000 : 1_000;
    },
  });
  useServerEvents(["run"], (event) => {
    const run = runFromEvent(event.data);
    if (!run || run.id !== runId) return;
    if (run.progress) setProgress(run.progress);
    if (run.message) setStep(run.message);
    const previous = queryClient.getQueryData<Schema<"RunEnvelope">>(["sync", "run", runId]);
    if (previous && run.status) queryClient.setQueryData(["sync", "run", runId], { run: { ...previous.run, ...run } });
  });
  const status = query.data?.run.status;
  useEffect(() => {
    // finished (seen by polling or by an event): the task, its history and its review changed
    if (status && !ACTIVE.has(status)) void queryClient.invalidateQueries({ queryKey: ["sync"], exact: false });
  }, [status, queryClient]);
  if (query.isPending)
    return (
      <div role="status" aria-live="polite">
        Starting run {runId}…
      </div>
    );
  if (query.isError) return <ErrorState error={query.error} what={`run ${runId}`} onRetry={() => void query.refetch()} />;
  const run = query.data.run;
  const active = ACTIVE.has(run.status);
  return (
    <div className="panel" role="status" aria-live="polite" aria-label={`Run ${run.id} progress`}>
      <p className="row">
        <strong>Run {run.id}</strong> <StatusBadge status={run.status} />
        <span className="small muted">
          {stream === "open" ? "live" : "checking every second"} · started {formatTime(run.started_at)}
        </span>
      </p>
      {active &&
        (progress?.total ? (
          <progress max={progress.total} value={progress.done ?? 0} aria-label="Run progress" />
        ) : (
          <progress aria-label="Run progress" />
        ))}
      {active && (step || progress?.step) && <p className="small">{step ?? progress?.step}</p>}
      <p>
        {run.total} source tracks: {run.matched} matched, {run.unmatched} unmatched; {run.added} added, {run.removed} removed
        {run.moved ? `, ${run.moved} moved` : ""}.
      </p>
      {run.error && <p className="tone-bad">✕ {run.error}</p>}
    </div>
  );
}
