import { useEffect, useId, useRef, useState, type ReactNode } from "react";

interface Props {
  /** The button that asks ("Delete playlist"). */
  children: ReactNode;
  /** The question shown before acting. */
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/** A destructive action that asks first; Escape or Cancel backs out, focus returns to the button. */
export function ConfirmButton({ children, question, confirmLabel, onConfirm, disabled }: Props) {
  const [asking, setAsking] = useState(false);
  const id = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking)
    return (
      <button ref={openerRef} type="button" className="danger" disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  return (
    <div
      role="alertdialog"
      aria-labelledby={`${id}-q`}
      className="row state error"
      onKeyDown={(e) => e.key === "Escape" && setAsking(false)}
    >
      <span id={`${id}-q`}>{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="danger solid"
        onClick={() => {
          wasAsking.current = false;
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
