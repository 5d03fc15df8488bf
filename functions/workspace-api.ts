import { httpHandler } from '../shared/http/http-handler.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { activityRoutes } from '../shared/http/routes/activity-routes.js';
import { commentRoutes } from '../shared/http/routes/comment-routes.js';
import { customerStatRoutes } from '../shared/http/routes/customer-stat-routes.js';
import { mergeRequestRoutes } from '../shared/http/routes/merge-request-routes.js';
import { opportunityRoutes } from '../shared/http/routes/opportunity-routes.js';
import { todoRoutes } from '../shared/http/routes/todo-routes.js';

/** The customer workspace: logged activities, to-dos, opportunities, comments, calendar feed, merge requests, stat cards. */
export const handler = httpHandler(...recordingStaff(
  ...activityRoutes, ...opportunityRoutes, ...commentRoutes, ...mergeRequestRoutes, ...customerStatRoutes, ...todoRoutes,
));
