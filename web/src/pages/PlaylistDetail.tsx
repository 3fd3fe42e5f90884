import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, describeError, download, type Schema } from "../api/client";
import { ConfirmButton } from "../components/ConfirmButton";
import { PlaylistItems } from "../components/PlaylistItems";
import { Badge, ErrorState, Loading } from "../components/states";
import { useNotify } from "../components/notices";
import { formatDuration, plural } from "../lib/format";

type Playlist = Schema<"PlaylistMetadata">;

function Rename({ playlist, onDone }: { playlist: Playlist; onDone: () => void }) {
  const [title, setTitle] = useState(playlist.title);
  const notify = useNotify();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => api(`/api/playlists/${playlist.ratingKey}`, { method: "PUT", body: { title: title.trim() } }),
    onSuccess: () => {
      notify("Renamed.", "ok");
      void queryClient.invalidateQueries({ queryKey: ["playlists"] });
      onDone();
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="row" onSubmit={submit}>
      <label htmlFor="rename-title">New title</label>
      <input id="rename-title" type="text" value={title} required maxLength={300} onChange={(e) => setTitle(e.target.value)} style={{ maxWidth: 360 }} />
      <button type="submit" className="primary" disabled={save.isPending || !title.trim()}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

export default function PlaylistDetail() {
  const { playlistId } = useParams();
  const id = Number(playlistId);
  const navigate = useNavigate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const playlist = useQuery({
    queryKey: ["playlists", id, "meta"],
    queryFn: () => api<Schema<"PlaylistEnvelope">>(`/api/playlists/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/playlists/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      notify("Playlist deleted from Plex.", "ok");
      navigate("/playlists");
      // Only the list changed: refetching the deleted playlist's own queries would only get 404s.
      void queryClient.invalidateQueries({ queryKey: ["playlists", "list"] });
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const exportAs = (format: "m3u8" | "csv" | "json") =>
    download(`/api/playlists/${id}/export`, { format }, `playlist.${format}`).catch((error: unknown) =>
      notify(describeError(error).message, "bad"),
    );

  if (playlist.isPending) return <Loading label="Opening the playlist…" />;
  if (playlist.isError)
    return (
      <>
        <h1>Playlist</h1>
        <ErrorState error={playlist.error} what="this playlist" onRetry={() => void playlist.refetch()} />
        <Link to="/playlists">Back to playlists</Link>
      </>
    );
  const p = playlist.data.playlist;
  const smart = p.smart === 1;
  return (
    <>
      <p className="small">
        <Link to="/playlists">← All playlists</Link>
      </p>
      <h1>{p.title}</h1>
      <p className="muted">
        {plural(p.leafCount, "track")} · {formatDuration(p.duration)} {smart && <Badge tone="info">Smart (read-only here)</Badge>}
      </p>
      <div className="row">
        {!smart &&
          (renaming ? (
            <Rename playlist={p} onDone={() => setRenaming(false)} />
          ) : (
            <button type="button" onClick={() => setRenaming(true)}>
              Rename
            </button>
          ))}
        <div role="group" aria-label="Export" className="row">
          <span className="small muted">Export:</span>
          <button type="button" onClick={() => void exportAs("m3u8")}>
            M3U8
          </button>
          <button type="button" onClick={() => void exportAs("csv")}>
            CSV
          </button>
          <button type="button" onClick={() => void exportAs("json")}>
            JSON
          </button>
        </div>
        <ConfirmButton
          question={`Delete “${p.title}” from Plex? This cannot be undone.`}
          confirmLabel="Delete playlist"
          onConfirm={() => remove.mutate()}
        >
          Delete playlist
        </ConfirmButton>
      </div>
      <h2>Tracks</h2>
      <PlaylistItems playlistId={id} title={p.title} initialTotal={p.leafCount} editable={!smart} />
    </>
  );
}
