import { z } from 'zod';
import { contract } from '../contract.js';
import { staffExample, staffMemberView } from './settings-views.js';

export const listStaffOp = contract({
  operationId: 'listStaff', method: 'GET', path: '/staff', fn: 'settings-api', tag: 'settings',
  summary: 'Staff seen in this Space (admin)', role: 'admin',
  description: 'Everyone who called the API in this Space, with the role of their last call (refreshed at most hourly). One page: `nextCursor` is always null.',
  responses: { 200: { description: 'The staff', body: z.object({ items: z.array(staffMemberView), nextCursor: z.null() }), example: staffExample } },
});

export const staff = [listStaffOp];
