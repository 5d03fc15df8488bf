import { once } from '../../config/config.js';
import { systemRuntime } from '../../domain/audit/system-runtime.js';
import { BUILT_IN_FIELDS } from '../../domain/contacts/custom-fields.js';
import { createField, loadField, patchField, setFieldArchived, type DefineFieldDeps } from '../../domain/custom-fields/define-field.js';
import { toFieldView, type FieldDefinition } from '../../domain/custom-fields/field-definition.js';
import {
  archiveFieldOp, createFieldOp, getFieldOp, listFieldsOp, patchFieldOp, restoreFieldOp,
} from '../contracts/custom-fields.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, readCursor, writeCursor } from '../page-cursor.js';
import { createFieldDefinitionStore } from '../../store/field-definition-store.js';

const deps = once((): DefineFieldDeps => ({ definitions: createFieldDefinitionStore(), rt: systemRuntime }));
const actorOf = (r: { auth: { spaceId: string; userId: string }; requestId: string }) => ({ spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId });
const reply = (d: FieldDefinition, status = 200) => ({ status, body: toFieldView(d), headers: { etag: etagOf(d.version) } });

/** The custom-field settings operations (served by settings-api). */
export const customFieldRoutes: Operation[] = [
  implement(listFieldsOp, async (r) => {
    const status = r.query.status ?? 'active';
    const own = (await deps().definitions.listDefinitions(r.auth.spaceId, r.query.entity))
      .filter((d) => status === 'all' || d.status === status)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
    // The list is small and bounded (FIELD_LIMITS); a page is a slice after the last id handed out.
    const builtIns = BUILT_IN_FIELDS.map((f) => ({ ...f, entity: r.query.entity }));
    const all = [...(status === 'archived' ? [] : builtIns), ...own.map(toFieldView)];
    const after = r.query.cursor ? String((await readCursor(listFieldsOp, r))?.after ?? '') : undefined;
    const start = after === undefined ? 0 : all.findIndex((f) => f.id === after) + 1;
    const limit = pageLimit(r.query.limit);
    const items = all.slice(start, start + limit);
    const last = start + limit < all.length ? items[items.length - 1] : undefined;
    return { body: { items, nextCursor: (await writeCursor(listFieldsOp, r, last ? { after: last.id } : undefined)) ?? null } };
  }),
  implement(createFieldOp, async (r) => reply(await createField(deps(), actorOf(r), r.body), 201)),
  implement(getFieldOp, async (r) => reply(await loadField(deps(), r.auth.spaceId, r.params.id))),
  implement(patchFieldOp, async (r) => {
    const version = expectedVersion(r.headers);
    return reply(await patchField(deps(), actorOf(r), r.params.id, version, r.body));
  }),
  implement(archiveFieldOp, async (r) => reply(await setFieldArchived(deps(), actorOf(r), r.params.id, true))),
  implement(restoreFieldOp, async (r) => reply(await setFieldArchived(deps(), actorOf(r), r.params.id, false))),
];
