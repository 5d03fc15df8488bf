import { httpHandler } from '../shared/http/http-handler.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { assistantSettingsRoutes } from '../shared/http/routes/assistant-settings-routes.js';
import { customFieldRoutes } from '../shared/http/routes/custom-field-routes.js';
import { mailRulesReapplyRoutes } from '../shared/http/routes/mail-rules-reapply-routes.js';
import { settingsRoutes } from '../shared/http/routes/settings-routes.js';
import { smsSettingsRoutes } from '../shared/http/routes/sms-routes.js';

/** Settings (admin): audit trail, staff, mail rules, custom fields, the assistant, SMS. */
export const handler = httpHandler(...recordingStaff(...settingsRoutes, ...mailRulesReapplyRoutes, ...customFieldRoutes, ...assistantSettingsRoutes, ...smsSettingsRoutes));
