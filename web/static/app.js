// clearbid web UI: one page, hash routes, no framework and no build step.
//
// Security contract: the page runs under a strict CSP (script-src 'self',
// style-src 'self'), so there is no inline script or style anywhere. Every
// piece of data is put into the DOM with textContent / createElement, never
// innerHTML; links are only ever built from "#/…" plus encodeURIComponent.
// State-changing requests carry the session's CSRF token (X-CSRF-Token).
'use strict';

(() => {
  const API = '/api/v1';
  const SIGNED_IN_HINT = 'clearbid.signedIn';  // avoids a 401 probe when nobody signed in here

  const state = {
    user: null,       // {name, role}
    csrf: '',
    screen: null,     // last screening: {input, bid, store, result}
  };

  // ---------------------------------------------------------------- DOM

  /** createElement with attributes; children are nodes or text (never HTML). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'testid') el.dataset.testid = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'href') el.setAttribute('href', safeHref(v));
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function safeHref(v) {
    const s = String(v);
    return s.startsWith('#/') ? s : '#/';
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  const view = () => document.getElementById('view');

  /** Replaces the main view with `nodes`, sets the title and moves focus to the heading. */
  function show(title, ...nodes) {
    const v = clear(view());
    append(v, nodes);
    document.title = title ? `${title} · clearbid` : 'clearbid';
    const heading = v.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({preventScroll: true});
    }
  }

  function notice(text, kind) {
    const n = document.getElementById('notice');
    n.textContent = text || '';
    n.className = 'notice' + (kind ? ' notice-' + kind : '');
    n.hidden = !text;
  }

  function errorBox(err) {
    return h('p', {class: 'error', role: 'alert', testid: 'error'}, errorText(err));
  }

  function errorText(err) {
    if (!err) return '';
    let text = err.message || String(err);
    const errors = err.data && Array.isArray(err.data.errors) ? err.data.errors : [];
    for (const e of errors.slice(0, 5)) text += ` — line ${e.line}: ${e.reason}`;
    return text;
  }

  const fmtScore = (s) => (typeof s === 'number' ? s.toFixed(2).replace(/\.?0+$/, '') : '—');
  const words = (code) => String(code || '').replace(/_/g, ' ');

  function bandBadge(band, testid) {
    const b = String(band || 'unknown');
    const known = ['low', 'medium', 'high', 'critical'].includes(b) ? b : 'unknown';
    return h('span', {class: `band band-${known}`, testid: testid || 'band', 'data-band': b}, b.toUpperCase());
  }

  /** Flagged rule ids, sent as "A,B" (or a list): "A, B". */
  function ruleList(rules) {
    const ids = Array.isArray(rules) ? rules : String(rules || '').split(',');
    return ids.map((r) => r.trim()).filter(Boolean).join(', ');
  }

  function tag(text, kind) {
    return h('span', {class: `tag${kind ? ' tag-' + kind : ''}`}, words(text));
  }

  function stateTag(s) {
    const v = s || 'open';
    return h('span', {class: `state state-${v.replace(/[^a-z_]/g, '')}`, testid: 'review-state'}, words(v));
  }

  function definition(pairs) {
    const dl = h('dl', {class: 'facts'});
    for (const [k, v] of pairs) {
      if (v === undefined || v === null || v === '') continue;
      dl.append(h('dt', {}, k), h('dd', {}, v));
    }
    return dl;
  }

  function table(caption, headers, rows, attrs) {
    const t = h('table', Object.assign({class: 'grid'}, attrs || {}));
    if (caption) t.append(h('caption', {class: 'visually-hidden'}, caption));
    t.append(h('thead', {}, h('tr', {}, headers.map((x) => h('th', {scope: 'col'}, x)))));
    const body = h('tbody');
    for (const r of rows) body.append(r);
    t.append(body);
    return t;
  }

  // ---------------------------------------------------------------- roles

  const canReadQueue = () => state.user && ['compliance', 'auditor', 'admin'].includes(state.user.role);
  const canReadAudit = canReadQueue;
  const canDecide = () => state.user && ['auditor', 'admin'].includes(state.user.role);

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, message, data) {
      super(message);
      this.status = status;
      this.data = data;
    }
  }

  async function api(method, path, body) {
    const init = {method, credentials: 'same-origin', headers: {Accept: 'application/json'}};
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    if (method !== 'GET' && state.csrf) init.headers['X-CSRF-Token'] = state.csrf;
    let res;
    try {
      res = await fetch(API + path, init);
    } catch (e) {
      throw new ApiError(0, 'The server cannot be reached.', null);
    }
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      const message = (data && data.error) || `The server answered ${res.status}.`;
      if (res.status === 401 && path !== '/session') signedOut('Your session has ended: sign in again.');
      throw new ApiError(res.status, message, data);
    }
    return data;
  }

  // ---------------------------------------------------------------- session

  function setUser(user, csrf) {
    state.user = user ? {name: user.name, role: user.role} : null;
    state.csrf = csrf || '';
    const signedIn = !!state.user;
    document.getElementById('nav').hidden = !signedIn;
    document.getElementById('userbox').hidden = !signedIn;
    document.getElementById('user-name').textContent = signedIn ? state.user.name : '';
    document.getElementById('user-role').textContent = signedIn ? state.user.role : '';
    for (const a of document.querySelectorAll('#nav a[data-needs]')) {
      a.hidden = !(signedIn && (a.dataset.needs === 'queue' ? canReadQueue() : canReadAudit()));
    }
    try {
      if (signedIn) localStorage.setItem(SIGNED_IN_HINT, '1');
      else localStorage.removeItem(SIGNED_IN_HINT);
    } catch (e) { /* storage disabled: the UI just probes less cleverly */ }
  }

  function signedOut(message) {
    setUser(null);
    state.screen = null;
    renderSignIn(message);
  }

  function renderSignIn(message) {
    const name = h('input', {id: 'signin-name', name: 'name', type: 'text', autocomplete: 'username', required: true,
      maxlength: 64, testid: 'signin-name'});
    const password = h('input', {id: 'signin-password', name: 'password', type: 'password',
      autocomplete: 'current-password', required: true, maxlength: 1024, testid: 'signin-password'});
    const status = h('p', {class: 'error', role: 'alert', testid: 'signin-error', hidden: !message}, message || '');
    const form = h('form', {class: 'card narrow', testid: 'signin-form', 'aria-labelledby': 'signin-title'},
      h('h1', {id: 'signin-title'}, 'Sign in'),
      status,
      h('div', {class: 'field'}, h('label', {for: 'signin-name'}, 'Name'), name),
      h('div', {class: 'field'}, h('label', {for: 'signin-password'}, 'Password'), password),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'btn btn-primary', testid: 'signin-submit'}, 'Sign in')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      status.hidden = true;
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      try {
        const me = await api('POST', '/session', {name: name.value, password: password.value});
        setUser(me, me.csrf);
        notice('');
        if (!location.hash || location.hash === '#/signin') location.hash = '#/screen';
        else route();
      } catch (err) {
        status.textContent = err.status === 401 ? 'Wrong name or password.' : errorText(err);
        status.hidden = false;
        password.value = '';
        password.focus();
      } finally {
        button.disabled = false;
      }
    });
    show('Sign in', form);
    name.focus();
  }

  async function signOut() {
    try {
      await api('DELETE', '/session');
    } catch (e) { /* signed out either way */ }
    signedOut();
    notice('Signed out.');
  }

  // ---------------------------------------------------------------- decisions

  /**
   * A button that opens a small form to record a review decision.
   * `subject` is the POST /decisions body without action and reason.
   * A dismissal needs a reason; the other actions take an optional one.
   */
  function decisionControl(subject, action, label, onDone) {
    const reasonRequired = action === 'dismiss';
    const wrap = h('span', {class: 'decision'});
    const open = h('button', {type: 'button', class: `btn ${action === 'dismiss' ? 'btn-warn' : 'btn-secondary'}`,
      testid: `decide-${action}`}, label);
    wrap.append(open);
    open.addEventListener('click', () => {
      open.hidden = true;
      const id = `reason-${Math.random().toString(36).slice(2)}`;
      const reason = h('textarea', {id, name: 'reason', rows: 2, maxlength: 4000, required: reasonRequired,
        testid: 'decision-reason'});
      const error = h('p', {class: 'error', role: 'alert', hidden: true});
      const form = h('form', {class: 'decision-form', testid: `decision-form-${action}`},
        h('label', {for: id}, reasonRequired ? 'Reason (required)' : 'Note (optional)'), reason, error,
        h('div', {class: 'actions'},
          h('button', {type: 'submit', class: 'btn btn-primary', testid: 'decision-submit'}, `Record: ${label.toLowerCase()}`),
          h('button', {type: 'button', class: 'btn btn-quiet', onclick: () => { form.remove(); open.hidden = false; open.focus(); }},
            'Cancel')));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (reasonRequired && !reason.value.trim()) {
          error.textContent = 'Give the reason for the dismissal.';
          error.hidden = false;
          reason.focus();
          return;
        }
        const submit = form.querySelector('button[type=submit]');
        submit.disabled = true;
        try {
          const entry = await api('POST', '/decisions', Object.assign({}, subject, {action, reason: reason.value.trim()}));
          form.remove();
          open.hidden = false;
          onDone(entry);
        } catch (err) {
          error.textContent = errorText(err);
          error.hidden = false;
          submit.disabled = false;
        }
      });
      wrap.append(form);
      reason.focus();
    });
    return wrap;
  }

  function decidedText(entry) {
    return `${words(entry.new_state)} by ${entry.actor} (audit entry #${entry.seq}).`;
  }

  // ---------------------------------------------------------------- findings

  function findingView(f) {
    const status = String(f.status || '');
    const summary = h('summary', {testid: 'finding-summary'},
      h('span', {class: `sev sev-${String(f.severity).replace(/[^a-z]/g, '')}`}, words(f.severity)),
      h('span', {class: 'rule-id'}, f.rule),
      h('span', {class: 'finding-title'}, f.title),
      tag(status, status === 'flagged' ? 'flagged' : 'insufficient'),
      f.zero_tolerance ? tag('zero tolerance', 'zero') : null,
      f.mitigated ? tag('mitigated', 'mitigated') : null);
    const body = h('div', {class: 'evidence', testid: 'evidence'});
    const evidence = Array.isArray(f.evidence) ? f.evidence : [];
    if (evidence.length) {
      body.append(h('h4', {}, 'Evidence'), h('ul', {class: 'evidence-items'}, evidence.map((e) =>
        h('li', {testid: 'evidence-item'}, h('span', {class: 'ev-kind'}, words(e.kind)), ' ', e.text,
          e.source ? h('span', {class: 'muted'}, ` — ${e.source}${e.begin >= 0 ? ` [${e.begin}–${e.end}]` : ''}`) : null))));
    }
    const missing = Array.isArray(f.missing) ? f.missing : [];
    if (missing.length) {
      body.append(h('h4', {}, 'Missing evidence'), h('ul', {class: 'missing-items', testid: 'missing'}, missing.map((m) =>
        h('li', {}, words(m.fact), m.supplied_by ? h('span', {class: 'muted'}, ` — supplied by ${m.supplied_by}`) : null))));
    }
    if (!evidence.length && !missing.length) body.append(h('p', {class: 'muted'}, 'No evidence items recorded.'));
    const basis = Array.isArray(f.legal_basis) ? f.legal_basis : [];
    if (basis.length) {
      body.append(h('h4', {}, 'Legal basis'), h('ul', {class: 'citations', testid: 'citations'}, basis.map((lb) =>
        h('li', {}, h('cite', {}, lb.citation || [lb.standard, lb.article].filter(Boolean).join(' ')),
          lb.quote ? h('q', {class: 'quote'}, lb.quote) : null))));
    }
    body.append(h('h4', {}, 'Action'), h('p', {class: 'action', testid: 'finding-action'},
      h('strong', {}, words(f.action)), f.action_text ? ` — ${f.action_text}` : ''));
    if (f.condition) body.append(h('p', {class: 'muted small'}, 'Condition: ', h('code', {}, f.condition)));
    return h('details', {class: `finding finding-${status}`, testid: 'finding', 'data-rule': f.rule, 'data-status': status},
      summary, body);
  }

  /**
   * Flagged findings, then the insufficient-data ones folded into one group
   * (clear and not-applicable findings are only counted).
   */
  function findingsList(findings, emptyText) {
    const all = findings || [];
    const flagged = all.filter((f) => f.status === 'flagged');
    const insufficient = all.filter((f) => f.status === 'insufficient_data');
    if (!flagged.length && !insufficient.length) return h('p', {class: 'muted'}, emptyText);
    const wrap = h('div', {class: 'findings'}, flagged.map(findingView));
    if (!flagged.length) wrap.append(h('p', {class: 'muted small'}, 'No rule flagged.'));
    if (insufficient.length) {
      const critical = insufficient.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
      wrap.append(h('details', {class: 'insufficient-group', testid: 'insufficient-group'},
        h('summary', {}, `Missing evidence: ${insufficient.length} rule${insufficient.length === 1 ? '' : 's'} ` +
          `could not be decided (${critical} high or critical)`),
        h('div', {class: 'findings'}, insufficient.map(findingView))));
    }
    return wrap;
  }

  // ---------------------------------------------------------------- matches

  function matchKey(m) {
    return `${m.subject_key}|${m.list}|${m.entry_id}`;
  }

  function matchView(m) {
    const decision = m.decision || '';
    const li = h('li', {class: `match${decision ? ' match-' + decision : ''}`, testid: 'match',
      'data-list': m.list, 'data-entry': m.entry_id, 'data-decision': decision || 'none'});
    li.append(h('div', {class: 'match-head'},
      h('strong', {class: 'match-entry'}, m.entry_name),
      h('span', {class: 'muted'}, ` on list ${m.list} (version ${m.list_version}, entry ${m.entry_id})`),
      h('span', {class: 'score', testid: 'match-score'}, `score ${fmtScore(m.score)}`),
      m.identifier_match ? tag('identifier match', 'zero') : m.match ? tag('name match', 'flagged') : tag('below threshold'),
      decision ? h('span', {class: `state state-${decision}`, testid: 'match-decision'}, decision) : null));
    const subject = m.subject && m.subject !== 'party' ? ` (disclosed ${m.subject})` : '';
    li.append(h('p', {class: 'match-explanation', testid: 'match-explanation'},
      `Screened name “${m.query_name}”${subject}: ${m.explanation || 'no explanation given'}`));
    if (canDecide() && decision !== 'dismissed' && decision !== 'confirmed') {
      const subjectBody = {kind: 'match', key: matchKey(m), subject_key: m.subject_key, entry_digest: m.entry_digest};
      const result = h('p', {class: 'decided', role: 'status', testid: 'decision-result'});
      const done = (entry) => {
        controls.remove();
        li.dataset.decision = entry.new_state;
        result.textContent = `${decidedText(entry)} Screen again to see its effect.`;
      };
      const controls = h('div', {class: 'actions'},
        decisionControl(subjectBody, 'confirm', 'Confirm', done),
        decisionControl(subjectBody, 'dismiss', 'Dismiss as false positive', done));
      li.append(controls, result);
    }
    return li;
  }

  function matchesSection(matches, title) {
    if (!matches.length) return null;
    return h('section', {class: 'matches', testid: 'matches'},
      h('h4', {}, title || 'Exclusion-list matches'),
      h('ul', {class: 'match-list'}, matches.map(matchView)));
  }

  // ---------------------------------------------------------------- assessments

  /** The party key the server uses (Party::GlobalKey): "scheme/id", else the folded name and country. */
  function partyKey(p, matches) {
    const fromMatch = matches.find((m) => m.subject === 'party' && m.subject_key);
    if (fromMatch) return fromMatch.subject_key;
    if (p.identifier) return p.identifier;
    let key = 'name:';
    let space = false;
    for (const ch of String(p.name || '')) {
      if (/^[ \t\n\v\f\r]$/.test(ch)) { space = true; continue; }
      if (space && key.length > 5) key += ' ';
      space = false;
      key += ch.length === 1 && ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
    }
    return `${key}|${p.country || ''}`;
  }

  function supplierHref(key, name, country) {
    const q = new URLSearchParams();
    if (name) q.set('name', name);
    if (country) q.set('country', country);
    const qs = q.toString();
    return `#/supplier/${encodeURIComponent(key)}${qs ? '?' + qs : ''}`;
  }

  function partyView(p, ocid, allMatches) {
    const matches = allMatches.filter((m) => m.ocid === undefined || (m.ocid === ocid && m.party_id === p.id));
    const key = partyKey(p, matches);
    const counts = p.counts || {};
    return h('article', {class: 'party', testid: 'party', 'data-party-id': p.id},
      h('header', {class: 'party-head'},
        h('h3', {}, p.name || p.id),
        bandBadge(p.band, 'party-band'),
        h('span', {class: 'score'}, `score ${fmtScore(p.score)}`),
        h('a', {class: 'link', href: supplierHref(key, p.name, p.country), testid: 'supplier-link'}, 'Supplier page')),
      definition([['Roles', (p.roles || []).map(words).join(', ')], ['Identifier', p.identifier],
        ['Country', p.country], ['Tier', p.tier]]),
      p.band_reason ? h('p', {class: 'band-reason'}, p.band_reason) : null,
      h('p', {class: 'muted small'},
        `${counts.flagged || 0} flagged · ${counts.insufficient_data || 0} insufficient data · ` +
        `${counts.clear || 0} clear · ${counts.not_applicable || 0} not applicable`),
      findingsList(p.findings, 'No flagged finding and no missing data for this party.'),
      matchesSection(matches));
  }

  /** One process assessment (AssessmentToJson) with its parties; `matches` from a screen response. */
  function assessmentView(a, matches, opts) {
    const o = opts || {};
    const head = h('header', {class: 'assessment-head'},
      h('div', {},
        h(o.heading || 'h2', {class: 'ocid'}, 'Contracting process ', h('code', {}, a.ocid)),
        a.provenance ? h('p', {class: 'muted small'},
          `as of ${a.provenance.as_of} · rule pack ${a.provenance.rule_pack} ${a.provenance.rule_pack_version}`) : null),
      h('div', {class: 'band-box'}, bandBadge(a.band, 'band'),
        h('span', {class: 'score big', testid: 'score'}, `score ${fmtScore(a.score)}`)));
    const parts = [head, h('p', {class: 'band-reason lead', testid: 'band-reason'}, a.band_reason || '')];
    if (o.stored) parts.push(h('p', {}, h('a', {class: 'link', href: `#/process/${encodeURIComponent(a.ocid)}`},
      'Contract risk page (stored assessment)')));
    const contributions = a.contributions || [];
    if (contributions.length) {
      parts.push(h('details', {class: 'contributions'}, h('summary', {}, 'How the score was made'),
        table('Score contributions', ['Subject', 'Score', 'Factor', 'Points', 'Reason'], contributions.map((c) =>
          h('tr', {}, h('td', {}, c.subject), h('td', {class: 'num'}, fmtScore(c.score)), h('td', {class: 'num'}, fmtScore(c.factor)),
            h('td', {class: 'num'}, fmtScore(c.points)), h('td', {}, c.reason))))));
    }
    const pf = (a.process_findings || []).filter((f) => f.status === 'flagged' || f.status === 'insufficient_data');
    if (pf.length) parts.push(h('section', {class: 'process-findings'}, h('h3', {}, 'Process findings'), findingsList(pf, '')));
    const parties = a.parties || [];
    parts.push(h('section', {class: 'parties'}, h('h3', {class: 'section-title'}, `Parties (${parties.length})`),
      parties.map((p) => partyView(p, a.ocid, matches || []))));
    return h('section', {class: `assessment card band-edge-${a.band}`, testid: 'assessment', 'data-ocid': a.ocid}, parts);
  }

  // ---------------------------------------------------------------- screen a bid

  async function runScreen(input, bid, store) {
    const q = new URLSearchParams();
    if (bid) q.set('bid', '1');
    if (store) q.set('store', '1');
    const qs = q.toString();
    const result = await api('POST', `/screen${qs ? '?' + qs : ''}`, input);
    state.screen = {input, bid, store, result};
    return result;
  }

  function screenResultView(result, rerun) {
    const wrap = h('div', {class: 'screen-result', testid: 'screen-result'});
    const assessments = result.assessments || [];
    const matches = result.matches || [];
    wrap.append(h('div', {class: 'result-bar'},
      h('h2', {class: 'section-title'}, `Result: ${assessments.length} contracting process${assessments.length === 1 ? '' : 'es'}`),
      result.stored ? tag('saved to the review queue', 'mitigated') : null,
      h('button', {type: 'button', class: 'btn btn-secondary', testid: 'rescreen', onclick: rerun}, 'Screen again')));
    const issues = [].concat((result.errors || []).map((e) => ['error', e]), (result.warnings || []).map((e) => ['warning', e]));
    if (issues.length) {
      wrap.append(h('ul', {class: 'input-issues', testid: 'input-issues'}, issues.map(([kind, e]) =>
        h('li', {class: `issue-${kind}`}, `${kind}: line ${e.line}: ${e.reason}`))));
    }
    for (const a of assessments) wrap.append(assessmentView(a, matches, {stored: result.stored}));
    return wrap;
  }

  function renderScreen() {
    const last = state.screen;
    const input = h('textarea', {id: 'screen-input', name: 'input', rows: 12, spellcheck: 'false', testid: 'screen-input',
      'aria-describedby': 'screen-input-help', required: true});
    input.value = last ? last.input : '';
    const file = h('input', {id: 'screen-file', type: 'file', accept: '.json,.jsonl,.ndjson,application/json', testid: 'screen-file'});
    const bid = h('input', {id: 'screen-bid', type: 'checkbox', testid: 'screen-bid'});
    bid.checked = last ? last.bid : true;
    const store = h('input', {id: 'screen-store', type: 'checkbox', testid: 'screen-store'});
    store.checked = last ? last.store : false;
    const out = h('div', {class: 'result-slot', 'aria-live': 'polite'});
    const submit = h('button', {type: 'submit', class: 'btn btn-primary', testid: 'screen-submit'}, 'Screen');

    file.addEventListener('change', () => {
      const f = file.files && file.files[0];
      if (!f) return;
      if (f.size > 8 * 1024 * 1024) {
        clear(out).append(errorBox(new Error('The file is larger than 8 MiB.')));
        return;
      }
      const reader = new FileReader();
      reader.onload = () => { input.value = String(reader.result || ''); };
      reader.onerror = () => clear(out).append(errorBox(new Error('The file could not be read.')));
      reader.readAsText(f);
    });

    async function go() {
      const text = input.value.trim();
      if (!text) {
        clear(out).append(errorBox(new Error('Paste OCDS JSON or choose a file first.')));
        input.focus();
        return;
      }
      submit.disabled = true;
      clear(out).append(h('p', {class: 'muted', testid: 'screening'}, 'Screening…'));
      try {
        const result = await runScreen(text, bid.checked, canReadQueue() && store.checked);
        clear(out).append(screenResultView(result, go));
      } catch (err) {
        if (err.status === 401) return;
        clear(out).append(errorBox(err));
      } finally {
        submit.disabled = false;
      }
    }

    const form = h('form', {class: 'card', testid: 'screen-form'},
      h('div', {class: 'field'},
        h('label', {for: 'screen-input'}, 'Bid documents'),
        h('p', {id: 'screen-input-help', class: 'help'},
          'Paste an OCDS release or record package (JSON). Supplier disclosures and audit reports may follow as ' +
          'JSON lines, or put every document in one JSON array.'),
        input),
      h('div', {class: 'field inline'}, h('label', {for: 'screen-file'}, 'Or load a file'), file),
      h('div', {class: 'field checks'},
        h('span', {class: 'check'}, bid, h('label', {for: 'screen-bid'}, 'Bid screening (the bid is under evaluation)')),
        canReadQueue() ? h('span', {class: 'check'}, store, h('label', {for: 'screen-store'}, 'Save to the review queue')) : null),
      h('div', {class: 'actions'}, submit));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); go(); });
    show('Screen a bid', h('h1', {}, 'Screen a bid'), form, out);
    if (last && last.result) out.append(screenResultView(last.result, go));
  }

  // ---------------------------------------------------------------- contract risk page

  async function renderProcess(ocid) {
    show('Contract risk', h('h1', {}, 'Contract risk'), h('p', {class: 'muted'}, 'Loading…'));
    try {
      const p = await api('GET', `/processes/${encodeURIComponent(ocid)}`);
      show(`Contract risk ${p.ocid}`, h('h1', {}, 'Contract risk'),
        definition([['Source', p.source]]),
        assessmentView(p.assessment || {ocid: p.ocid, band: p.band, score: p.score}, [], {heading: 'h2'}));
    } catch (err) {
      if (err.status === 401) return;
      show('Contract risk', h('h1', {}, 'Contract risk'), h('p', {}, h('code', {}, ocid)), errorBox(err));
    }
  }

  // ---------------------------------------------------------------- supplier page

  async function renderSupplier(key, params) {
    show('Supplier', h('h1', {}, 'Supplier'), h('p', {class: 'muted'}, 'Loading…'));
    const q = new URLSearchParams();
    if (params.get('name')) q.set('name', params.get('name'));
    if (params.get('country')) q.set('country', params.get('country'));
    const qs = q.toString();
    let s;
    try {
      s = await api('GET', `/suppliers/${encodeURIComponent(key)}${qs ? '?' + qs : ''}`);
    } catch (err) {
      if (err.status === 401) return;
      show('Supplier', h('h1', {}, 'Supplier'), h('p', {}, h('code', {}, key)), errorBox(err));
      return;
    }
    const stateSlot = h('span', {}, stateTag(s.review_state));
    const partyResult = h('p', {class: 'decided', role: 'status', testid: 'decision-result'});
    const decide = canDecide() ? h('div', {class: 'actions', testid: 'party-actions'},
      [['escalate', 'Escalate'], ['request_documents', 'Request documents'], ['confirm', 'Confirm risk']].map(([action, label]) =>
        decisionControl({kind: 'party', key: s.party_key}, action, label, (entry) => {
          clear(stateSlot).append(stateTag(entry.new_state));
          partyResult.textContent = decidedText(entry);
        }))) : null;
    const processes = s.processes || [];
    const processRows = processes.map((p) => h('tr', {},
      h('td', {}, h('a', {class: 'link', href: `#/process/${encodeURIComponent(p.ocid)}`}, p.ocid)),
      h('td', {}, p.party_id), h('td', {}, bandBadge(p.band, 'process-band')), h('td', {class: 'num'}, fmtScore(p.score)),
      h('td', {class: 'num'}, String(p.flagged)), h('td', {}, ruleList(p.rules)), h('td', {}, p.source)));
    const evidenceSlot = h('div', {class: 'supplier-evidence'});
    show(`Supplier ${s.name}`,
      h('h1', {}, s.name),
      h('div', {class: 'card'},
        definition([['Party key', h('code', {}, s.party_key)], ['Country', s.country], ['Review state', stateSlot]]),
        decide, partyResult),
      h('section', {class: 'card'}, h('h2', {}, 'Exclusion-list matches'),
        (s.matches || []).length ? h('ul', {class: 'match-list', testid: 'matches'}, s.matches.map(matchView))
          : h('p', {class: 'muted'}, 'No list entry matches this supplier.')),
      h('section', {class: 'card'}, h('h2', {}, `Flagged processes (${processes.length})`),
        processes.length ? table('Flagged processes', ['Process', 'Party id', 'Band', 'Score', 'Flagged', 'Rules', 'Source'],
          processRows) : h('p', {class: 'muted'}, 'No stored process flags this supplier.')),
      evidenceSlot);
    // Evidence and citations: this supplier's findings in each stored assessment.
    for (const p of processes.slice(0, 20)) {
      try {
        const stored = await api('GET', `/processes/${encodeURIComponent(p.ocid)}`);
        const party = ((stored.assessment || {}).parties || []).find((x) => x.id === p.party_id);
        if (!party) continue;
        evidenceSlot.append(h('section', {class: 'card'},
          h('h2', {}, 'Evidence in ', h('code', {}, p.ocid)),
          h('p', {}, bandBadge(party.band, 'party-band'), ' ', party.band_reason || ''),
          findingsList(party.findings, 'No flagged finding and no missing data.')));
      } catch (err) {
        if (err.status === 401) return;
        evidenceSlot.append(errorBox(err));
      }
    }
  }

  // ---------------------------------------------------------------- review queue

  const PAGE = 25;

  async function renderQueue(params) {
    // The queue holds parties at band high or above or with a flagged finding;
    // "low and above" (the UI's default) shows all of them.
    const band = params.get('band') || 'low';
    const country = (params.get('country') || '').toUpperCase();
    const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
    const bandSelect = h('select', {id: 'queue-band', name: 'band', testid: 'queue-band'},
      [['low', 'any band'], ['medium', 'medium and above'], ['high', 'high and above'],
        ['critical', 'critical']].map(([v, t]) => h('option', {value: v, selected: v === band}, t)));
    const countryInput = h('input', {id: 'queue-country', name: 'country', maxlength: 2, size: 3, value: country,
      pattern: '[A-Za-z]{2}', title: 'ISO 3166-1 alpha-2 code', testid: 'queue-country'});
    const filters = h('form', {class: 'filters card', testid: 'queue-filters'},
      h('div', {class: 'field inline'}, h('label', {for: 'queue-band'}, 'Band'), bandSelect),
      h('div', {class: 'field inline'}, h('label', {for: 'queue-country'}, 'Country'), countryInput),
      h('button', {type: 'submit', class: 'btn btn-secondary'}, 'Filter'));
    filters.addEventListener('submit', (ev) => {
      ev.preventDefault();
      location.hash = queueHash(bandSelect.value, countryInput.value.trim().toUpperCase(), 0);
    });
    const slot = h('div', {'aria-live': 'polite'}, h('p', {class: 'muted'}, 'Loading…'));
    show('Review queue', h('h1', {}, 'Review queue'), filters, slot);
    const q = new URLSearchParams({offset: String(offset), limit: String(PAGE)});
    if (band) q.set('band', band);
    if (country) q.set('country', country);
    let page;
    try {
      page = await api('GET', `/flagged?${q}`);
    } catch (err) {
      if (err.status !== 401) clear(slot).append(errorBox(err));
      return;
    }
    const items = page.items || [];
    const rows = items.map((it) => {
      const stateSlot = h('span', {}, stateTag(it.review_state));
      const result = h('p', {class: 'decided small', role: 'status'});
      const actions = canDecide() ? h('div', {class: 'actions compact'},
        [['escalate', 'Escalate'], ['request_documents', 'Request documents'], ['confirm', 'Confirm']].map(([action, label]) =>
          decisionControl({kind: 'party', key: it.party_key}, action, label, (entry) => {
            clear(stateSlot).append(stateTag(entry.new_state));
            result.textContent = decidedText(entry);
          }))) : null;
      return h('tr', {testid: 'queue-row', 'data-party-key': it.party_key},
        h('td', {}, h('a', {class: 'link', href: supplierHref(it.party_key, it.name, it.country), testid: 'supplier-link'}, it.name),
          it.identifier ? h('div', {class: 'muted small'}, it.identifier) : null),
        h('td', {}, it.country),
        h('td', {}, h('a', {class: 'link', href: `#/process/${encodeURIComponent(it.ocid)}`}, it.ocid)),
        h('td', {}, bandBadge(it.band, 'queue-band-badge')),
        h('td', {class: 'num'}, fmtScore(it.score)),
        h('td', {}, ruleList(it.rules)),
        h('td', {}, stateSlot, result),
        canDecide() ? h('td', {}, actions) : null);
    });
    const headers = ['Supplier', 'Country', 'Process', 'Band', 'Score', 'Flagged rules', 'Review state'];
    if (canDecide()) headers.push('Decide');
    const total = page.total || 0;
    const pager = h('nav', {class: 'pager', 'aria-label': 'Pages'},
      offset > 0 ? h('a', {class: 'link', href: queueHash(band, country, Math.max(0, offset - PAGE))}, '← Previous') : null,
      h('span', {class: 'muted'}, total ? `${offset + 1}–${offset + items.length} of ${total}` : 'Nothing flagged.'),
      offset + items.length < total ? h('a', {class: 'link', href: queueHash(band, country, offset + PAGE)}, 'Next →') : null);
    clear(slot).append(items.length ? table('Flagged suppliers', headers, rows, {testid: 'queue-table'}) : null, pager);
  }

  function queueHash(band, country, offset) {
    const q = new URLSearchParams();
    if (band && band !== 'low') q.set('band', band);
    if (country) q.set('country', country);
    if (offset) q.set('offset', String(offset));
    const qs = q.toString();
    return `#/queue${qs ? '?' + qs : ''}`;
  }

  // ---------------------------------------------------------------- audit trail

  async function renderAudit(params) {
    const after = Math.max(0, parseInt(params.get('after') || '0', 10) || 0);
    const limit = 50;
    const verifyOut = h('p', {class: 'verify-result', role: 'status', testid: 'verify-result'});
    const verify = h('button', {type: 'button', class: 'btn btn-secondary', testid: 'audit-verify'}, 'Verify the hash chain');
    verify.addEventListener('click', async () => {
      verify.disabled = true;
      verifyOut.className = 'verify-result';
      verifyOut.textContent = 'Verifying…';
      try {
        const v = await api('GET', '/audit/verify');
        verifyOut.className = `verify-result ${v.ok ? 'ok' : 'bad'}`;
        verifyOut.dataset.ok = String(!!v.ok);
        verifyOut.textContent = v.ok
          ? `Chain intact: ${v.entries} entries${v.head_hash ? `, head ${v.head_hash}` : ''}.`
          : `Chain broken at entry #${v.bad_seq}: ${v.problem} (${v.entries} entries read).`;
      } catch (err) {
        verifyOut.className = 'verify-result bad';
        verifyOut.textContent = errorText(err);
      } finally {
        verify.disabled = false;
      }
    });
    const slot = h('div', {'aria-live': 'polite'}, h('p', {class: 'muted'}, 'Loading…'));
    show('Audit trail', h('h1', {}, 'Audit trail'),
      h('div', {class: 'card verify'}, verify, verifyOut), slot);
    let page;
    try {
      page = await api('GET', `/audit?after=${after}&limit=${limit}`);
    } catch (err) {
      if (err.status !== 401) clear(slot).append(errorBox(err));
      return;
    }
    const items = page.items || [];
    const rows = items.map((e) => h('tr', {testid: 'audit-row', 'data-seq': String(e.seq), 'data-action': e.action},
      h('td', {class: 'num'}, String(e.seq)),
      h('td', {class: 'nowrap'}, e.at),
      h('td', {testid: 'audit-actor'}, e.actor),
      h('td', {testid: 'audit-action'}, words(e.action)),
      h('td', {class: 'subject'}, h('code', {}, e.subject)),
      h('td', {}, e.old_state || e.new_state ? `${words(e.old_state) || '—'} → ${words(e.new_state) || '—'}` : ''),
      h('td', {testid: 'audit-reason'}, e.reason),
      h('td', {}, h('code', {class: 'hash', title: e.hash}, String(e.hash || '').slice(0, 12)))));
    const last = items.length ? items[items.length - 1].seq : after;
    const pager = h('nav', {class: 'pager', 'aria-label': 'Pages'},
      after > 0 ? h('a', {class: 'link', href: '#/audit'}, '⇤ First') : null,
      after > 0 ? h('a', {class: 'link', href: `#/audit?after=${Math.max(0, after - limit)}`}, '← Previous') : null,
      h('span', {class: 'muted'}, items.length ? `entries ${items[0].seq}–${last}` : 'No entries.'),
      items.length === limit ? h('a', {class: 'link', href: `#/audit?after=${last}`}, 'Next →') : null);
    clear(slot).append(items.length ? table('Audit trail', ['#', 'Time (UTC)', 'Actor', 'Action', 'Subject', 'State', 'Reason', 'Hash'],
      rows, {testid: 'audit-table'}) : null, pager);
  }

  // ---------------------------------------------------------------- router

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const qi = raw.indexOf('?');
    const path = qi >= 0 ? raw.slice(0, qi) : raw;
    const params = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : '');
    const slash = path.indexOf('/');
    const name = slash >= 0 ? path.slice(0, slash) : path;
    let arg = slash >= 0 ? path.slice(slash + 1) : '';
    try {
      arg = decodeURIComponent(arg);
    } catch (e) { /* keep as typed */ }
    return {name: name || 'screen', arg, params};
  }

  function markNav(name) {
    for (const a of document.querySelectorAll('#nav a')) {
      if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  function forbidden(title) {
    show(title, h('h1', {}, title),
      h('p', {class: 'error', role: 'alert'}, `The role ${state.user.role} may not open this page.`),
      h('p', {}, h('a', {class: 'link', href: '#/screen'}, 'Screen a bid')));
  }

  function route() {
    notice('');
    if (!state.user) {
      renderSignIn();
      return;
    }
    const {name, arg, params} = parseHash();
    markNav(name);
    switch (name) {
      case 'signin':
      case 'screen': renderScreen(); break;
      case 'process': renderProcess(arg); break;
      case 'supplier': renderSupplier(arg, params); break;
      case 'queue':
        if (canReadQueue()) renderQueue(params);
        else forbidden('Review queue');
        break;
      case 'audit':
        if (canReadAudit()) renderAudit(params);
        else forbidden('Audit trail');
        break;
      default: show('Not found', h('h1', {}, 'Page not found'), h('p', {}, h('a', {class: 'link', href: '#/screen'}, 'Screen a bid')));
    }
  }

  async function start() {
    document.getElementById('sign-out').addEventListener('click', signOut);
    window.addEventListener('hashchange', route);
    let hint = false;
    try {
      hint = localStorage.getItem(SIGNED_IN_HINT) === '1';
    } catch (e) { hint = false; }
    if (hint) {
      try {
        const me = await api('GET', '/session');
        setUser(me, me.csrf);
      } catch (e) {
        setUser(null);
      }
    }
    route();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
