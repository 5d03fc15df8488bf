import * as z from 'zod';
import { contract } from '../contract.js';
import { pageFields, pageOf } from './common.js';
import { staffExample, staffMemberView } from './settings-views.js';

export const listStaffOp = contract({
  operationId: 'listStaff', method: 'GET', path: '/staff', fn: 'settings-api', tag: 'settings',
  summary: 'Staff seen in this Space (admin)', role: 'admin', query: z.strictObject(pageFields),
  description: 'Everyone who called the API in this Space, by user id, with the role of their last call (refreshed at most hourly).',
  responses: { 200: { description: 'One page of staff', body: pageOf(staffMemberView), example: staffExample } },
});

export const staff = [listStaffOp];
