// Muster dispatcher's console (README "Console"). Plain JS, no build step. Everything shown is put
// in the page as text (textContent), never as HTML: names come from provisioning and requests.
'use strict';

const state = { token: sessionStorage.getItem('muster.token'), snapshot: null, offset: 0, operator: null, busy: false };
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function readHeaders() {
  return state.token ? { Authorization: 'Bearer ' + state.token } : {};
}

// ---- time ----
function localTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function age(iso) {
  let s = Math.max(0, Math.floor((Date.now() + state.offset - new Date(iso).getTime()) / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  s %= 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

// ---- the live stream (Server-Sent Events, read with fetch so the admin token can be sent) ----
async function connect() {
  try {
    const r = await fetch('/api/console/events', { headers: readHeaders(), cache: 'no-store' });
    if (r.status === 401) {
      $('token-panel').hidden = false;
      live(false, 'admin token needed');
      return;
    }
    if (!r.ok) throw new Error('HTTP ' + r.status);
    $('token-panel').hidden = true;
    live(true, 'live');
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        onEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    console.warn('console stream', e);
  }
  live(false, 'reconnecting…');
  setTimeout(connect, 2000);
}

function onEvent(block) {
  let name = 'message', data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (name === 'snapshot' && data) render(JSON.parse(data));
}

function live(on, text) {
  $('live').textContent = text;
  $('live').className = on ? 'live' : 'live off';
}

// ---- rendering ----
function render(s) {
  state.snapshot = s;
  state.offset = new Date(s.now).getTime() - Date.now();
  $('system').textContent = `${s.system} (${s.domain})`;
  $('stats').textContent = `${s.stats.registeredClients} registered clients, ${s.stats.affiliations} affiliations, `
    + `${s.stats.activeRegroups} active regroups`;
  $('warning').hidden = !s.warning;
  $('warning').textContent = s.warning ? 'WARNING: ' + s.warning : '';
  $('password-label').hidden = s.authentication === 'none';
  const list = $('regroups');
  list.replaceChildren(...(s.regroups.length ? s.regroups.map(regroupCard) : [el('p', { class: 'empty' }, 'No active regroup.')]));
  loadHistory();
}

function regroupCard(r) {
  const card = el('article', { class: r.forming ? 'regroup forming' : 'regroup', 'data-regroup': r.regroupGroup });
  if (state.operator) {
    const b = el('button', { class: 'cancel', type: 'button' }, 'Cancel');
    b.addEventListener('click', () => cancel(r));
    card.append(b);
  }
  const title = el('h3', {}, r.regroupGroup, el('span', { class: 'badge' }, r.service), el('span', { class: 'badge' }, r.type + ' regroup'));
  if (r.broadcast) title.append(el('span', { class: 'badge broadcast' }, 'broadcast'));
  if (r.forming) title.append(el('span', { class: 'badge' }, 'waiting for partners'));
  card.append(title);
  const facts = el('dl', { class: 'facts' });
  const fact = (k, v) => facts.append(el('dt', {}, k), el('dd', {}, v));
  fact(r.type === 'group' ? 'Groups' : 'Users', (r.groups || r.users).join(', '));
  fact('Preconfigured group', r.preconfiguredGroup);
  fact('Broadcast', r.broadcast ? 'yes' : 'no');
  fact('Requester', r.requester);
  fact('Formed', localTime(r.formedAt));
  fact('Age', el('span', { class: 'age', 'data-since': r.formedAt }, age(r.formedAt)));
  if (r.partners.length) fact('Partners', r.partners.join(', '));
  fact('Members', el('span', { class: 'counts' },
    `${r.acknowledged} of ${r.listed} acknowledged / ${r.affiliated} of ${r.listed} affiliated`));
  card.append(facts, memberTable(r.members));
  return card;
}

function memberTable(members) {
  const t = el('table', { class: 'members' }, el('tr', {}, ...['User', 'Client', 'State', 'Since', 'Detail'].map((h) => el('th', {}, h))));
  for (const m of members) {
    const user = m.user + (m.servedBy ? ` (served by ${m.servedBy})` : '');
    if (m.clients.length === 0) {
      t.append(el('tr', { class: m.registered ? 'member' : 'member unregistered', 'data-user': m.user },
        el('td', {}, user), el('td', {}, '—'), el('td', {}, m.registered ? 'not affiliated' : 'not registered'), el('td', {}), el('td', {})));
    }
    for (const c of m.clients) {
      t.append(el('tr', { class: c.problem ? 'member problem' : 'member', 'data-user': m.user, 'data-state': c.state },
        el('td', {}, user), el('td', {}, c.client), el('td', {}, c.state.toLowerCase().replace(/_/g, ' ')),
        el('td', {}, localTime(c.at)), el('td', {}, c.detail)));
    }
  }
  return t;
}

setInterval(() => {
  for (const a of document.querySelectorAll('.age')) a.textContent = age(a.getAttribute('data-since'));
}, 1000);

// ---- history (GET /api/history, newest first) ----
let historyTimer = null;
function loadHistory() {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(async () => {
    const box = $('history');
    try {
      const r = await fetch('/api/history?limit=50', { headers: readHeaders(), cache: 'no-store' });
      if (r.status === 404) {
        box.replaceChildren(el('p', { class: 'empty' }, 'History is not available on this server.'));
        return;
      }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      const entries = (await r.json()).entries || [];
      if (!entries.length) {
        box.replaceChildren(el('p', { class: 'empty' }, 'Nothing yet.'));
        return;
      }
      const t = el('table', { class: 'history' }, el('tr', {}, ...['Time', 'Event', 'Regroup group', 'Service', 'Requester', 'Groups or users', 'Outcome']
        .map((h) => el('th', {}, h))));
      for (const e of entries) {
        const outcome = [e.outcome, e.reason, e.cancelledBy ? 'by ' + e.cancelledBy : null].filter((x) => x).join(', ');
        t.append(el('tr', { class: e.event === 'reject' ? 'problem' : '' }, el('td', {}, localTime(e.time)), el('td', {}, e.event),
          el('td', {}, e.regroupGroup), el('td', {}, e.service), el('td', {}, e.requester),
          el('td', {}, [...(e.groups || []), ...(e.users || [])].join(', ')), el('td', {}, outcome)));
      }
      box.replaceChildren(t);
    } catch (e) {
      box.replaceChildren(el('p', { class: 'empty' }, 'History could not be read: ' + e.message));
    }
  }, 200);
}

// ---- the operator: HTTP Digest (RFC 7616, SHA-256, qop=auth) with the user's SIP credentials ----
async function operatorFetch(method, path, body) {
  const headers = { 'X-Muster-Operator': state.operator ? state.operator.user : $('operator').value.trim() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  for (let attempt = 0; attempt < 3; attempt++) {
    const op = state.operator;
    if (op && op.digest && op.digest.nonce) headers.Authorization = await MusterDigest.authorization(op.digest, method, path);
    else if (state.token) headers.Authorization = 'Bearer ' + state.token;
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    if (r.status !== 401 || !op || !op.digest) return r;
    const challenge = MusterDigest.challenge(r.headers.get('X-Muster-Authenticate'));
    const json = await r.clone().json().catch(() => ({}));
    if (!challenge || (op.digest.nonce && !json.stale)) return r; // wrong credentials: no retry
    Object.assign(op.digest, challenge, { username: json.username || op.digest.username, nc: 0 });
    if (!op.digest.ha1) op.digest.ha1 = await MusterDigest.hash(`${op.digest.username}:${op.digest.realm}:${op.password}`);
  }
  throw new Error('could not authenticate');
}

async function signIn(ev) {
  ev.preventDefault();
  const user = $('operator').value.trim();
  const digest = !state.snapshot || state.snapshot.authentication !== 'none';
  state.operator = { user, password: $('password').value, digest: digest ? {} : null };
  try {
    const r = await operatorFetch('GET', '/api/console/operator');
    const json = await r.json();
    if (!r.ok) throw new Error(json.error || 'HTTP ' + r.status);
    delete state.operator.password; // HA1 is kept, not the password
    $('operator-name').textContent = json.user;
    $('operator-may').textContent = json.may.length ? 'may ' + json.may.join(', ') : 'no regroup authorizations';
    $('signin-form').hidden = true;
    $('signed-in').hidden = false;
    showResult('ok', 'Signed in as ' + json.user, []);
  } catch (e) {
    state.operator = null;
    showResult('refused', 'Sign-in failed: ' + e.message, []);
  }
  $('password').value = '';
  if (state.snapshot) render(state.snapshot);
}

function signOut() {
  state.operator = null;
  $('signin-form').hidden = false;
  $('signed-in').hidden = true;
  if (state.snapshot) render(state.snapshot);
}

function request() {
  const targets = $('targets').value.split(/[\s,]+/).filter((x) => x);
  const body = { service: $('service').value, regroupGroup: $('regroup-group').value.trim(), preconfigured: $('preconfigured').value.trim() };
  body[$('kind').value] = targets;
  return body;
}

async function act(what, method, path, body) {
  if (!state.operator) {
    showResult('refused', 'Sign in first.', []);
    return;
  }
  if (state.busy) return;
  state.busy = true;
  try {
    const r = await operatorFetch(method, path, body);
    const json = await r.json();
    if (json.error) showResult('refused', `${what} failed (HTTP ${r.status}): ${json.error}`, []);
    else if (json.result === 'refused') showResult('refused', `${what} of ${json.regroupGroup} refused: ${json.status} ${json.reason}`, json.warnings);
    else showResult('ok', `${what} of ${json.regroupGroup}: ${json.result}`, json.warnings);
  } catch (e) {
    showResult('refused', `${what} failed: ${e.message}`, []);
  } finally {
    state.busy = false;
  }
}

async function preview() {
  if (!state.operator) {
    showResult('refused', 'Sign in first: a preview is checked as the operator.', []);
    return;
  }
  const body = Object.assign(request(), { requester: state.operator.user });
  const r = await fetch('/api/preview', { method: 'POST', headers: Object.assign({ 'Content-Type': 'application/json' }, readHeaders()), body: JSON.stringify(body) });
  const p = await r.json();
  if (p.error) {
    showResult('refused', 'Preview failed: ' + p.error, []);
    return;
  }
  const lines = [`would notify ${p.fanOut} client(s): ` + p.clients.map((c) => c.user).join(', ')];
  for (const c of p.conflicts) lines.push(`${c.group} is held by ${c.heldBy}`);
  if (p.partners.length) lines.push('partners: ' + p.partners.join(', '));
  if (p.warning) lines.unshift(p.warning);
  showResult(p.result === 'refused' ? 'refused' : 'ok', `Preview of ${p.regroupGroup}: ${p.result} (${p.status})`, lines);
}

function cancel(r) {
  act('Cancel', 'POST', '/api/console/cancel', { service: r.service, regroupGroup: r.regroupGroup });
}

function showResult(kind, text, details) {
  $('result').replaceChildren(el('p', { class: kind, id: 'result-text' }, text), ...details.map((d) => el('p', {}, d)));
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.token = $('token').value;
    sessionStorage.setItem('muster.token', state.token);
    connect();
  });
  $('signin-form').addEventListener('submit', signIn);
  $('signout').addEventListener('click', signOut);
  $('preview').addEventListener('click', preview);
  $('create-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    act('Create', 'POST', '/api/console/regroups', request());
  });
  connect();
});
