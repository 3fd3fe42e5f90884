import type { KeyboardEvent, MouseEvent } from "react";

interface Props {
  /** Plex's 0–10 scale (stars × 2), null when unrated. */
  value: number | null | undefined;
  onChange?: (rating: number | null) => void;
  /** What is rated, for the accessible name ("Rating of Lemon"). */
  label: string;
  disabled?: boolean;
}

/** Five stars; a slider for keyboards: arrows ±½ star, Home/0/Delete clears, End 5 stars, digits 1–5. */
export function StarRating({ value, onChange, label, disabled }: Props) {
  const rating = value ?? 0;
  const stars = rating / 2;
  const set = (next: number | null) => {
    if (disabled || !onChange) return;
    const clamped = next === null ? null : Math.max(0, Math.min(10, next));
    onChange(clamped === 0 ? null : clamped);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLSpanElement>) => {
    const key = event.key;
    let next: number | null | undefined;
    if (key === "ArrowRight" || key === "ArrowUp") next = rating + 1;
    else if (key === "ArrowLeft" || key === "ArrowDown") next = rating - 1;
    else if (key === "Home" || key === "Delete" || key === "Backspace" || key === "0") next = null;
    else if (key === "End") next = 10;
    else if (/^[1-5]$/.test(key)) next = Number(key) * 2;
    if (next === undefined) return;
    event.preventDefault();
    set(next);
  };
  const onClick = (event: MouseEvent<HTMLSpanElement>) => {
    const target = (event.target as HTMLElement).closest("[data-star]");
    if (!target) return;
    const star = Number(target.getAttribute("data-star"));
    set(star * 2 === rating ? null : star * 2); // clicking the current rating clears it
  };
  const text = rating ? `${stars} of 5 stars` : "Not rated";
  return (
    <span
      className="stars"
      role="slider"
      tabIndex={disabled ? -1 : 0}
      aria-label={`Rating of ${label}`}
      aria-valuemin={0}
      aria-valuemax={10}
      aria-valuenow={rating}
      aria-valuetext={text}
      aria-disabled={disabled || !onChange ? "true" : undefined}
      title={text}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      {[1, 2, 3, 4, 5].map((star) => (
        <span
          key={star}
          data-star={star}
          aria-hidden="true"
          className={stars >= star ? "on" : stars >= star - 0.5 ? "on half" : ""}
        >
          {stars >= star - 0.5 ? "★" : "☆"}
        </span>
      ))}
    </span>
  );
}
