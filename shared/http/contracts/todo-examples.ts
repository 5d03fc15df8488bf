/** Example bodies of the to-do operations (OpenAPI; a unit test validates each against its schema). */
const AT = '2030-03-04T10:00:00.000Z';
export const todoExample = {
  id: '01J9TOD0000000000000000000', kind: 'todo', title: 'Send the revised quote', state: 'open', overdue: false, due: '2030-03-06T22:59:59.999Z',
  dueDate: '2030-03-06', start: null, end: null, timeZone: 'Europe/Berlin', assigneeId: 'staff-2', threadId: '4b1d9e7c2a8f6e3d0c5b4a3928171605',
  messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', contactIds: ['01J9CON0000000000000000000'], companyIds: ['01J9COM0000000000000000000'],
  notes: 'They want 50 units at the old price', doneAt: null, createdBy: 'staff-1', createdAt: AT, updatedAt: AT, version: 1,
};
export const createTodoExample = { title: 'Send the revised quote', due: '2030-03-06', timeZone: 'Europe/Berlin', assigneeId: 'staff-2', notes: 'They want 50 units at the old price' };
export const createAppointmentExample = { kind: 'appointment', title: 'Site visit', start: '2030-03-10T14:00', end: '2030-03-10T15:30', timeZone: 'Europe/Berlin' };
export const patchTodoExample = { done: true };
export const todoCountsExample = { assigneeId: 'staff-2', open: 7, overdue: 2, asOf: AT };
