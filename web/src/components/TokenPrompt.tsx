import { useEffect, useRef, useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { onTokenRequired, setToken } from "../api/client";

/** Asks for PLEXM8_API_TOKEN once a call was refused with 401, then retries everything. */
export function TokenPrompt() {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState("");
  const [remember, setRemember] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();

  useEffect(() => onTokenRequired(() => setOpen(true)), []);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  if (!open) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setToken(value.trim(), remember);
    setOpen(false);
    setValue("");
    void queryClient.invalidateQueries();
  };
  return (
    <div className="modal-backdrop">
      <form
        className="modal stack"
        role="dialog"
        aria-modal="true"
        aria-labelledby="token-title"
        onSubmit={submit}
        onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
      >
        <h2 id="token-title">This server needs its token</h2>
        <p>
          This server was started with <code>PLEXM8_API_TOKEN</code>. Enter that token to use the UI; it is sent as the{" "}
          <code>X-PlexM8-Token</code> header and kept in this browser only.
        </p>
        <div className="field">
          <label htmlFor="api-token">API token</label>
          <input
            ref={input}
            id="api-token"
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            required
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          Remember on this computer (otherwise until this tab closes)
        </label>
        <div className="row">
          <button type="submit" className="primary">
            Use token
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
