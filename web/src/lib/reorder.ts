/**
 * The `after` argument of PUT /api/playlists/<id>/items/<itemID>/move that takes the item at `from` to `to`
 * (0-based positions in the current order): null moves to the top.
 */
export function moveAfter(from: number, to: number, itemIdAt: (index: number) => number | null | undefined): number | null {
  if (to <= 0) return null;
  const neighbour = to < from ? itemIdAt(to - 1) : itemIdAt(to);
  if (neighbour === null || neighbour === undefined) throw new Error(`the item at position ${to + 1} is not loaded`);
  return neighbour;
}

/** Keyboard moves of a picked-up item: the new target position, or null for keys that do not move. */
export function nextTarget(key: string, to: number, total: number): number | null {
  switch (key) {
    case "ArrowUp":
      return Math.max(0, to - 1);
    case "ArrowDown":
      return Math.min(total - 1, to + 1);
    case "PageUp":
      return Math.max(0, to - 10);
    case "PageDown":
      return Math.min(total - 1, to + 10);
    case "Home":
      return 0;
    case "End":
      return total - 1;
    default:
      return null;
  }
}
