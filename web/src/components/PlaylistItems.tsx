import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { api, describeError, type Schema } from "../api/client";
import { useRate } from "../api/hooks";
import { StarRating } from "./StarRating";
import { useNotify } from "./notices";
import { formatDuration } from "../lib/format";
import { moveAfter, nextTarget } from "../lib/reorder";

type Item = Schema<"PlaylistItemOut">;
export const PAGE = 100;
const ROW = 56;

interface Props {
  playlistId: number;
  title: string;
  /** The item count known before any page arrived (leafCount). */
  initialTotal: number;
  editable: boolean;
}

/** A playlist's tracks, virtualised and paged (never all loaded), reorderable by drag and by keyboard. */
export function PlaylistItems({ playlistId, title, initialTotal, editable }: Props) {
  const parentRef = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const notify = useNotify();
  const rate = useRate();
  const [knownTotal, setKnownTotal] = useState<number | null>(null);
  const total = knownTotal ?? initialTotal;
  const [grab, setGrab] = useState<{ from: number; to: number } | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [busy, setBusy] = useState(false);

  const pinned = grab?.from ?? null;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (pinned !== null && !indexes.includes(pinned)) indexes.push(pinned); // keep the focused handle mounted
      return indexes.sort((a, b) => a - b);
    },
    [pinned],
  );
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW,
    overscan: 10,
    rangeExtractor,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const first = virtualItems[0]?.index ?? 0;
  const last = virtualItems[virtualItems.length - 1]?.index ?? 0;
  const pageNumbers: number[] = [];
  for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p += 1) pageNumbers.push(p);
  if (pinned !== null && !pageNumbers.includes(Math.floor(pinned / PAGE))) pageNumbers.push(Math.floor(pinned / PAGE));
  if (total === 0 && !pageNumbers.includes(0)) pageNumbers.push(0);

  const pages = useQueries({
    queries: pageNumbers.map((page) => ({
      queryKey: ["playlists", playlistId, "items", page],
      queryFn: async () => {
        const answer = await api<Schema<"ItemsResponse">>(`/api/playlists/${playlistId}/items`, {
          query: { limit: PAGE, offset: page * PAGE },
        });
        return answer.MediaContainer;
      },
      staleTime: 30_000,
    })),
  });
  const byPage = new Map<number, Item[]>();
  pages.forEach((q, i) => {
    const page = pageNumbers[i];
    if (q.data && page !== undefined) {
      byPage.set(page, q.data.Metadata);
    }
  });
  const freshest = pages.reduce<number | null>(
    (latest, q) => (q.data && (latest === null || q.dataUpdatedAt > latest) ? q.dataUpdatedAt : latest),
    null,
  );
  const sizeNow = pages.find((q) => q.data && q.dataUpdatedAt === freshest)?.data?.totalSize;
  useEffect(() => {
    if (sizeNow !== undefined) setKnownTotal(sizeNow);
  }, [sizeNow]);
  const itemAt = (index: number): Item | undefined => byPage.get(Math.floor(index / PAGE))?.[index % PAGE];
  const failed = pages.find((q) => q.isError);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["playlists", playlistId] });

  const move = async (from: number, to: number) => {
    const item = itemAt(from);
    if (!item || from === to || item.playlistItemID === null) return;
    setBusy(true);
    try {
      const after = moveAfter(from, to, (i) => itemAt(i)?.playlistItemID);
      await api(`/api/playlists/${playlistId}/items/${item.playlistItemID}/move`, { method: "PUT", body: { after } });
      setAnnouncement(`Moved ${item.title} to position ${to + 1} of ${total}.`);
      await refresh();
    } catch (error) {
      notify(describeError(error).message, "bad");
    } finally {
      setBusy(false);
    }
  };

  const remove = async (index: number) => {
    const item = itemAt(index);
    if (!item || item.playlistItemID === null) return;
    setBusy(true);
    try {
      await api(`/api/playlists/${playlistId}/items/${item.playlistItemID}`, { method: "DELETE" });
      setAnnouncement(`Removed ${item.title}.`);
      setKnownTotal(Math.max(0, total - 1));
      await refresh();
    } catch (error) {
      notify(describeError(error).message, "bad");
    } finally {
      setBusy(false);
    }
  };

  const onHandleKey = (event: KeyboardEvent<HTMLButtonElement>, index: number, item: Item) => {
    if (!grab) {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        setGrab({ from: index, to: index });
        setAnnouncement(
          `Picked up ${item.title}, position ${index + 1} of ${total}. Use the up and down arrow keys to choose its new place, Space to drop, Escape to cancel.`,
        );
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      setGrab(null);
      setAnnouncement(`${item.title} stays at position ${grab.from + 1}.`);
      return;
    }
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      const { from, to } = grab;
      setGrab(null);
      if (from === to) setAnnouncement(`${item.title} stays at position ${from + 1}.`);
      else void move(from, to);
      return;
    }
    const to = nextTarget(event.key, grab.to, total);
    if (to === null) return;
    event.preventDefault();
    setGrab({ ...grab, to });
    virtualizer.scrollToIndex(to, { align: "auto" });
    setAnnouncement(`Position ${to + 1} of ${total}.`);
  };

  const target = grab?.to ?? drag?.to ?? null;
  const source = grab?.from ?? drag?.from ?? null;

  return (
    <div className="stack">
      <p className="visually-hidden" id={`reorder-help-${playlistId}`}>
        To move a track with the keyboard, focus its handle, press Space, move with the arrow keys and press Space again.
      </p>
      <div aria-live="assertive" className="visually-hidden">
        {announcement}
      </div>
      {failed && (
        <p role="alert" className="tone-bad">
          ✕ Some tracks could not be loaded: {describeError(failed.error).message}{" "}
          <button type="button" onClick={() => void refresh()}>
            Retry
          </button>
        </p>
      )}
      {total === 0 && pages[0]?.isSuccess ? (
        <p className="muted">This playlist is empty. Add tracks from the Recommendations page or sync into it.</p>
      ) : (
        <div ref={parentRef} className="vlist" role="list" aria-label={`Tracks of ${title}`} aria-busy={busy}>
          <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualItems.map((row) => {
              const item = itemAt(row.index);
              const classes = ["vrow"];
              if (row.index === source) classes.push("dragging");
              if (target !== null && row.index === target && target !== source) classes.push("drop-target");
              return (
                <div
                  key={row.key}
                  role="listitem"
                  aria-setsize={total}
                  aria-posinset={row.index + 1}
                  className={classes.join(" ")}
                  style={{ height: ROW, transform: `translateY(${row.start}px)` }}
                  onDragOver={(e) => {
                    if (!drag) return;
                    e.preventDefault();
                    if (drag.to !== row.index) setDrag({ ...drag, to: row.index });
                  }}
                  onDrop={(e) => {
                    e.preventDefault();
                    if (drag) void move(drag.from, drag.to);
                    setDrag(null);
                  }}
                >
                  {item && editable ? (
                    <button
                      type="button"
                      className="icon handle"
                      draggable
                      aria-label={`Move ${item.title}, position ${row.index + 1} of ${total}`}
                      aria-describedby={`reorder-help-${playlistId}`}
                      aria-pressed={grab?.from === row.index}
                      disabled={busy}
                      onKeyDown={(e) => onHandleKey(e, row.index, item)}
                      onBlur={() => grab?.from === row.index && setGrab(null)}
                      onDragStart={(e) => {
                        e.dataTransfer.effectAllowed = "move";
                        e.dataTransfer.setData("text/plain", String(row.index));
                        setDrag({ from: row.index, to: row.index });
                      }}
                      onDragEnd={() => setDrag(null)}
                    >
                      <span aria-hidden="true">⠿</span> {row.index + 1}
                    </button>
                  ) : (
                    <span className="muted small">{row.index + 1}</span>
                  )}
                  {item ? (
                    <div className="truncate">
                      <span className="track-title">{item.title}</span>
                      <br />
                      <span className="small muted">
                        {item.artist} · {item.album} · {formatDuration(item.duration)}
                      </span>
                    </div>
                  ) : (
                    <div className="muted small">Loading…</div>
                  )}
                  {item && (
                    <div className="actions">
                      <StarRating
                        value={item.userRating}
                        label={item.title}
                        onChange={(rating) =>
                          rate.mutate({ trackKey: item.key, rating }, { onSuccess: () => void refresh() })
                        }
                      />
                      {editable && (
                        <button
                          type="button"
                          className="icon"
                          disabled={busy}
                          aria-label={`Remove ${item.title} from the playlist`}
                          onClick={() => void remove(row.index)}
                        >
                          ✕
                        </button>
                      )}
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
