import { contract } from '../contract.js';

export const listStaffOp = contract({
  operationId: 'listStaff', method: 'GET', path: '/staff', fn: 'settings-api', tag: 'settings',
  summary: 'Staff seen in this Space (admin)', role: 'admin',
});

export const staff = [listStaffOp];
