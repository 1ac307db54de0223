import { useEffect, useState } from 'react';
import { useDispatch, useT, useWall } from './wall-context.ts';
import { areaName, dateLocale, type Lang } from '../i18n/i18n.ts';

function Clock({ lang }: { lang: Lang }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const locale = dateLocale(lang);
  return (
    <div className="clock" data-testid="clock">
      <span className="clock-time">{now.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}</span>
      <span className="clock-date">
        {now.toLocaleDateString(locale, { month: 'long', day: 'numeric', weekday: 'short' })}
      </span>
    </div>
  );
}

export function TopBar() {
  const t = useT();
  const lang = useWall((s) => s.lang);
  const summary = useWall((s) => s.summary);
  const dispatch = useDispatch();
  const toggle = () => {
    const next = lang === 'en' ? 'zh-CN' : 'en';
    dispatch({ type: 'lang/set', lang: next });
    // Keep the choice in the address so a reload (or a copied link) shows the same language.
    const url = new URL(window.location.href);
    if (next === 'en') url.searchParams.set('lang', 'en');
    else url.searchParams.delete('lang');
    window.history.replaceState(null, '', url);
  };
  return (
    <header className="top-bar" data-testid="top-bar">
      <div className="title-block">
        <h1 className="title">
          {summary ? <span className="district-name">{areaName(lang, summary)}</span> : null}
          {t('app.title')}
        </h1>
        <div className="subtitle">{t('app.subtitle')}</div>
      </div>
      <Clock lang={lang} />
      <button
        type="button"
        className="lang-toggle"
        data-testid="lang-toggle"
        title={t('app.langToggleTitle')}
        onClick={toggle}
      >
        {t('app.langToggle')}
      </button>
    </header>
  );
}
