// PlexM8 Companion status page: polls GET /api/health and shows what it says.
// Plain script, no dependencies, no inline code (works under CSP default-src 'self').
'use strict';

(function () {
  const HEALTH_URL = '/api/health';
  const REFRESH_MS = 10000;
  const TIMEOUT_MS = 5000;

  // Human names for the features the backend can list; unknown ones are shown as sent.
  const FEATURE_NAMES = {
    'playlists': ['Playlists', 'browse, create, edit, import and export Plex playlists'],
    'ratings': ['Ratings', 'rate tracks and list your top-rated ones'],
    'ratings-sync': ['Ratings import', 'from iTunes/Apple Music, MusicBee, foobar2000 and file tags'],
    'recommendations': ['Recommendations', 'similar tracks and picks based on your ratings'],
    'smart-playlists': ['Smart playlists', 'rule-based playlists that Plex keeps up to date'],
    'sync': ['Playlist sync', 'from NetEase Cloud Music, QQ Music, Spotify and Deezer'],
    'download': ['Downloads', 'fetch songs missing from your library'],
  };

  let timer = null;
  let lastHealth = null;
  let inFlight = false;

  const $ = (id) => document.getElementById(id);

  function setText(id, value) {
    const element = $(id);
    if (element) element.textContent = value === undefined || value === null || value === '' ? '\u2013' : String(value);
  }

  function yesNo(value) {
    if (value === true) return 'Yes';
    if (value === false) return 'No';
    return '\u2013';
  }

  function formatTime(iso) {
    if (!iso) return '\u2013';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    const seconds = Math.round((Date.now() - date.getTime()) / 1000);
    let ago = '';
    if (seconds < 5) ago = 'just now';
    else if (seconds < 90) ago = seconds + ' s ago';
    else if (seconds < 5400) ago = Math.round(seconds / 60) + ' min ago';
    else ago = Math.round(seconds / 3600) + ' h ago';
    return date.toLocaleString() + ' (' + ago + ')';
  }

  // state: "ok" | "warn" | "error" | "unknown"; the text always says it too (not colour alone).
  function setState(id, state, text) {
    const element = $(id);
    if (!element) return;
    element.dataset.state = state;
    element.querySelector('.state-text').textContent = text;
  }

  function showBanner(kind, text) {
    const banner = $('banner');
    banner.className = 'banner banner-' + kind;
    banner.textContent = text;
    banner.hidden = false;
  }

  function hideBanner() {
    const banner = $('banner');
    banner.hidden = true;
    banner.textContent = '';
  }

  function renderFeatures(features) {
    const list = $('features');
    list.replaceChildren();
    if (!Array.isArray(features) || features.length === 0) {
      const item = document.createElement('li');
      item.className = 'feature muted';
      item.textContent = 'No features reported.';
      list.appendChild(item);
      return;
    }
    for (const feature of features) {
      const known = FEATURE_NAMES[feature];
      const item = document.createElement('li');
      item.className = 'feature';
      const name = document.createElement('span');
      name.className = 'feature-name';
      name.textContent = known ? known[0] : String(feature);
      item.appendChild(name);
      if (known) {
        const description = document.createElement('span');
        description.className = 'feature-description';
        description.textContent = known[1];
        item.appendChild(description);
      }
      list.appendChild(item);
    }
  }

  function renderPlex(plex) {
    plex = plex || {};
    setText('plex-configured', yesNo(plex.configured));
    setText('plex-reachable', plex.configured ? yesNo(plex.reachable) : '\u2013');
    setText('plex-server', plex.server_name);
    setText('plex-version', plex.server_version);
    setText('plex-latency', typeof plex.latency_ms === 'number' ? Math.round(plex.latency_ms) + ' ms' : null);
    setText('plex-checked', formatTime(plex.checked_at));

    const hint = $('plex-hint');
    hint.hidden = true;
    if (!plex.configured) {
      setState('plex-state', 'warn', 'Not configured');
      hint.textContent = 'Set PLEX_SERVER_URL and PLEX_TOKEN in .env.local and restart, '
        + 'or start with "python setup.py run --demo" to try a simulated server.';
      hint.hidden = false;
    } else if (plex.reachable === true) {
      setState('plex-state', 'ok', 'Connected');
    } else if (plex.reachable === false) {
      setState('plex-state', 'error', 'Unreachable');
      hint.textContent = (plex.error ? String(plex.error) + ' ' : '')
        + 'Check that the Plex server is running, and the URL and token in .env.local.';
      hint.hidden = false;
    } else {
      setState('plex-state', 'unknown', 'Not checked yet');
    }
  }

  function renderScheduler(scheduler) {
    scheduler = scheduler || {};
    if (scheduler.running === true) setState('scheduler-state', 'ok', 'Running');
    else if (scheduler.running === false) setState('scheduler-state', 'warn', 'Stopped');
    else setState('scheduler-state', 'unknown', 'Unknown');
    setText('scheduler-jobs', typeof scheduler.jobs === 'number' ? scheduler.jobs : null);
  }

  function render(health) {
    const version = health.version ? 'v' + health.version : '';
    setText('app-version', version);
    document.title = 'PlexM8 Companion' + (version ? ' ' + version : '');

    if (health.status === 'ok') setState('backend-state', 'ok', 'Running');
    else setState('backend-state', 'warn', 'Status: ' + String(health.status || 'unknown'));
    setText('backend-version', health.version);
    setText('backend-lib', health.backend
      ? health.backend + (health.plex_api_version ? ' ' + health.plex_api_version : '')
      : null);
    setText('backend-time', formatTime(health.timestamp));

    renderPlex(health.plex);
    renderScheduler(health.scheduler);
    renderFeatures(health.features);
    $('cards').classList.remove('stale');
  }

  function renderFailure(error) {
    const reason = error && error.message ? error.message : 'unknown error';
    const answered = Boolean(error && error.answered);
    setState('backend-state', 'error', answered ? 'Error' : 'Not reachable');
    if (lastHealth) {
      // Keep the last known values, visibly marked as old.
      $('cards').classList.add('stale');
      setState('plex-state', 'unknown', 'Unknown (no status from the backend)');
      setState('scheduler-state', 'unknown', 'Unknown (no status from the backend)');
    } else {
      setState('plex-state', 'unknown', 'Unknown');
      setState('scheduler-state', 'unknown', 'Unknown');
      renderFeatures([]);
    }
    const retry = ' Retrying every ' + REFRESH_MS / 1000 + ' seconds.';
    if (answered) {
      showBanner('error', 'The backend answered ' + HEALTH_URL + ' with an error (' + reason + '). '
        + 'Its log (in the data folder, see docs/setup.md) says more.' + retry);
    } else {
      showBanner('error', 'Cannot reach the PlexM8 Companion backend at ' + window.location.origin
        + ' (' + reason + '). Is it still running? Start it with "python setup.py run".' + retry);
    }
  }

  // An error for "the backend answered, but not with a usable health status".
  function answeredError(message) {
    const error = new Error(message);
    error.answered = true;
    return error;
  }

  async function fetchHealth() {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(HEALTH_URL, { cache: 'no-store', signal: controller.signal });
      let body = null;
      try {
        body = await response.json();
      } catch (error) {
        body = null;
      }
      if (!response.ok) {
        const detail = body && body.message ? ': ' + body.message : '';
        throw answeredError('HTTP ' + response.status + detail);
      }
      if (!body || typeof body !== 'object') throw answeredError('the answer was not JSON');
      return body;
    } catch (error) {
      if (error && error.answered) throw error;
      if (error && error.name === 'AbortError') throw new Error('no answer within ' + TIMEOUT_MS / 1000 + ' s');
      throw new Error('network error');
    } finally {
      clearTimeout(timeout);
    }
  }

  async function refresh() {
    if (inFlight) return;
    inFlight = true;
    const button = $('refresh');
    button.disabled = true;
    $('cards').setAttribute('aria-busy', 'true');
    try {
      const health = await fetchHealth();
      lastHealth = health;
      render(health);
      hideBanner();
      setText('updated', 'Updated ' + new Date().toLocaleTimeString() + '. Next check in ' + REFRESH_MS / 1000 + ' s.');
    } catch (error) {
      renderFailure(error);
      setText('updated', 'Last attempt ' + new Date().toLocaleTimeString() + ' failed.');
    } finally {
      $('cards').setAttribute('aria-busy', 'false');
      button.disabled = false;
      inFlight = false;
    }
  }

  function schedule() {
    clearInterval(timer);
    timer = setInterval(refresh, REFRESH_MS);
  }

  // Docs are served by the backend when it can; otherwise name the file in the project folder.
  async function checkDocLinks() {
    for (const item of document.querySelectorAll('[data-doc]')) {
      const link = item.querySelector('a');
      let ok = false;
      try {
        const response = await fetch(link.getAttribute('href'), { method: 'HEAD', cache: 'no-store' });
        ok = response.ok;
      } catch (error) {
        ok = false;
      }
      if (!ok) {
        const text = document.createElement('span');
        text.textContent = link.textContent;
        link.replaceWith(text);
        const where = item.querySelector('.muted');
        if (where) where.textContent = '(' + where.textContent.replace(/[()]/g, '') + ' in the project folder)';
      }
    }
  }

  function start() {
    $('refresh').addEventListener('click', () => {
      refresh();
      schedule();
    });
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) {
        clearInterval(timer);
      } else {
        refresh();
        schedule();
      }
    });
    const example = $('curl-example');
    if (example && /^https?:$/.test(window.location.protocol)) {
      example.textContent = 'curl ' + window.location.origin + HEALTH_URL;
    }
    refresh();
    schedule();
    checkDocLinks();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
