import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, describeError, type Schema } from "../api/client";
import { ConfirmButton } from "../components/ConfirmButton";
import { draftToBody, emptyRule, RuleBuilder, validateDraft, type FieldSpec, type SmartDraft } from "../components/RuleBuilder";
import { Badge, Empty, ErrorState, Loading } from "../components/states";
import { useNotify } from "../components/notices";
import { formatDuration, plural } from "../lib/format";
import { useDebounced } from "../lib/useDebounced";

type Smart = Schema<"SmartPlaylistOut">;

function draftOf(playlist: Smart | null, fields: FieldSpec[]): SmartDraft {
  if (!playlist) return { title: "", match: "all", rules: [emptyRule(fields)], sortField: "", sortDirection: "desc", limit: "" };
  return {
    title: playlist.title,
    match: playlist.match,
    rules: playlist.rules.map((r) => ({
      field: r.field,
      operator: r.operator,
      value: r.field === "userRating" && typeof r.value === "number" ? String(r.value / 2) : Array.isArray(r.value) ? r.value.join(", ") : String(r.value ?? ""),
    })),
    sortField: playlist.sort[0]?.field ?? "",
    sortDirection: playlist.sort[0]?.direction ?? "desc",
    limit: playlist.limit ? String(playlist.limit) : "",
  };
}

function Count({ body, valid }: { body: ReturnType<typeof draftToBody>; valid: boolean }) {
  // debounce the body and its validity together, so a stale (invalid) body is never sent
  const settled = useDebounced(JSON.stringify({ body: { ...body, title: undefined }, valid }), 400);
  const { body: settledBody, valid: settledValid } = JSON.parse(settled) as { body: unknown; valid: boolean };
  const count = useQuery({
    queryKey: ["smart", "count", settled],
    queryFn: () => api<Schema<"SmartCount">>("/api/smart-playlists/preview", { body: settledBody }),
    enabled: valid && settledValid,
    retry: false,
  });
  let text: string;
  if (!valid) text = "Complete the rules to see how many tracks match.";
  else if (count.isPending || count.isFetching) text = "Counting matching tracks…";
  else if (count.isError)
    text =
      count.error instanceof ApiError && count.error.status === 404
        ? "This backend cannot count before saving; the count shows after you save."
        : `Cannot count: ${describeError(count.error).message}`;
  else text = `${plural(count.data.count, "track")} match these rules${body.limit ? ` (limit ${body.limit})` : ""}.`;
  return (
    <p role="status" aria-live="polite">
      <strong>{text}</strong>
    </p>
  );
}

