import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

type Kind = "ok" | "bad" | "info";
interface Notice {
  id: number;
  kind: Kind;
  text: string;
}

const NoticeContext = createContext<(text: string, kind?: Kind) => void>(() => undefined);

/** Short messages after an action, announced politely to screen readers. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);
  const notify = useCallback(
    (text: string, kind: Kind = "info") => {
      const id = Date.now() + Math.random();
      setNotices((all) => [...all.slice(-3), { id, kind, text }]);
      setTimeout(() => dismiss(id), kind === "bad" ? 12_000 : 6_000);
    },
    [dismiss],
  );
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice ${n.kind}`}>
            <span aria-hidden="true">{n.kind === "ok" ? "✓" : n.kind === "bad" ? "✕" : "ℹ"}</span>
            <span>{n.text}</span>
            <button type="button" className="icon" aria-label="Dismiss message" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export function useNotify() {
  return useContext(NoticeContext);
}
