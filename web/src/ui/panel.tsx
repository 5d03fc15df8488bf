import { useEffect, useRef, type ReactNode } from 'react';

/** A slide-in side panel: a labelled dialog that takes focus and closes on Escape. */
export function Panel({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    addEventListener('keydown', onKey);
    return () => { removeEventListener('keydown', onKey); before?.focus(); };
  }, [onClose]);
  return (
    <div className="backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <section ref={ref} className={wide ? 'panel wide' : 'panel'} role="dialog" aria-modal="true" aria-label={title} tabIndex={-1}>
        <header className="panel-head">
          <h2>{title}</h2>
          <button type="button" className="icon" onClick={onClose} aria-label="Close">×</button>
        </header>
        <div className="panel-body">{children}</div>
      </section>
    </div>
  );
}