function Editor({ playlist, fields, sortFields, onDone }: { playlist: Smart | null; fields: FieldSpec[]; sortFields: string[]; onDone: () => void }) {
  const [draft, setDraft] = useState<SmartDraft>(() => draftOf(playlist, fields));
  const [tried, setTried] = useState(false);
  const notify = useNotify();
  const queryClient = useQueryClient();
  const problems = validateDraft(draft, fields);
  const body = draftToBody(draft, fields);
  const save = useMutation({
    mutationFn: () =>
      playlist
        ? api<Schema<"SmartPlaylistWritten">>(`/api/smart-playlists/${playlist.id}`, { method: "PUT", body })
        : api<Schema<"SmartPlaylistWritten">>("/api/smart-playlists", { body }),
    onSuccess: (answer) => {
      notify(`Saved “${answer.smart_playlist.title}”: ${plural(answer.smart_playlist.leafCount, "track")}.`, "ok");
      void queryClient.invalidateQueries({ queryKey: ["smart"] });
      void queryClient.invalidateQueries({ queryKey: ["playlists"] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.size === 0) save.mutate();
  };
  const shown = tried ? problems : new Map([...problems].filter(([k]) => k === -2));
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="editor-h">
      <h2 id="editor-h">{playlist ? `Edit “${playlist.title}”` : "New smart playlist"}</h2>
      <div className="field">
        <label htmlFor="smart-title">Title</label>
        <input
          id="smart-title"
          type="text"
          value={draft.title}
          maxLength={300}
          aria-invalid={shown.has(-1) ? true : undefined}
          onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        />
        {shown.has(-1) && <span className="tone-bad small">✕ {shown.get(-1)}</span>}
      </div>
      <RuleBuilder fields={fields} sortFields={sortFields} draft={draft} onChange={setDraft} problems={shown} />
      <Count body={body} valid={[...problems.keys()].every((k) => k === -1)} />
      {save.isError && <ErrorState error={save.error} what="the smart playlist" />}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {playlist ? "Save changes" : "Create smart playlist"}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export default function SmartPlaylists() {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Smart | "new" | null>(null);
  const catalog = useQuery({ queryKey: ["smart", "fields"], queryFn: () => api<Schema<"FieldCatalog">>("/api/smart-playlists/fields"), staleTime: Infinity });
  const list = useQuery({ queryKey: ["smart", "list"], queryFn: () => api<Schema<"SmartPlaylistList">>("/api/smart-playlists") });
  const remove = useMutation({
    mutationFn: (id: number) => api(`/api/smart-playlists/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      notify("Smart playlist deleted.", "ok");
      void queryClient.invalidateQueries({ queryKey: ["smart"] });
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  return (
    <>
      <h1>Smart playlists</h1>
      <p className="muted">Rules saved as Plex's own smart playlists, so Plexamp and every Plex app see them update.</p>
      {editing === null && (
        <div className="row">
          <button type="button" className="primary" onClick={() => setEditing("new")} disabled={!catalog.data}>
            New smart playlist
          </button>
        </div>
      )}
      {catalog.isError && <ErrorState error={catalog.error} what="the rule fields" onRetry={() => void catalog.refetch()} />}
      {editing !== null && catalog.data && (
        <Editor
          key={editing === "new" ? "new" : editing.id}
          playlist={editing === "new" ? null : editing}
          fields={catalog.data.fields}
          sortFields={catalog.data.sort_fields}
          onDone={() => setEditing(null)}
        />
      )}
      <h2>Your smart playlists</h2>
      {list.isPending ? (
        <Loading label="Loading smart playlists from Plex…" />
      ) : list.isError ? (
        <ErrorState error={list.error} what="smart playlists" onRetry={() => void list.refetch()} />
      ) : list.data.smart_playlists.length === 0 ? (
        <Empty title="No smart playlists yet">
          <p>Press “New smart playlist” and describe which tracks belong, e.g. rating ≥ 4 stars and added in the last 30d.</p>
        </Empty>
      ) : (
        <ul className="plain-list grid">
          {list.data.smart_playlists.map((p) => (
            <li key={p.id} className="panel stack">
              <h3>
                <Link to={`/playlists/${p.id}`}>{p.title}</Link>
              </h3>
              <p className="small muted">
                {plural(p.leafCount, "track")} · {formatDuration(p.duration)}
                {p.limit ? ` · limit ${p.limit}` : ""}
              </p>
              {p.rules_readable ? (
                <ul className="small">
                  {p.rules.map((r, i) => (
                    <li key={i}>
                      {r.field === "userRating" && typeof r.value === "number"
                        ? `rating ${r.operator} ${r.value / 2} stars`
                        : `${r.field} ${r.operator.replace(/_/g, " ")} ${Array.isArray(r.value) ? r.value.join(", ") : String(r.value)}`}
                    </li>
                  ))}
                  <li className="muted">match {p.match}</li>
                </ul>
              ) : (
                <p className="small">
                  <Badge tone="warn">Rules made elsewhere</Badge> Editing replaces them.
                </p>
              )}
              <div className="row">
                <button type="button" onClick={() => setEditing(p)} disabled={!catalog.data} aria-label={`Edit ${p.title}`}>
                  Edit
                </button>
                <ConfirmButton question={`Delete “${p.title}” from Plex?`} confirmLabel="Delete" onConfirm={() => remove.mutate(p.id)}>
                  Delete
                </ConfirmButton>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
