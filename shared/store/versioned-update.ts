import type { Key } from './keys.js';
import type { TxAction } from './transact.js';

/**
 * An Update action that writes every attribute of `item` except the keys and `skip`, removes the
 * `clearable` ones that are undefined, and only applies while the stored version is `expected`.
 */
export function versionedUpdate(key: Key, item: Record<string, unknown>, expected: number, clearable: readonly string[], skip: readonly string[] = []): TxAction {
  const names = Object.keys(item).filter((k) => k !== 'pk' && k !== 'sk' && !skip.includes(k) && item[k] !== undefined);
  const cleared = clearable.filter((k) => item[k] === undefined);
  return {
    Update: {
      TableName: '', Key: key,
      UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}${cleared.length ? ` REMOVE ${cleared.map((_, i) => `#r${i}`).join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeNames: {
        '#version': 'version',
        ...Object.fromEntries(names.map((k, i) => [`#f${i}`, k])),
        ...Object.fromEntries(cleared.map((k, i) => [`#r${i}`, k])),
      },
      ExpressionAttributeValues: { ':expected': expected, ...Object.fromEntries(names.map((k, i) => [`:f${i}`, item[k]])) },
    },
  };
}
