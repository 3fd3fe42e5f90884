import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, describeError, type Schema } from "../api/client";
import { Badge, Empty, ErrorState, Loading } from "../components/states";
import { useNotify } from "../components/notices";
import { formatDuration, plural } from "../lib/format";

function NewPlaylist() {
  const [title, setTitle] = useState("");
  const notify = useNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => api<Schema<"CreateResponse">>("/api/playlists", { body: { title: title.trim() } }),
    onSuccess: (answer) => {
      notify(`Playlist “${answer.playlist.title}” created.`, "ok");
      void queryClient.invalidateQueries({ queryKey: ["playlists"] });
      navigate(`/playlists/${answer.playlist.ratingKey}`);
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="new-pl-h">
      <h2 id="new-pl-h">New playlist</h2>
      <div className="field">
        <label htmlFor="new-title">Title</label>
        <input id="new-title" type="text" value={title} required maxLength={300} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={create.isPending || !title.trim()}>
          Create playlist
        </button>
      </div>
    </form>
  );
}

function ImportPlaylist() {
  const file = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState("");
  const notify = useNotify();
  const queryClient = useQueryClient();
  const upload = useMutation({
    mutationFn: () => {
      const chosen = file.current?.files?.[0];
      if (!chosen) throw new Error("Choose an M3U, M3U8 or CSV file first.");
      const form = new FormData();
      form.append("file", chosen);
      if (title.trim()) form.append("title", title.trim());
      return api<Schema<"ImportResponse">>("/api/playlists/import", { form });
    },
    onSuccess: (answer) => {
      notify(`Imported “${answer.playlist.title}”: ${answer.matched} of ${answer.total} lines matched.`, "ok");
      void queryClient.invalidateQueries({ queryKey: ["playlists"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate();
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="import-h">
      <h2 id="import-h">Import a playlist file</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="import-file">M3U, M3U8 or CSV file</label>
          <input id="import-file" ref={file} type="file" accept=".m3u,.m3u8,.csv,.tsv,audio/x-mpegurl,text/csv" required />
        </div>
        <div className="field">
          <label htmlFor="import-title">Title (optional)</label>
          <input id="import-title" type="text" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="the file's name" />
        </div>
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={upload.isPending}>
          {upload.isPending ? "Importing…" : "Import"}
        </button>
      </div>
      <div aria-live="polite">
        {upload.isError && <ErrorState error={upload.error} what="the import" />}
        {upload.data && (
          <div className="stack">
            <p>
              <Badge tone="ok">Created</Badge>{" "}
              <Link to={`/playlists/${upload.data.playlist.ratingKey}`}>{upload.data.playlist.title}</Link>: {upload.data.matched} of{" "}
              {upload.data.total} lines matched, {upload.data.unmatched} not found.
            </p>
            {upload.data.unmatched > 0 && (
              <details>
                <summary>Lines not found in the library ({upload.data.unmatched})</summary>
                <ul className="small">
                  {upload.data.unmatched_items.slice(0, 200).map((item, i) => (
                    <li key={i}>{String(item.title ?? item.line ?? item.path ?? JSON.stringify(item))}</li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
      </div>
    </form>
  );
}

export default function Playlists() {
  const list = useQuery({ queryKey: ["playlists", "list"], queryFn: () => api<Schema<"PlaylistList">>("/api/playlists") });
  return (
    <>
      <h1>Playlists</h1>
      <section aria-labelledby="pl-list-h">
        <h2 id="pl-list-h" className="visually-hidden">
          Your playlists
        </h2>
        {list.isPending ? (
          <Loading label="Loading playlists from Plex…" />
        ) : list.isError ? (
          <ErrorState error={list.error} what="playlists" onRetry={() => void list.refetch()} />
        ) : list.data.MediaContainer.Metadata.length === 0 ? (
          <Empty title="No audio playlists in Plex">
            <p>Create one below, import a file, or sync one from a music platform on the Sync page.</p>
          </Empty>
        ) : (
          <div className="table-wrap panel" tabIndex={0}>
            <table aria-label="Playlists">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Tracks</th>
                  <th scope="col">Length</th>
                  <th scope="col">Kind</th>
                </tr>
              </thead>
              <tbody>
                {list.data.MediaContainer.Metadata.map((p) => (
                  <tr key={p.ratingKey}>
                    <td>
                      <Link to={`/playlists/${p.ratingKey}`}>{p.title}</Link>
                    </td>
                    <td>{plural(p.leafCount, "track")}</td>
                    <td>{formatDuration(p.duration)}</td>
                    <td>{p.smart ? <Badge tone="info">Smart</Badge> : <Badge tone="muted">Regular</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div className="grid">
        <NewPlaylist />
        <ImportPlaylist />
      </div>
    </>
  );
}
