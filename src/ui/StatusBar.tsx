import { useT, useWall } from './wall-context.ts';

/** Loading and data errors, plus the interaction hint; quiet once the wall is up. */
export function StatusBar() {
  const t = useT();
  const status = useWall((s) => s.status);
  const errors = useWall((s) => s.errors);
  const last = errors[errors.length - 1];
  return (
    <footer className="status-bar" data-testid="status-bar" data-status={status}>
      {status === 'loading' ? <span className="status-loading">{t('app.loading')}</span> : null}
      {status === 'error' ? <span className="status-error">{t('app.dataError', { error: last ?? '' })}</span> : null}
      {status === 'ready' ? <span className="status-hint">{t('app.hint')}</span> : null}
    </footer>
  );
}
