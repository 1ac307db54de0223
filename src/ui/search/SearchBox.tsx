import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LiveKeys, mergeHits, searchLive, type RankedHit } from '../../domain/search/search.index.ts';
import type { SearchKind } from '../../domain/search/search.types.ts';
import { areaName, tOr, type MessageKey } from '../../i18n/i18n.ts';
import { useLiveRuntime } from '../live/live-hooks.ts';
import { useDispatch, useSelect, useT, useWall } from '../wall-context.ts';
import { createSearchClient, type SearchClient, type SearchIndexStatus } from './search-client.ts';
import { linkedUrl, planGo } from './search-go.ts';
import { liveDocs, livePosition, scopeStreet } from './live-docs.ts';
import './search.css';

// The officer console's one search box (issue 14): `/` or Ctrl+K opens it; results as you type,
// grouped by kind; arrows choose, Enter goes (the first result unless another is chosen), Esc
// closes. Static things are searched in a worker, people and incidents in the live state, within
// the token's street when it has one.

const PER_KIND = 5;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
}

/** Groups in the order of their best hit, so the first row shown is the one Enter takes. */
function groupByKind(hits: RankedHit[]): [SearchKind, RankedHit[]][] {
  const groups = new Map<SearchKind, RankedHit[]>();
  for (const h of hits) {
    const g = groups.get(h.doc.kind);
    if (g) g.push(h);
    else groups.set(h.doc.kind, [h]);
  }
  return [...groups];
}

/** The hits in the order the rows are shown: what the arrow keys walk and Enter takes. */
function inShownOrder(hits: RankedHit[]): RankedHit[] {
  return groupByKind(hits).flatMap(([, list]) => list);
}

export function SearchBox() {
  const t = useT();
  const lang = useWall((s) => s.lang);
  const index = useWall((s) => s.index);
  const dispatch = useDispatch();
  const select = useSelect();
  const rt = useLiveRuntime();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<RankedHit[]>([]);
  const [active, setActive] = useState(0);
  // the text the shown hits answer, and an Enter pressed before the hits of the current text came:
  // a fast typist's Enter must go where the whole text points, not to a hit of a few letters ago
  const hitsFor = useRef('');
  const [pendingGo, setPendingGo] = useState(false);
  const [status, setStatus] = useState<SearchIndexStatus>({ state: 'indexing' });
  const client = useRef<SearchClient | null>(null);
  const liveKeys = useMemo(() => new LiveKeys(), []);
  const input = useRef<HTMLInputElement>(null);
  const street = scopeStreet(rt?.client.claims.scope ?? null);

  useEffect(() => {
    const c = createSearchClient();
    client.current = c;
    setStatus(c.status);
    const off = c.onStatus(setStatus);
    return () => {
      off();
      c.close();
      client.current = null;
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ctrlK = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k';
      if (!ctrlK && (e.key !== '/' || isTyping(e.target))) return;
      e.preventDefault();
      setOpen(true);
      requestAnimationFrame(() => input.current?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const run = useCallback(
    async (text: string) => {
      const live = rt
        ? searchLive(liveDocs(rt, t), liveKeys, text, { scope: { streetId: street }, perKind: PER_KIND })
        : [];
      const fromWorker = client.current ? await client.current.query(text, street, PER_KIND) : [];
      if (fromWorker === null) return; // a newer keystroke is on its way
      hitsFor.current = text;
      setHits(mergeHits(PER_KIND, fromWorker, live));
      setActive(0);
    },
    [rt, t, liveKeys, street],
  );

  useEffect(() => {
    if (!open) return;
    if (!q.trim()) {
      hitsFor.current = q;
      setHits([]);
      return;
    }
    void run(q);
  }, [q, open, run, status.state]);

  const close = () => {
    setOpen(false);
    setQ('');
    setHits([]);
    setPendingGo(false);
  };
  const go = (hit: RankedHit | undefined) => {
    if (!hit) return;
    const plan = planGo(hit.doc, livePosition(rt, hit.doc));
    for (const a of plan.actions) dispatch(a);
    select(plan.select);
    window.history.replaceState(null, '', linkedUrl(window.location.href, plan.link));
    close();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation(); // the wall's own Esc (back up one level) must not fire as well
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = hits.length;
      if (n) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (hitsFor.current === q) go(inShownOrder(hits)[active]);
      else setPendingGo(true);
    }
  };
  useEffect(() => {
    if (!pendingGo || hitsFor.current !== q) return;
    setPendingGo(false);
    go(inShownOrder(hits)[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingGo, hits, q]);

  if (!open) {
    return (
      <button
        type="button"
        className="search-open"
        data-testid="search-open"
        onClick={() => setOpen(true)}
        title={t('search.hint')}
      >
        ⌕ {t('search.open')}
      </button>
    );
  }
  const groups = groupByKind(hits);
  const order = inShownOrder(hits);
  const streetUnit = street && index ? index.byId.get(street) : null;
  return (
    <div className="search-box" data-testid="search-box" role="dialog" aria-label={t('search.open')}>
      <input
        ref={input}
        autoFocus
        className="search-input"
        data-testid="search-input"
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="search-results"
        aria-activedescendant={hits.length ? `search-hit-${active}` : undefined}
        placeholder={t('search.placeholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          if (!e.relatedTarget)
            setTimeout(() => input.current && document.activeElement !== input.current && close(), 200);
        }}
      />
      <div className="search-meta">
        {status.state === 'indexing' && <span data-testid="search-indexing">{t('search.indexing')}</span>}
        {status.state === 'error' && (
          <span className="search-error">{t('search.failed', { error: status.message })}</span>
        )}
        {street && (
          <span data-testid="search-scope">
            {t('search.scoped', { street: streetUnit ? areaName(lang, streetUnit) : street })}
          </span>
        )}
        <span className="search-hint">{t('search.hint')}</span>
      </div>
      <ul id="search-results" className="search-results" role="listbox" data-testid="search-results">
        {q.trim() && hits.length === 0 && status.state !== 'indexing' && (
          <li className="search-empty">{t('search.empty')}</li>
        )}
        {groups.map(([kind, list]) => (
          <li key={kind} className="search-group" role="presentation">
            <div className="search-group-title">{t(`search.kind.${kind}` as MessageKey)}</div>
            <ul role="presentation">
              {list.map((h) => {
                const i = order.indexOf(h);
                const sub =
                  h.doc.kind === 'place'
                    ? tOr(t, `places.kind.${(h.doc.tag ?? '').split(':')[0]}`, '')
                    : (h.doc.extra ?? [])[0];
                return (
                  <li
                    key={`${h.doc.kind}:${h.doc.id}`}
                    id={`search-hit-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? 'search-hit active' : 'search-hit'}
                    data-testid="search-result"
                    data-kind={h.doc.kind}
                    data-id={h.doc.id}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => go(h)}
                  >
                    <span className="search-hit-name">{h.doc.name}</span>
                    <span className="search-hit-id">{h.doc.id}</span>
                    {sub && <span className="search-hit-sub">{sub}</span>}
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
