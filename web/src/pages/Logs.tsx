import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, type Schema } from "../api/client";
import { useEventStatus, useServerEvents } from "../api/EventsProvider";
import { Empty, ErrorState, Loading } from "../components/states";
import { formatTime } from "../lib/format";

type Log = Schema<"LogOut">;
const LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
const RANK: Record<string, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };
const PAGE = 100;
const TONE: Record<string, string> = { WARNING: "tone-warn", ERROR: "tone-bad", CRITICAL: "tone-bad" };
const ICON: Record<string, string> = { DEBUG: "·", INFO: "ℹ", WARNING: "⚠", ERROR: "✕", CRITICAL: "✕" };

export default function Logs() {
  const [level, setLevel] = useState("");
  const [taskId, setTaskId] = useState("");
  const [page, setPage] = useState(0);
  const [follow, setFollow] = useState(false);
  const [live, setLive] = useState<Log[]>([]);
  const stream = useEventStatus();
  const tasks = useQuery({ queryKey: ["sync", "tasks"], queryFn: () => api<Schema<"TaskList">>("/api/sync/tasks") });
  const logs = useQuery({
    queryKey: ["logs", level, taskId, page],
    queryFn: () =>
      api<Schema<"LogsResponse">>("/api/logs", { query: { level: level || undefined, task_id: taskId || undefined, limit: PAGE, offset: page * PAGE } }),
    refetchInterval: follow && stream !== "open" && page === 0 ? 3_000 : false,
  });
  useServerEvents(["log"], (event) => {
    if (!follow || page !== 0) return;
    const data = event.data as Partial<Log> & { log?: Partial<Log> };
    const line = (data.log ?? data) as Partial<Log>;
    if (!line.message) return;
    if (level && (RANK[String(line.level).toUpperCase()] ?? 0) < (RANK[level] ?? 0)) return;
    if (taskId && String(line.task_id ?? "") !== taskId) return;
    setLive((all) =>
      [{ ts: line.ts ?? new Date().toISOString(), level: line.level ?? "INFO", logger: line.logger ?? "", message: line.message ?? "", task_id: line.task_id ?? null }, ...all].slice(0, 500),
    );
  });
  const reset = () => {
    setPage(0);
    setLive([]);
  };
  const rows = [...(page === 0 ? live : []), ...(logs.data?.logs ?? [])];
  const total = logs.data?.total ?? 0;
  return (
    <>
      <h1>Logs</h1>
      <div className="row panel">
        <div className="field">
          <label htmlFor="log-level">Level</label>
          <select id="log-level" value={level} onChange={(e) => { setLevel(e.target.value); reset(); }}>
            <option value="">All</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-task">Task</label>
          <select id="log-task" value={taskId} onChange={(e) => { setTaskId(e.target.value); reset(); }}>
            <option value="">All tasks</option>
            {(tasks.data?.tasks ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => { setFollow(e.target.checked); reset(); }} />
          Follow live {follow && <span className="small muted">({stream === "open" ? "streaming" : "checking every 3 s"})</span>}
        </label>
      </div>
      {logs.isPending ? (
        <Loading label="Loading logs…" />
      ) : logs.isError ? (
        <ErrorState error={logs.error} what="logs" onRetry={() => void logs.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title="No log lines">
          <p>{level || taskId ? "Nothing matches these filters: choose a lower level or all tasks." : "Nothing has been logged yet. Run a sync to see its log here."}</p>
        </Empty>
      ) : (
        <>
          <div className="table-wrap panel" tabIndex={0}>
            <table aria-label="Log lines, newest first">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Level</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody aria-live={follow ? "polite" : undefined}>
                {rows.map((l, i) => (
                  <tr key={`${l.ts}-${i}`}>
                    <td className="nowrap small">{formatTime(l.ts)}</td>
                    <td className={`nowrap small ${TONE[l.level] ?? ""}`}>
                      <span aria-hidden="true">{ICON[l.level] ?? "·"} </span>
                      {l.level}
                    </td>
                    <td className="log-line">
                      {l.message}
                      <span className="muted small"> — {l.logger}{l.task_id ? `, task ${l.task_id}` : ""}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="row">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Newer
            </button>
            <span className="small muted">
              {page * PAGE + 1}–{Math.min(total, (page + 1) * PAGE)} of {total}
            </span>
            <button type="button" disabled={(page + 1) * PAGE >= total} onClick={() => setPage(page + 1)}>
              Older
            </button>
          </div>
        </>
      )}
    </>
  );
}
