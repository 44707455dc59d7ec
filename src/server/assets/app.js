// pressbox: the page. Plain DOM, no framework, no build step.
//
// Safety rule: text from the index (article text, titles, outlets, quotes, entity names) only
// ever reaches the page through text nodes (`append(string)`, `textContent`) or attributes set
// one by one; nothing is parsed as markup. Links to an article's own URL are kept only when
// they are http(s).
//
// State lives in the URL (?q=...&outlet=...&entity=..., ?quote=..., ?article=ID&at=S-E,
// ?view=entities|quotes|matches, ?match=QUERY), so every view can be shared and the back button works.
'use strict';

(function () {
  const main = document.getElementById('main');
  const form = document.getElementById('search');
  const box = document.getElementById('q');
  const mode = document.getElementById('mode');
  const statsLine = document.getElementById('stats');

  const KIND_LABEL = {
    person: 'person',
    national_team: 'national team',
    club: 'club',
    competition: 'competition',
    venue: 'venue',
    place: 'place',
    organisation: 'organisation',
  };
  const MAX_LIMIT = 100;
  // A search ranks at most this many hits: offset + limit stays within it.
  const MAX_RANKED = 1000;
  const SHOWN_OUTLETS = 10;

  // ---------------------------------------------------------------- DOM helpers

  /** An element with properties (class, attributes, on* listeners) and children (strings become text nodes). */
  function h(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    append(e, kids);
    return e;
  }

  function append(parent, kids) {
    for (const k of kids.flat(Infinity)) {
      if (k === null || k === undefined || k === false) continue;
      parent.append(k instanceof Node ? k : document.createTextNode(String(k)));
    }
    return parent;
  }

  /** A link inside the page (handled by pushState unless opened elsewhere). */
  function nav(href, props, ...kids) {
    return h('a', Object.assign({ href, 'data-nav': true }, props || {}), ...kids);
  }

  /**
   * `text` with character ranges wrapped: ranges are {start, end, tag, cls, title} in Unicode
   * code points (the offsets pressbox reports), which JavaScript strings (UTF-16) do not index
   * directly: the text is split into code points first. Overlapping ranges nest.
   */
  function spans(text, ranges) {
    const cps = Array.from(text);
    const n = cps.length;
    const rs = [];
    for (const r of ranges) {
      const s = Math.max(0, Math.min(n, r.start | 0));
      const e = Math.max(0, Math.min(n, r.end | 0));
      if (s < e) rs.push(Object.assign({}, r, { s, e }));
    }
    const cuts = new Set([0, n]);
    for (const r of rs) {
      cuts.add(r.s);
      cuts.add(r.e);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      let node = document.createTextNode(cps.slice(a, b).join(''));
      for (const r of rs) {
        if (r.s <= a && b <= r.e) {
          const w = document.createElement(r.tag || 'span');
          if (r.cls) w.className = r.cls;
          if (r.title) w.title = r.title;
          if (r.id && r.s === a) w.id = r.id;
          w.append(node);
          node = w;
        }
      }
      frag.append(node);
    }
    return frag;
  }

  function slice(text, start, end) {
    return Array.from(text).slice(start, end).join('');
  }

  function outletName(o) {
    return o === null || o === undefined || o === '' ? 'unknown outlet' : o;
  }

  function outletTag(o) {
    return h('span', { class: o ? 'outlet' : 'outlet unknown' }, outletName(o));
  }

  /** The day an article was published (2022-12-10), as a <time>, or null when undated. */
  function dateTag(meta) {
    const t = meta && meta.published;
    if (!t) return null;
    // An outlet of the quote view without a published date is dated by when pressbox first saw it.
    if (meta.date_source === 'first_seen' && meta.outlet !== undefined && !meta.id) {
      return h('time', { class: 'date seen', datetime: t, title: `no published date: first seen by pressbox at ${t}` }, `seen ${String(t).slice(0, 10)}`);
    }
    return h('time', { class: 'date', datetime: t, title: t }, String(t).slice(0, 10));
  }

  function articleLabel(meta) {
    return meta.title || meta.id;
  }

  function articleHref(id, start, end) {
    const p = { article: id };
    if (start !== undefined && end !== undefined) p.at = `${start}-${end}`;
    return urlFor(p);
  }

  /** An http(s) URL from the index, or null: anything else (javascript:, data:) is dropped. */
  function safeUrl(u) {
    if (!u) return null;
    try {
      const url = new URL(u, location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function kindChip(name, kind, href, extra) {
    return nav(href, { class: `chip k-${kind}`, title: `${name} (${KIND_LABEL[kind] || kind})` }, name, extra || null);
  }

  function entityQuery(name) {
    return `entity:"${name.replace(/"/g, '')}"`;
  }

  function percent(x) {
    return `${Math.round((x || 0) * 100)}%`;
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many || one + 's'}`;
  }

  /** The `offset` of the URL: a whole number, 0 when absent. */
  function offsetOf(p) {
    return Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
  }

  /** Previous / next page links for a list at `offset` of `shown` items (pages of `limit`). */
  function pager(params, offset, limit, shown, hasMore) {
    const prev = offset > 0
      ? nav(urlFor(Object.assign({}, params, { offset: Math.max(0, offset - limit) || null })), { class: 'more prev', rel: 'prev' }, '← Previous')
      : null;
    const next = hasMore && shown >= limit
      ? nav(urlFor(Object.assign({}, params, { offset: offset + limit })), { class: 'more next', rel: 'next' }, 'Next →')
      : null;
    return prev || next ? h('nav', { class: 'pager', 'aria-label': 'Pages' }, prev, ' ', next) : null;
  }

  // ---------------------------------------------------------------- URL state

  function current() {
    return new URLSearchParams(location.search);
  }

  /** '/?k=v...' from an object whose values are strings, numbers or arrays (repeated keys). */
  function urlFor(obj) {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(obj)) {
      if (Array.isArray(v)) v.forEach((x) => s.append(k, x));
      else if (v !== null && v !== undefined && v !== '') s.set(k, String(v));
    }
    const q = s.toString();
    return q ? `/?${q}` : '/';
  }

  function go(url, replace) {
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    render().then(() => main.focus({ preventScroll: true }));
    window.scrollTo(0, 0);
  }

  function withToggled(params, key, value) {
    const obj = {};
    for (const k of new Set(params.keys())) obj[k] = params.getAll(k);
    const list = obj[key] || [];
    obj[key] = list.includes(value) ? list.filter((x) => x !== value) : list.concat([value]);
    delete obj.limit;
    delete obj.offset;
    return urlFor(obj);
  }

  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[data-nav]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(a.getAttribute('href'));
  });
  window.addEventListener('popstate', () => render());

  function typing(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !typing(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      box.focus();
      box.select();
    } else if (e.key === 'Escape' && e.target === box) {
      box.blur();
    }
  });

  function placeholder() {
    box.placeholder = mode.value === 'quote'
      ? 'Paste a quote, e.g. We know how many penalties Harry has scored for us'
      : 'Search passages, e.g. Kane penalty';
  }
  mode.addEventListener('change', placeholder);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = box.value.trim();
    if (!text) {
      box.focus();
      return;
    }
    const p = current();
    const outlet = p.has('q') || p.has('quote') ? p.getAll('outlet') : [];
    if (mode.value === 'quote') go(urlFor({ quote: text, outlet }));
    else go(urlFor({ q: text, outlet, entity: p.has('q') ? p.getAll('entity') : [] }));
  });

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, params, signal) {
    const url = `/api${path}${params ? urlFor(params).slice(1) : ''}`;
    let res;
    try {
      res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new ApiError('The server cannot be reached.', 0);
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError((body && body.error) || `${res.status} ${res.statusText}`, res.status);
    return body;
  }

  function showStats(stats) {
    const outlets = stats.outlets.filter((o) => o.outlet).length;
    statsLine.textContent = `${plural(stats.articles, 'article')} · ${plural(stats.passages, 'passage')} · ${plural(outlets, 'outlet')}`;
    return stats;
  }

  // ---------------------------------------------------------------- views

  let inflight = null;

  async function render() {
    const p = current();
    if (inflight) inflight.abort();
    const ctl = new AbortController();
    inflight = ctl;
    syncForm(p);
    main.setAttribute('aria-busy', 'true');
    let nodes;
    try {
      if (p.get('q')) nodes = await searchView(p, ctl.signal);
      else if (p.get('quote')) nodes = await quoteView(p, ctl.signal);
      else if (p.get('article')) nodes = await articleView(p, ctl.signal);
      else if (p.get('view') === 'entities') nodes = await entitiesView(p, ctl.signal);
      else if (p.get('view') === 'quotes') nodes = await quotesView(p, ctl.signal);
      else if (p.get('match')) nodes = await matchView(p, ctl.signal);
      else if (p.get('view') === 'matches') nodes = await matchesView(ctl.signal);
      else nodes = await homeView(ctl.signal);
    } catch (err) {
      if (err.name === 'AbortError') return;
      document.title = 'Error · pressbox';
      nodes = [h('p', { class: 'error', role: 'alert' }, err.message || String(err))];
    }
    if (ctl.signal.aborted) return;
    main.replaceChildren(...[nodes].flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
    main.removeAttribute('aria-busy');
    const focus = document.getElementById('focus');
    if (focus) focus.scrollIntoView({ block: 'center' });
  }

  function syncForm(p) {
    if (p.get('quote')) {
      mode.value = 'quote';
      box.value = p.get('quote');
    } else {
      mode.value = 'q';
      box.value = p.get('q') || '';
    }
    placeholder();
  }

  function outletFilter(p, stats) {
    const chosen = p.getAll('outlet');
    const names = stats.outlets.map((o) => o.outlet).filter(Boolean);
    for (const c of chosen) if (!names.includes(c)) names.push(c);
    if (!names.length) return null;
    const toggle = (name) => {
      const on = chosen.includes(name);
      return nav(withToggled(p, 'outlet', name), {
        class: on ? 'toggle on' : 'toggle',
        'aria-pressed': on ? 'true' : 'false',
        'data-outlet': name,
        title: on ? `Show every outlet again` : `Only ${name}`,
      }, on ? '✓ ' : '', name);
    };
    // Outlets come most articles first; a large index has hundreds, so the rest fold away.
    const first = names.filter((name, i) => i < SHOWN_OUTLETS || chosen.includes(name));
    const rest = names.filter((name) => !first.includes(name));
    return h('div', { class: 'filter', role: 'group', 'aria-label': 'Filter by outlet' },
      h('span', { class: 'label' }, 'Outlet'),
      first.map(toggle),
      rest.length
        ? h('details', { class: 'more-outlets' }, h('summary', {}, `${rest.length} more`), rest.map(toggle))
        : null);
  }

  function entityFilter(p, res) {
    const chosen = p.getAll('entity');
    const counts = new Map();
    for (const hit of res.hits) {
      for (const e of hit.entities || []) {
        const c = counts.get(e.name) || { e, n: 0 };
        c.n += 1;
        counts.set(e.name, c);
      }
    }
    const suggested = Array.from(counts.values())
      .filter((c) => !chosen.includes(c.e.name))
      .sort((a, b) => b.n - a.n || a.e.name.localeCompare(b.e.name))
      .slice(0, 8);
    if (!chosen.length && !suggested.length) return null;
    return h('div', { class: 'filter', role: 'group', 'aria-label': 'Filter by entity' },
      h('span', { class: 'label' }, 'Entity'),
      chosen.map((name) => nav(withToggled(p, 'entity', name), {
        class: 'toggle on', 'aria-pressed': 'true', title: `Stop requiring ${name}`,
      }, '✓ ', name)),
      suggested.map((c) => nav(withToggled(p, 'entity', c.e.name), {
        class: `toggle k-${c.e.kind}`, 'aria-pressed': 'false', title: `Only passages mentioning ${c.e.name}`,
      }, c.e.name)));
  }

  const SORTS = [['relevance', 'Best match'], ['newest', 'Newest'], ['oldest', 'Oldest']];

  /** How the query's words matched: the ones that became other words, and the missing ones. */
  function wordsLine(res) {
    const changed = (res.words || []).filter((w) => w.match !== 'exact' && w.match !== 'missing');
    const missing = (res.words || []).filter((w) => w.match === 'missing');
    return [
      changed.length
        ? h('p', { class: 'words-line', id: 'words' }, 'Matched: ', changed.map((w, i) => [i ? ' · ' : '',
          w.match === 'typo' ? `${w.word} → ${(w.as || []).join(' / ')} (typo)`
            : `${w.word} (${w.match === 'stem' ? 'as ' : ''}${(w.as || []).join(' / ')})`]))
        : null,
      missing.length
        ? h('p', { class: 'missing', id: 'missing' }, 'Missing: ', missing.map((w, i) => [i ? ', ' : '', h('s', {}, w.word)]))
        : null,
    ];
  }

  async function searchView(p, signal) {
    const q = p.get('q');
    const limit = Math.min(MAX_LIMIT, Math.max(1, parseInt(p.get('limit') || '10', 10) || 10));
    const offset = Math.min(offsetOf(p), MAX_RANKED - limit);
    const params = { q, limit, outlet: p.getAll('outlet'), entity: p.getAll('entity') };
    if (offset > 0) params.offset = offset;
    for (const k of ['per_article', 'since', 'until', 'sort']) if (p.get(k)) params[k] = p.get(k);
    const [res, stats] = await Promise.all([api('/search', params, signal), api('/stats', null, signal)]);
    showStats(stats);
    document.title = `${q} · pressbox`;
    const shown = res.hits.length;
    // A widened answer says so first, before anything that looks like an answer.
    const banner = res.widened && shown
      ? h('p', { class: 'widened', id: 'widened', role: 'status' }, res.widened.message)
      : null;
    const warnings = (res.warnings || []).length
      ? h('ul', { class: 'warnings', id: 'warnings', 'aria-label': 'About the query' }, res.warnings.map((w) => h('li', {}, w)))
      : null;
    const summary = h('p', { class: 'summary' },
      res.total === 0
        ? `No passage matches “${q}”.`
        : `${plural(res.total, 'passage')} matched`,
      res.total ? [' · showing ', shown && offset ? `${offset + 1}–${offset + shown}` : String(shown)] : null);
    const sort = res.sort || 'relevance';
    const sorts = shown
      ? h('p', { class: 'sorts', 'aria-label': 'Order' }, 'Order: ', SORTS.map(([k, label]) => k === sort
        ? h('span', { class: 'on', 'aria-current': 'true' }, label)
        : nav(urlFor(Object.assign({}, params, { sort: k === 'relevance' ? null : k, limit: null, offset: null })), { 'data-sort': k }, label)))
      : null;
    // Under each hit, only the words it lacks that others have (the rest are said above).
    const nowhere = new Set((res.words || []).filter((w) => w.match === 'missing').map((w) => w.word));
    const hits = res.hits.map((hit) => Object.assign({}, hit, { missing: (hit.missing || []).filter((w) => !nowhere.has(w)) }));
    const list = h('ol', { class: 'hits', id: 'hits', start: String(offset + 1) }, hits.map((hit) => hitItem(hit, p)));
    // More on this page up to MAX_LIMIT hits, then pages of them (a search ranks up to MAX_RANKED).
    const more = shown >= limit && limit < MAX_LIMIT && offset === 0
      ? nav(urlFor(Object.assign({}, params, { limit: Math.min(MAX_LIMIT, limit + 10) })), { class: 'more' }, 'More passages')
      : pager(params, offset, limit, shown, offset + limit < MAX_RANKED);
    const tips = res.total === 0
      ? h('p', { class: 'hint' }, 'Words are all required; try fewer words, ', h('code', {}, 'a OR b'), ', or remove a filter.')
      : null;
    return [h('section', { class: 'filters', 'aria-label': 'Filters' }, outletFilter(p, stats), entityFilter(p, res)),
      banner, warnings, summary, wordsLine(res), sorts, tips, list, more];
  }

  function hitItem(hit, p) {
    const a = hit.article;
    const ps = hit.passage;
    const ranges = (hit.highlights || []).map(([s, e]) => ({ start: s, end: e, tag: 'mark' }));
    for (const qt of hit.quotes || []) {
      ranges.push({ start: qt.start, end: qt.end, cls: 'q', title: qt.speaker ? `quote by ${qt.speaker}` : 'quote' });
    }
    const quoteLines = (hit.quotes || []).filter((qt) => qt.end > qt.start).map((qt) => {
      const said = slice(ps.text, qt.start, qt.end).replace(/^[\s"“”'‘’]+|[\s"“”'‘’,]+$/g, '');
      return h('p', { class: 'said' },
        h('span', { class: 'who' }, qt.speaker ? `Quote by ${qt.speaker}` : 'Quote, speaker not identified'),
        qt.cue ? h('span', { class: 'cue' }, ` (${qt.cue})`) : null,
        ' · ',
        nav(urlFor({ quote: said }), { class: 'trace' }, 'who else carried it'));
    });
    const also = hit.also_reported_by || [];
    return h('li', { class: 'hit' },
      h('div', { class: 'meta' },
        outletTag(a.outlet),
        dateTag(a),
        nav(articleHref(a.id, ps.start, ps.end), { class: 'art' }, articleLabel(a)),
        h('span', { class: 'pos', title: 'Character offsets in the article' }, `chars ${ps.start}–${ps.end}`)),
      (hit.missing || []).length
        ? h('p', { class: 'missing' }, 'Missing: ', hit.missing.map((w, i) => [i ? ', ' : '', h('s', {}, w)]))
        : null,
      h('blockquote', { class: 'passage' }, spans(ps.text, ranges)),
      quoteLines,
      (hit.entities || []).length
        ? h('div', { class: 'chips', 'aria-label': 'Entities mentioned' },
          hit.entities.map((e) => kindChip(e.name, e.kind, withToggled(p, 'entity', e.name))))
        : null,
      also.length ? alsoReported(also) : null);
  }

  function alsoReported(also) {
    const outlets = Array.from(new Set(also.map((x) => outletName(x.article && x.article.outlet))));
    return h('details', { class: 'also' },
      h('summary', {}, `Also reported by ${outlets.join(', ')}`),
      h('ul', {}, also.map((x) => {
        const ps = x.passage || { text: '', start: 0, end: 0 };
        const ranges = (x.highlights || []).map(([s, e]) => ({ start: s, end: e, tag: 'mark' }));
        return h('li', {},
          h('div', { class: 'meta' }, outletTag(x.article.outlet), dateTag(x.article),
            nav(articleHref(x.article.id, ps.start, ps.end), { class: 'art' }, articleLabel(x.article))),
          h('blockquote', { class: 'passage small' }, spans(ps.text, ranges)));
      })));
  }

  async function quoteView(p, signal) {
    const text = p.get('quote');
    const [res, stats] = await Promise.all([
      api('/quote', { text, outlet: p.getAll('outlet') }, signal),
      api('/stats', null, signal),
    ]);
    showStats(stats);
    document.title = `“${text.slice(0, 60)}” · pressbox`;
    const head = h('section', { class: 'quote-head' },
      h('h1', {}, 'Who carried this quote'),
      h('blockquote', { class: 'asked' }, res.query.text),
      h('p', { class: 'speaker', id: 'speaker' },
        res.speaker ? ['Said by ', h('strong', {}, res.speaker)] : 'Speaker not identified'),
      h('p', { class: 'summary' }, res.matches.length
        ? `${plural(res.outlets.length, 'outlet')} · ${plural(res.matches.length, 'match', 'matches')}`
        : 'No outlet carried these words.'));
    const table = res.outlets.length
      ? h('table', { class: 'outlets' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Outlet'), h('th', { scope: 'col' }, 'Published'),
          h('th', { scope: 'col' }, 'Best match'), h('th', { scope: 'col' }, 'Similarity'), h('th', { scope: 'col' }, 'Matches'))),
        h('tbody', {}, res.outlets.map((o) => h('tr', { class: o.first ? 'first-row' : null },
          h('td', {}, outletTag(o.outlet)),
          h('td', {}, dateTag(o) || h('span', { class: 'muted' }, 'undated'), o.first ? [' ', h('span', { class: 'first', title: 'Published it first' }, 'first')] : null),
          h('td', {}, h('span', { class: `badge ${o.kind}` }, o.kind)),
          h('td', {}, percent(o.similarity)), h('td', {}, String(o.matches))))))
      : null;
    const firstOutlets = new Set(res.outlets.filter((o) => o.first).map((o) => o.outlet));
    const legend = res.matches.length
      ? h('p', { class: 'legend' }, 'Differences from the text above: ',
        h('ins', {}, 'only in the outlet'), ' ', h('del', {}, 'missing from the outlet'))
      : null;
    const list = h('ol', { class: 'wordings', id: 'wordings' }, res.matches.map((m) => h('li', { class: `wording ${m.kind}` },
      h('div', { class: 'who' }, outletTag(m.article.outlet), dateTag(m.article),
        firstOutlets.has(m.article.outlet) ? h('span', { class: 'first', title: 'Published it first' }, 'first') : null,
        h('span', { class: `badge ${m.kind}` }, m.kind),
        h('span', { class: 'sim' }, percent(m.similarity))),
      h('div', { class: 'words' },
        h('p', { class: 'diff' }, (m.diff || []).map((d) => {
          if (d.op === 'added') return [h('ins', {}, d.text), ' '];
          if (d.op === 'removed') return [h('del', {}, d.text), ' '];
          return [h('span', {}, d.text), ' '];
        })),
        h('p', { class: 'cue' },
          m.speaker ? h('span', { class: 'speaker-name' }, m.speaker) : h('span', { class: 'muted' }, 'speaker not named'),
          m.cue ? ` · ${m.cue}` : '',
          m.quoted ? ' · in quotation marks' : ' · in the outlet’s own words',
          m.within ? ` · within a longer quote (chars ${m.within[0]}–${m.within[1]})` : '',
          ' · ',
          nav(articleHref(m.article.id, m.start, m.end), { class: 'art' }, `${articleLabel(m.article)}, chars ${m.start}–${m.end}`))))));
    const nearest = !res.matches.length && (res.nearest || []).length
      ? h('section', { class: 'nearest', id: 'nearest' },
        h('h2', {}, 'Nearest passages'),
        h('p', { class: 'hint' }, 'None of these carries the words above as a quote; they are the passages closest to them.'),
        h('ol', { class: 'hits' }, res.nearest.map((hit) => hitItem(hit, p))))
      : null;
    return [h('section', { class: 'filters', 'aria-label': 'Filters' }, outletFilter(p, stats)), head,
      table ? h('div', { class: 'scroll' }, table) : null, legend, list, nearest];
  }

  async function articleView(p, signal) {
    const id = p.get('article');
    const a = (await api(`/article/${encodeURIComponent(id)}`, null, signal)).article;
    document.title = `${articleLabel(a)} · pressbox`;
    let focus = null;
    const at = /^(\d+)-(\d+)$/.exec(p.get('at') || '');
    if (at) focus = { start: +at[1], end: +at[2] };
    const ranges = (a.entities || []).map((m) => ({
      start: m.start, end: m.end, cls: `ent k-${m.kind}`, title: `${m.name} (${KIND_LABEL[m.kind] || m.kind})`,
    }));
    if (focus) ranges.unshift({ start: focus.start, end: focus.end, tag: 'mark', cls: 'focus', id: 'focus' });
    const counts = new Map();
    for (const m of a.entities || []) {
      const c = counts.get(m.id) || { m, n: 0 };
      c.n += 1;
      counts.set(m.id, c);
    }
    const url = safeUrl(a.url);
    const source = a.outlet_source && a.outlet_source !== 'unknown' ? ` (from ${a.outlet_source.replace(/_/g, ' ')})` : '';
    return h('article', { class: 'doc' },
      h('h1', {}, articleLabel(a)),
      h('p', { class: 'meta' }, outletTag(a.outlet), source,
        a.date ? [' · ', a.date] : null,
        url ? [' · ', h('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original')] : null,
        ' · ', h('span', { class: 'muted' }, a.id)),
      counts.size
        ? h('div', { class: 'chips legend-chips', 'aria-label': 'Entities in this article' },
          Array.from(counts.values()).sort((x, y) => y.n - x.n).map((c) =>
            kindChip(c.m.name, c.m.kind, urlFor({ q: entityQuery(c.m.name) }), h('span', { class: 'n' }, String(c.n)))))
        : null,
      h('div', { class: 'text', id: 'text' }, spans(a.text, ranges)));
  }

  async function entitiesView(p, signal) {
    const kind = p.get('kind') || '';
    const offset = offsetOf(p);
    const params = { view: 'entities', kind, outlet: p.getAll('outlet') };
    const [res, stats] = await Promise.all([
      api('/entities', { kind, outlet: p.getAll('outlet'), limit: MAX_LIMIT, offset: offset || null }, signal),
      api('/stats', null, signal),
    ]);
    const list = res.entities;
    showStats(stats);
    document.title = 'Entities · pressbox';
    const kinds = h('div', { class: 'filter', role: 'group', 'aria-label': 'Kind' }, h('span', { class: 'label' }, 'Kind'),
      [''].concat(Object.keys(KIND_LABEL)).map((k) => {
        const on = k === kind;
        return nav(urlFor({ view: 'entities', kind: k, outlet: p.getAll('outlet') }),
          { class: on ? 'toggle on' : `toggle k-${k}`, 'aria-pressed': on ? 'true' : 'false' }, k ? KIND_LABEL[k] : 'all');
      }));
    const table = h('table', { class: 'entities' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Entity'), h('th', { scope: 'col' }, 'Kind'),
        h('th', { scope: 'col' }, 'Mentions'), h('th', { scope: 'col' }, 'Articles'), h('th', { scope: 'col' }, 'By outlet'))),
      h('tbody', {}, list.map((e) => h('tr', {},
        h('td', {}, kindChip(e.name, e.kind, urlFor({ q: entityQuery(e.name) }))),
        h('td', {}, KIND_LABEL[e.kind] || e.kind, e.role ? ` (${e.role})` : ''),
        h('td', { class: 'num' }, String(e.mentions)),
        h('td', { class: 'num' }, String(e.articles)),
        h('td', { class: 'by' }, e.outlets.map((o, i) => [i ? ' · ' : '', outletName(o.outlet), ' ', String(o.articles)]))))));
    const summary = h('p', { class: 'summary' }, list.length
      ? `${plural(res.total, 'entity', 'entities')} · showing ${offset + 1}–${offset + list.length}, most articles first`
      : 'No entities.');
    return [h('h1', {}, 'Entities'), h('section', { class: 'filters' }, kinds, outletFilter(p, stats)), summary,
      list.length ? h('div', { class: 'scroll' }, table) : null,
      pager(params, offset, MAX_LIMIT, list.length, offset + list.length < res.total)];
  }

  async function quotesView(p, signal) {
    const speaker = p.get('speaker') || '';
    const offset = offsetOf(p);
    const limit = 30;
    const res = await api('/quotes', { speaker, outlet: p.getAll('outlet'), limit, offset: offset || null }, signal);
    const clusters = res.clusters;
    document.title = 'Quotes · pressbox';
    const input = h('input', { type: 'search', name: 'speaker', value: speaker, placeholder: 'Speaker, e.g. Henderson', 'aria-label': 'Speaker' });
    const filter = h('form', {
      class: 'speaker-form',
      onsubmit: (e) => {
        e.preventDefault();
        go(urlFor({ view: 'quotes', speaker: input.value.trim(), outlet: p.getAll('outlet') }));
      },
    }, input, h('button', { type: 'submit' }, 'Filter'));
    const list = h('ol', { class: 'clusters' }, clusters.map((c) => h('li', { class: 'cluster' },
      h('div', { class: 'meta' }, h('strong', {}, c.speaker || 'Speaker not identified'),
        ` · ${plural(c.outlet_count, 'outlet')} · ${plural(c.articles, 'article')}`),
      h('ul', {}, c.wordings.map((w) => h('li', {},
        outletTag(w.article.outlet), ' ',
        h('span', { class: 'wording-text' }, `“${w.text}”`), ' ',
        nav(urlFor({ quote: w.text }), { class: 'trace' }, 'trace'), ' · ',
        nav(articleHref(w.article.id, w.start, w.end), { class: 'art' }, 'article')))))));
    const summary = h('p', { class: 'summary' }, clusters.length
      ? `${plural(res.quotes, 'quote')} in ${plural(res.total, 'cluster')} · showing ${offset + 1}–${offset + clusters.length}, most widely carried first`
      : 'No quotes.');
    const params = { view: 'quotes', speaker, outlet: p.getAll('outlet') };
    return [h('h1', {}, 'Quotes carried across outlets'), filter, summary,
      clusters.length ? list : null, pager(params, offset, limit, clusters.length, offset + clusters.length < res.total)];
  }

  // ---------------------------------------------------------------- matches

  function teamsLabel(m) {
    return `${m.teams[0].name} – ${m.teams[1].name}`;
  }

  function scoreLabel(m) {
    return m.score ? `${m.score[0]}–${m.score[1]}` : 'score not stated';
  }

  /** A minute as reports write it: 17', 45+2', stoppage time, 46'–60'. */
  function minuteLabel(min) {
    if (!min) return null;
    if (min.at !== undefined) return `${min.at}'`;
    if (min.stoppage) return min.stoppage.extra === null ? `${min.stoppage.half}' + stoppage time` : `${min.stoppage.half}+${min.stoppage.extra}'`;
    if (min.between) return `${min.between.from}'–${min.between.to}'`;
    return null;
  }

  function whoName(w) {
    return w ? w.name : null;
  }

  /** What a version of a fact says, in words: "goal: Olivier Giroud (header)". */
  function kindLabel(kind) {
    const [k, v] = Object.entries(kind || {})[0] || ['', {}];
    const bits = (xs) => xs.filter((x) => x).join(' ');
    switch (k) {
      case 'score': return `${v.stage === 'half_time' ? 'half-time' : 'final'} score ${whoName(v.teams[0]) || '?'} ${v.goals[0]}–${v.goals[1]} ${whoName(v.teams[1]) || '?'}`;
      case 'goal': return bits([`goal: ${v.scorer.name}`, v.how !== 'unspecified' ? `(${v.how.replace(/_/g, ' ')})` : null, v.assist ? `assisted by ${v.assist.name}` : null]);
      case 'penalty': return bits([`penalty ${v.outcome.replace(/_/g, ' ')}`, v.taker ? `taker ${v.taker.name}` : null, v.fouled ? `for a foul on ${v.fouled.name}` : null, v.conceded_by ? `conceded by ${v.conceded_by.name}` : null]);
      case 'card': return `${v.colour} card: ${v.player.name}`;
      case 'substitution': return bits(['substitution', v.on ? `on ${v.on.name}` : null, v.off ? `off ${v.off.name}` : null]);
      case 'var': return `VAR: ${v.decision.replace(/_/g, ' ')}`;
      case 'referee': return `referee: ${v.referee.name}`;
      case 'venue': return `venue: ${v.venue.name}`;
      case 'competition': return `competition: ${v.competition.name}`;
      default: return k;
    }
  }

  /** One statement: its outlet, its words in quotes and a link to the passage in its article. */
  function statementItem(st) {
    const href = st.passage === null ? articleHref(st.article) : articleHref(st.article, st.char_start, st.char_end);
    return h('li', { class: 'statement' }, outletTag(st.outlet), ' ',
      h('span', { class: 'words' }, `“${st.words}”`), ' ',
      nav(href, { class: 'art' }, st.passage === null ? 'title' : 'passage'));
  }

  /**
   * An outlet as a match fact lists it: the API names an article without an outlet by its id;
   * the page says "unknown outlet" for it, as everywhere else.
   */
  function factOutlet(o, fact) {
    const all = fact.versions.flatMap((v) => v.statements).concat(fact.without_minute);
    return all.some((st) => !st.outlet && st.article === o) ? 'unknown outlet' : outletName(o);
  }

  function versionItem(v, i, fact) {
    const minute = minuteLabel(v.minute);
    return h('li', { class: 'version' },
      h('div', { class: 'meta' },
        fact.disagreement ? h('strong', { class: 'vlabel' }, `Version ${i + 1}: `) : null,
        kindLabel(v.kind), minute ? [' · ', h('strong', { class: 'minute' }, minute)] : null,
        ' · ', h('span', { class: 'by' }, 'stated by ', v.outlets.map((o, j) => [j ? ', ' : '', factOutlet(o, fact)]))),
      h('ul', { class: 'statements' }, v.statements.map(statementItem)));
  }

  function factItem(f) {
    const first = f.versions[0];
    const minute = first && !f.disagreement ? minuteLabel(first.minute) : null;
    const flags = [
      f.disagreement ? h('span', { class: 'flag disagree', title: 'The outlets state different versions of this fact' }, `Disagreement: ${plural(f.versions.length, 'version')}`) : null,
      f.single_outlet ? h('span', { class: 'flag single', title: 'Only one outlet states this' }, 'one outlet only') : null,
      f.first_outlet ? h('span', { class: 'flag first' }, `first: ${f.first_outlet}`) : null,
    ];
    return h('li', { class: f.disagreement ? 'fact disagreement' : 'fact' },
      h('div', { class: 'fact-head' }, h('span', { class: 'minute' }, minute || ''), ' ',
        h('strong', { class: 'event' }, f.event.replace(/-/g, ' ')), ' ',
        h('span', { class: 'outlets' }, `${plural(f.outlets.length, 'outlet')}: ${f.outlets.map((o) => factOutlet(o, f)).join(', ')}`), ' ', flags),
      h('ul', { class: 'versions' }, f.versions.map((v, i) => versionItem(v, i, f))),
      f.without_minute.length
        ? h('div', { class: 'untimed' }, h('span', { class: 'hint' }, 'Without a minute (agree with every version):'),
          h('ul', { class: 'statements' }, f.without_minute.map(statementItem)))
        : null);
  }

  async function matchView(p, signal) {
    const q = p.get('match');
    const res = await api('/match', { q }, signal).catch((err) => {
      if (err.status === 404) return null;
      throw err;
    });
    if (!res) {
      document.title = 'No match · pressbox';
      return [h('h1', {}, 'No match'), h('p', { class: 'summary' }, `No match for “${q}”. `, nav('/?view=matches', {}, 'All matches'))];
    }
    const m = res.match;
    const s = m.summary;
    document.title = `${teamsLabel(s)} · pressbox`;
    const disagreements = m.facts.filter((f) => f.disagreement).length;
    const head = h('section', { class: 'match-head' },
      h('h1', {}, s.teams[0].name, ' ', h('span', { class: 'score' }, scoreLabel(s)), ' ', s.teams[1].name),
      h('p', { class: 'meta' }, s.date ? [s.date, ' · '] : null, plural(s.articles.length, 'article'), ' from ',
        s.outlets.length ? s.outlets.join(', ') : 'unknown outlets', ' · ', h('span', { class: 'muted' }, s.id)),
      h('p', { class: 'summary' }, `${plural(m.facts.length, 'fact')}`,
        disagreements ? [' · ', h('span', { class: 'flag disagree' }, `${plural(disagreements, 'disagreement')}`)] : ' · the outlets agree'));
    const timeline = h('section', { 'aria-label': 'Timeline' }, h('h2', {}, 'Timeline'),
      m.facts.length ? h('ol', { class: 'timeline' }, m.facts.map(factItem)) : h('p', { class: 'hint' }, 'No facts.'));
    const quotes = h('section', { 'aria-label': 'Quotes by speaker' }, h('h2', {}, 'Quotes by speaker'),
      m.quotes.length
        ? h('ul', { class: 'speakers' }, m.quotes.map((sq) => h('li', { class: 'speaker' },
          h('strong', {}, sq.speaker), ` · ${plural(sq.quotes.length, 'quote')}`,
          h('ul', {}, sq.quotes.map((qu) => h('li', {}, outletTag(qu.outlet), ' ',
            h('span', { class: 'wording-text' }, `“${qu.text}”`), ' ',
            nav(urlFor({ quote: qu.text }), { class: 'trace' }, 'trace'), ' · ',
            nav(articleHref(qu.article), { class: 'art' }, 'article')))))))
        : h('p', { class: 'hint' }, 'No attributed quotes.'));
    return [head, timeline, quotes];
  }

  async function matchesView(signal) {
    const res = await api('/matches', { limit: MAX_LIMIT }, signal);
    document.title = 'Matches · pressbox';
    const list = res.matches;
    return [h('h1', {}, 'Matches'),
      h('p', { class: 'summary' }, list.length ? `${plural(list.length, 'match', 'matches')}, most articles first` : 'No matches: no article states the facts of a match.'),
      list.length ? h('ol', { class: 'matches' }, list.map((m) => h('li', { class: 'match' },
        nav(urlFor({ match: m.id }), { class: 'match-link' }, teamsLabel(m), ' ', h('span', { class: 'score' }, scoreLabel(m))),
        h('span', { class: 'muted' }, m.date ? ` · ${m.date}` : '', ` · ${plural(m.articles.length, 'article')} · `,
          m.outlets.length ? m.outlets.join(', ') : 'unknown outlets')))) : null];
  }

  async function homeView(signal) {
    // The entity list is a nicety: on a large index it may be slow, and the page does without.
    const optional = (err) => {
      if (err.name === 'AbortError') throw err;
      return { entities: [] };
    };
    const [stats, top] = await Promise.all([
      api('/stats', null, signal),
      api('/entities', { limit: 16 }, signal).catch(optional),
    ]);
    const ents = top.entities;
    showStats(stats);
    document.title = 'pressbox';
    const examples = ['Kane penalty', '"long run"', 'Lloris OR Upamecano', 'Tchoumeni'];
    return [
      h('section', { class: 'intro' },
        h('h1', {}, 'Who reported what, and where'),
        h('p', {}, `Search ${plural(stats.articles, 'article')} from ${plural(stats.outlets.filter((o) => o.outlet).length, 'outlet')} by passage, `,
          'or paste a quote to see which outlets carried it and how each worded it.'),
        h('p', { class: 'examples' }, 'Try: ', examples.map((x, i) => [i ? ', ' : '', nav(urlFor({ q: x }), {}, x)]))),
      ents.length ? h('section', {}, h('h2', {}, 'Most covered'), h('div', { class: 'chips' },
        ents.map((e) => kindChip(e.name, e.kind, urlFor({ q: entityQuery(e.name) }), h('span', { class: 'n' }, String(e.articles)))))) : null,
      h('p', { class: 'hint' }, 'Quotes carried by several outlets are listed under ', nav('/?view=quotes', {}, 'Quotes'),
        ', most widely carried first.'),
      h('p', { class: 'hint' }, 'Each match, assembled from every outlet with the facts they disagree on, is under ',
        nav('/?view=matches', {}, 'Matches'), '.'),
    ];
  }

  render();
})();
