import { CatalogSection } from './CatalogSection';
import { MailRulesSection } from './MailRulesSection';
import { StaffSection } from './StaffSection';

/** Settings: the catalog, the Space's mail rules and its staff. */
export function SettingsScreen() {
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">Settings</h1>
      <CatalogSection />
      <MailRulesSection />
      <StaffSection />
    </section>
  );
}
