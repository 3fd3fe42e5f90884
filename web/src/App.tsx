import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { NavLink, Route, Routes, useLocation } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { useHealth } from "./api/hooks";
import { TokenPrompt } from "./components/TokenPrompt";
import { Loading } from "./components/states";

const Dashboard = lazy(() => import("./pages/Dashboard"));
const Sync = lazy(() => import("./pages/Sync"));
const SyncTask = lazy(() => import("./pages/SyncTask"));
const Playlists = lazy(() => import("./pages/Playlists"));
const PlaylistDetail = lazy(() => import("./pages/PlaylistDetail"));
const Ratings = lazy(() => import("./pages/Ratings"));
const Recommendations = lazy(() => import("./pages/Recommendations"));
const SmartPlaylists = lazy(() => import("./pages/SmartPlaylists"));
const Downloads = lazy(() => import("./pages/Downloads"));
const Logs = lazy(() => import("./pages/Logs"));
const Settings = lazy(() => import("./pages/Settings"));
const NotFoundPage = lazy(() => import("./pages/NotFound"));

export const NAV = [
  { to: "/", label: "Dashboard", icon: "⌂" },
  { to: "/sync", label: "Sync", icon: "⇄" },
  { to: "/playlists", label: "Playlists", icon: "≡" },
  { to: "/ratings", label: "Ratings", icon: "★" },
  { to: "/recommendations", label: "Recommendations", icon: "✦" },
  { to: "/smart-playlists", label: "Smart playlists", icon: "⚙" },
  { to: "/downloads", label: "Downloads", icon: "⬇" },
  { to: "/logs", label: "Logs", icon: "☰" },
  { to: "/settings", label: "Settings", icon: "⚒" },
];

function Brand() {
  return (
    <NavLink to="/" className="brand">
      <img className="brand-mark" src="/favicon.svg" alt="" width={28} height={28} />
      PlexM8 Companion
    </NavLink>
  );
}

function Connection() {
  const health = useQuery(useHealth());
  if (health.isPending) return null;
  if (health.isError) return <p className="conn tone-bad">✕ Backend unreachable</p>;
  const plex = health.data.plex;
  const text = !plex.configured
    ? "○ Plex not set up"
    : plex.reachable
      ? `✓ Plex: ${plex.server_name ?? "connected"}`
      : "⚠ Plex unreachable";
  return <p className="conn">{text}</p>;
}

export function App() {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true }); // a new page: start reading from its content
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <header className="topbar">
          <Brand />
          <button
            type="button"
            aria-expanded={menuOpen}
            aria-controls="site-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true">☰</span> Menu
          </button>
        </header>
        <nav id="site-nav" aria-label="Main" className={`sidebar${menuOpen ? " open" : ""}`}>
          <Brand />
          <ul className="nav-list">
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"}>
                  <span className="nav-icon" aria-hidden="true">
                    {item.icon}
                  </span>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <Connection />
        </nav>
        <main id="main" ref={mainRef} tabIndex={-1}>
          <Suspense fallback={<Loading label="Loading page…" />}>
            <Routes>
              <Route path="/" element={<Dashboard />} />
              <Route path="/sync" element={<Sync />} />
              <Route path="/sync/:taskId" element={<SyncTask />} />
              <Route path="/playlists" element={<Playlists />} />
              <Route path="/playlists/:playlistId" element={<PlaylistDetail />} />
              <Route path="/ratings" element={<Ratings />} />
              <Route path="/recommendations" element={<Recommendations />} />
              <Route path="/smart-playlists" element={<SmartPlaylists />} />
              <Route path="/downloads" element={<Downloads />} />
              <Route path="/logs" element={<Logs />} />
              <Route path="/settings" element={<Settings />} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </main>
      </div>
      <TokenPrompt />
    </>
  );
}
