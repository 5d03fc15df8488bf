import { useState } from 'react';
import { Link, navigate, useLocation } from '../../router';
import { ContactForm } from './ContactForm';
import { CompanyForm } from './CompanyForm';
import { ContactGrid } from './ContactGrid';
import { CompanyGrid } from './CompanyGrid';

/** People: contacts and companies, searched as you type and filtered; state lives in the URL. */
export function PeopleScreen({ admin }: { admin: boolean }) {
  const { query } = useLocation();
  const tab = query.get('tab') === 'companies' ? 'companies' : 'contacts';
  const [creating, setCreating] = useState(false);
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(location.search);
    if (value) next.set(key, value); else next.delete(key);
    navigate(`/people?${next.toString()}`, { replace: true });
  };
  return (
    <section aria-labelledby="people-title">
      <div className="toolbar">
        <h1 id="people-title">People</h1>
        <div role="tablist" aria-label="Kind" className="tabs">
          <Link to="/people" role="tab" aria-selected={tab === 'contacts'}>Contacts</Link>
          <Link to="/people?tab=companies" role="tab" aria-selected={tab === 'companies'}>Companies</Link>
        </div>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New {tab === 'contacts' ? 'contact' : 'company'}
        </button>
      </div>
      {tab === 'contacts' ? <ContactGrid query={query} setParam={setParam} /> : <CompanyGrid query={query} setParam={setParam} />}
      {creating && tab === 'contacts' && (
        <ContactForm admin={admin} onClose={() => setCreating(false)} onSaved={(c) => { setCreating(false); navigate(`/contacts/${c.id}`); }} />
      )}
      {creating && tab === 'companies' && (
        <CompanyForm admin={admin} onClose={() => setCreating(false)} onSaved={(c) => { setCreating(false); navigate(`/companies/${c.id}`); }} />
      )}
    </section>
  );
}
